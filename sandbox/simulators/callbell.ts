/**
 * Callbell simulator (base URL like `https://api.callbell.eu/v1`, so `sim.url` ends in `/v1`).
 *
 *  PUT    /users/:uuid/status   JSON `{available?: boolean, custom_status_uuid?: string|null}` (at least one)
 *  DELETE /users/:uuid/status   unassigns the custom status
 *  GET/POST /custom_statuses, GET/PUT/DELETE /custom_statuses/:id   see callbell-custom-statuses.ts
 *  GET    /auth/me              `{user:{email,name}}`
 *
 * Auth `Authorization: Bearer <token>`; 300 requests/second per token. Status answers
 * `{user_status:{custom_status:{id,name,last_updated_at}|null, appearance:{available,last_updated_at}}}`.
 * Callbell's error body is not documented; this simulator answers `{error:{status, message}}`.
 * Order for the status endpoints: auth → rate limit → unknown user 404 → body 400 → unknown custom status 404.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import {
	type AuthOutcome,
	type CommonOptions,
	type ErrorFormat,
	HttpError,
	type Route,
	SimServer,
	bearerToken,
	isPlainObject,
	parseWith,
} from './base';
import { customStatusRoutes } from './callbell-custom-statuses';

export type { CallbellCustomStatus, CallbellCustomStatusSeed, CallbellState, CallbellUserSeed, CallbellUserState } from './callbell-state';
import type { CallbellCustomStatusSeed, CallbellState, CallbellUserSeed, CallbellUserState } from './callbell-state';


export interface CallbellOptions extends CommonOptions {
	/** accepted Bearer tokens */
	tokens?: string[];
	/** who `GET /auth/me` says the token belongs to */
	account?: { email: string; name: string };
	users?: CallbellUserSeed[];
	customStatuses?: CallbellCustomStatusSeed[];
	/** default '/v1' */
	basePath?: string;
}

/** Callbell's documented limit: 300 requests per second. */
export const CALLBELL_RATE_LIMIT = { limit: 300, windowMs: 1_000 } as const;

const callbellError: ErrorFormat = (status, message) => ({ error: { status, message } });

const StatusBody = z
	.object({
		available: z.boolean({ invalid_type_error: 'available must be a boolean' }).optional(),
		custom_status_uuid: z
			.string({ invalid_type_error: 'custom_status_uuid must be a string or null' })
			.min(1, { message: 'custom_status_uuid must not be empty' })
			.nullable()
			.optional(),
	})
	.strict()
	.refine((b) => b.available !== undefined || b.custom_status_uuid !== undefined, {
		message: 'at least one of available, custom_status_uuid is required',
	});

const SEED_TIME = '2024-01-01T00:00:00.000Z';

export class CallbellSim extends SimServer<string, CallbellState> {
	constructor(opts: CallbellOptions = {}) {
		const tokens = new Set(opts.tokens ?? []);
		const account = opts.account ?? { email: 'owner@example.com', name: 'Account Owner' };
		const userSeeds = (opts.users ?? []).map((u) => ({ ...u }));
		const statusSeeds = (opts.customStatuses ?? []).map((s) => ({ ...s }));
		const initialState = (): CallbellState => ({
			users: new Map(
				userSeeds.map((u) => [u.uuid, { ...u, availableUpdatedAt: SEED_TIME, customStatusUpdatedAt: SEED_TIME }]),
			),
			customStatuses: new Map(statusSeeds.map((s) => [s.id, { ...s, createdAt: SEED_TIME, updatedAt: SEED_TIME }])),
		});

		const auth = (h: IncomingHttpHeaders): AuthOutcome<string> => {
			const token = bearerToken(h);
			if (!token) return { ok: false, message: 'Missing Authorization: Bearer token' };
			if (!tokens.has(token)) return { ok: false, message: 'Invalid API token' };
			return { ok: true, principal: token, rateKey: token };
		};

		const userStatus = (state: CallbellState, user: CallbellUserState) => {
			const cs = user.customStatusId ? state.customStatuses.get(user.customStatusId) : undefined;
			return {
				user_status: {
					custom_status: cs ? { id: cs.id, name: cs.name, last_updated_at: user.customStatusUpdatedAt } : null,
					appearance: { available: user.available, last_updated_at: user.availableUpdatedAt },
				},
			};
		};
		const findUser = (state: CallbellState, uuid: string): CallbellUserState => {
			const user = state.users.get(uuid);
			if (!user) throw new HttpError(404, `User ${uuid} not found`);
			return user;
		};

		const routes: Array<Route<string, CallbellState>> = [
			{
				method: 'PUT',
				path: '/users/:uuid/status',
				body: 'json',
				auth,
				handle(ctx) {
					const user = findUser(ctx.state, ctx.params.uuid);
					if (!isPlainObject(ctx.body)) throw new HttpError(400, 'Body must be a JSON object');
					const input = parseWith(StatusBody, ctx.body);
					const csId = input.custom_status_uuid;
					if (typeof csId === 'string' && !ctx.state.customStatuses.has(csId)) {
						throw new HttpError(404, `Custom status ${csId} not found`);
					}
					const iso = new Date(ctx.now).toISOString();
					if (input.available !== undefined) {
						user.available = input.available;
						user.availableUpdatedAt = iso;
					}
					if (csId !== undefined) {
						user.customStatusId = csId;
						user.customStatusUpdatedAt = iso;
					}
					return { body: userStatus(ctx.state, user) };
				},
			},
			{
				method: 'DELETE',
				path: '/users/:uuid/status',
				body: 'none',
				auth,
				handle(ctx) {
					const user = findUser(ctx.state, ctx.params.uuid);
					user.customStatusId = null;
					user.customStatusUpdatedAt = new Date(ctx.now).toISOString();
					return { body: userStatus(ctx.state, user) };
				},
			},
			...customStatusRoutes(auth),
			{
				method: 'GET',
				path: '/auth/me',
				body: 'none',
				auth,
				handle() {
					return { body: { user: { email: account.email, name: account.name } } };
				},
			},
		];

		super(
			{
				name: 'callbell',
				basePath: opts.basePath ?? '/v1',
				defaultRateLimit: { ...CALLBELL_RATE_LIMIT },
				error: callbellError,
				initialState,
				routes,
			},
			opts,
		);
	}
}

export async function startCallbell(opts: CallbellOptions = {}): Promise<CallbellSim> {
	return new CallbellSim(opts).listen();
}
