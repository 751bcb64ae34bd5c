/**
 * Rocket.Chat REST simulator. `sim.url` is the site URL (no `/api/v1`).
 *
 *  GET  /api/v1/me                              health / who am I
 *  GET  /api/v1/custom-user-status.list         any valid user; ?offset ?count (0 = all) ?name (substring) ?_id
 *  POST /api/v1/custom-user-status.create       {name, statusType}              needs manage-user-status
 *  POST /api/v1/custom-user-status.update       {_id, name, statusType?}        needs manage-user-status
 *  POST /api/v1/custom-user-status.delete       {customUserStatusId}            needs manage-user-status
 *  POST /api/v1/livechat/agent.status          {status, agentId}               needs view-l-room (+ manage-livechat-agents
 *                                                                               for another agent), see rocketchat-omnichannel.ts
 *  POST|GET /api/apps…  app uploads, see rocketchat-apps.ts                    needs manage-apps
 *  ANY  /api/apps/private/:appId/:hash/:path, /api/apps/public/:appId/:path   the apps' own endpoints, no login
 *                                                                               (rocketchat-app-endpoints.ts)
 *
 * Auth: `X-User-Id` + `X-Auth-Token` (401 `{success:false,error:"unauthorized"}`); permission failures 403.
 * Bodies: JSON or application/x-www-form-urlencoded. Unknown body fields are rejected with 400 (stricter than
 * the real server, to catch contract drift in the app). Errors: `{success:false, error, errorType?}`.
 * Names: unique case-insensitively, none of `> < & " '`; statusType ∈ online|away|busy|offline.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { type AuthOutcome, type CommonOptions, type ErrorFormat, HttpError, type Route, SimServer, header, isPlainObject, parseWith, randomId } from './base';
import { appRoutes } from './rocketchat-apps';
import { type AppEndpointKnobs, type AppEndpointServer, appEndpointRoutes } from './rocketchat-app-endpoints';
import { type LivechatStatus, omnichannelRoutes, type OmnichannelKnobs, type RcPerson } from './rocketchat-omnichannel';
import { answerProblems, type RcCreateParams, type RcDeleteParams, type RcUpdateParams } from './rocketchat-contract';

import { RC_STATUS_TYPES, RC_UNAUTHORIZED_PERMISSION_ERROR, type RcCustomStatus, type RcCustomStatusSeed, type RcStatusType, type RcUserSeed, type RocketChatState } from './rocketchat-state';

export interface RocketChatOptions extends CommonOptions {
	users?: RcUserSeed[];
	statuses?: RcCustomStatusSeed[];
}

/** Rocket.Chat's error body; `report` hears where it breaks Rocket.Chat's published error shapes. */
const rcErrorFormat =
	(report: (problems: string[]) => void): ErrorFormat =>
	(status, message, details) => {
		const errorType = typeof details.errorType === 'string' ? details.errorType : undefined;
		const body = { success: false, error: message, ...(errorType ? { errorType } : {}) };
		report(answerProblems('error', 'answer', status, body));
		return body;
	};

const FORBIDDEN_NAME_CHARS = /[><&"']/;
const statusTypeSchema = z.string({ invalid_type_error: 'statusType must be a string' });

// Each body schema accepts only what rest-typings' params type allows (`satisfies`, checked by `npm run typecheck`).
const CreateBody = z.object({ name: z.string({ invalid_type_error: 'name must be a string' }), statusType: statusTypeSchema }).strict() satisfies z.ZodType<RcCreateParams>;
const UpdateBody = z
	.object({
		_id: z.string({ invalid_type_error: '_id must be a string' }).min(1),
		name: z.string({ invalid_type_error: 'name must be a string' }),
		statusType: statusTypeSchema.optional(),
	})
	.strict() satisfies z.ZodType<RcUpdateParams>;
const DeleteBody = z
	.object({ customUserStatusId: z.string({ required_error: 'The "customUserStatusId" params is required!' }).min(1, { message: 'The "customUserStatusId" params is required!' }) })
	.strict() satisfies z.ZodType<RcDeleteParams>;

function invalidField(message: string): HttpError {
	return new HttpError(400, `${message} [error-input-is-not-a-valid-field]`, { errorType: 'error-input-is-not-a-valid-field' });
}

function checkName(state: RocketChatState, name: string, selfId: string | null): string {
	const trimmed = name.trim();
	if (!trimmed) {
		throw new HttpError(400, 'The field Name is required [error-the-field-is-required]', {
			errorType: 'error-the-field-is-required',
		});
	}
	if (FORBIDDEN_NAME_CHARS.test(trimmed)) throw invalidField(`${trimmed} is not a valid name`);
	const lower = trimmed.toLowerCase();
	for (const s of state.statuses.values()) {
		if (s._id !== selfId && s.name.toLowerCase() === lower) {
			throw new HttpError(
				400,
				'A custom status with this name already exists [Custom_User_Status_Error_Name_Already_In_Use]',
				{ errorType: 'Custom_User_Status_Error_Name_Already_In_Use' },
			);
		}
	}
	return trimmed;
}

function checkStatusType(value: string): RcStatusType {
	const found = RC_STATUS_TYPES.find((t) => t === value);
	if (!found) throw invalidField(`${value} is not a valid status type`);
	return found;
}

export class RocketChatSim extends SimServer<RcUserSeed, RocketChatState> {
	constructor(opts: RocketChatOptions = {}) {
		const users = (opts.users ?? []).map((u) => ({ ...u, permissions: [...u.permissions] }));
		const knobs: OmnichannelKnobs = { businessHoursClosed: false };
		const appEndpoints: AppEndpointKnobs = {};
		const statusSeeds = (opts.statuses ?? []).map((s) => ({ ...s }));
		const seedIds = statusSeeds.map((s) => s._id ?? randomId());
		const initialState = (): RocketChatState => ({
			statuses: new Map(
				statusSeeds.map((s, i) => [
					seedIds[i],
					{ _id: seedIds[i], name: s.name, statusType: s.statusType, _updatedAt: '2024-01-01T00:00:00.000Z' },
				]),
			),
			apps: new Map(),
			uploads: [],
			livechat: new Map(),
		});

		const auth = (h: IncomingHttpHeaders): AuthOutcome<RcUserSeed> => {
			const userId = header(h, 'x-user-id');
			const token = header(h, 'x-auth-token');
			const user = users.find((u) => u._id === userId && u.authToken === token);
			if (!userId || !token || !user) return { ok: false, message: 'unauthorized' };
			return { ok: true, principal: user, rateKey: user._id };
		};
		const need =
			(permission: string) =>
			(u: RcUserSeed): string | null =>
				u.permissions.includes(permission) ? null : RC_UNAUTHORIZED_PERMISSION_ERROR;

		const v1 = (path: string) => `/api/v1/${path}`;
		const asObject = (body: unknown): Record<string, unknown> => {
			if (!isPlainObject(body)) throw new HttpError(400, 'Body must be an object');
			return body;
		};

		const routes: Array<Route<RcUserSeed, RocketChatState>> = [
			{
				method: 'GET',
				path: v1('me'),
				body: 'none',
				auth,
				handle: (ctx) => ({
					body: {
						_id: ctx.principal._id,
						username: ctx.principal.username,
						name: ctx.principal.name ?? ctx.principal.username,
						status: 'online',
						active: true,
						roles: ctx.principal.roles ?? [],
						avatarUrl: `/avatar/${ctx.principal.username}`,
						isOAuthUser: false,
						settings: { profile: {}, preferences: {}, calendar: {} },
						success: true,
					},
				}),
			},
			{
				method: 'GET',
				path: v1('custom-user-status.list'),
				body: 'none',
				auth,
				handle(ctx) {
					const num = (key: string, dflt: number): number => {
						const raw = ctx.query.get(key);
						if (raw === null) return dflt;
						const n = Number(raw);
						if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `${key} must be a non-negative integer`);
						return n;
					};
					const offset = num('offset', 0);
					const count = num('count', 50);
					const nameQ = ctx.query.get('name')?.toLowerCase();
					const idQ = ctx.query.get('_id');
					const all = [...ctx.state.statuses.values()]
						.filter((s) => (nameQ ? s.name.toLowerCase().includes(nameQ) : true))
						.filter((s) => (idQ ? s._id === idQ : true))
						.sort((a, b) => a.name.localeCompare(b.name));
					const page = count === 0 ? all.slice(offset) : all.slice(offset, offset + count);
					return {
						body: {
							statuses: page.map((s) => ({ _id: s._id, name: s.name, statusType: s.statusType, _updatedAt: s._updatedAt })),
							count: page.length,
							offset,
							total: all.length,
							success: true,
						},
					};
				},
			},
			{
				method: 'POST',
				path: v1('custom-user-status.create'),
				body: 'json-or-form',
				auth,
				authorize: need('manage-user-status'),
				handle(ctx) {
					const input = parseWith(CreateBody, asObject(ctx.body));
					const name = checkName(ctx.state, input.name, null);
					const statusType = checkStatusType(input.statusType);
					const status: RcCustomStatus = { _id: randomId(), name, statusType, _updatedAt: new Date(ctx.now).toISOString() };
					ctx.state.statuses.set(status._id, status);
					return { body: { customUserStatus: { ...status }, success: true } };
				},
			},
			{
				method: 'POST',
				path: v1('custom-user-status.update'),
				body: 'json-or-form',
				auth,
				authorize: need('manage-user-status'),
				handle(ctx) {
					const input = parseWith(UpdateBody, asObject(ctx.body));
					const current = ctx.state.statuses.get(input._id);
					if (!current) throw new HttpError(400, `No custom user status found with the id of "${input._id}".`);
					const name = checkName(ctx.state, input.name, current._id);
					const statusType = input.statusType === undefined ? current.statusType : checkStatusType(input.statusType);
					const next: RcCustomStatus = { _id: current._id, name, statusType, _updatedAt: new Date(ctx.now).toISOString() };
					ctx.state.statuses.set(next._id, next);
					return { body: { customUserStatus: { ...next }, success: true } };
				},
			},
			{
				method: 'POST',
				path: v1('custom-user-status.delete'),
				body: 'json-or-form',
				auth,
				authorize: need('manage-user-status'),
				handle(ctx) {
					const input = parseWith(DeleteBody, asObject(ctx.body));
					if (!ctx.state.statuses.delete(input.customUserStatusId)) {
						throw new HttpError(400, 'Invalid user status [Custom_User_Status_Error_Invalid_User_Status]', {
							errorType: 'Custom_User_Status_Error_Invalid_User_Status',
						});
					}
					return { body: { success: true } };
				},
			},
			...omnichannelRoutes(auth, need, users, knobs),
			...appRoutes(auth, need),
		];

		// Answers are checked against Rocket.Chat's published contracts (rocketchat-contract.ts): a success that
		// breaks one is answered 500 instead, so the app under test never sees a shape Rocket.Chat would not send.
		const problems: string[] = [];
		const report = (found: string[]) => problems.push(...found);
		const checked = routes.map(
			(route): Route<RcUserSeed, RocketChatState> => ({
				...route,
				handle: async (ctx) => {
					const reply = await route.handle(ctx);
					const found = answerProblems(route.method, ctx.path, reply.status ?? 200, reply.body);
					report(found);
					if (found.length) throw new Error(`answer breaks Rocket.Chat's published contract: ${found.join('; ')}`);
					return reply;
				},
			}),
		);
		// The apps' endpoints answer what the app says, not a REST contract of Rocket.Chat's: not checked.
		const all = [...checked, ...appEndpointRoutes(appEndpoints)];
		super({ name: 'rocketchat', basePath: '', defaultRateLimit: null, error: rcErrorFormat(report), initialState, routes: all }, opts);
		this.appEndpoints = appEndpoints;
		this.contractProblems = problems;
		this.callers = users;
		this.seededPermissions = new Map(users.map((u) => [u._id, [...u.permissions]]));
		this.omnichannel = knobs;
	}

	/** Also gives every caller back its seeded permissions and opens business hours (the directory stays: it is wiring). */
	public override resetAll(): void {
		super.resetAll();
		for (const caller of this.callers) caller.permissions = [...(this.seededPermissions.get(caller._id) ?? [])];
		this.omnichannel.businessHoursClosed = false;
	}

	private readonly seededPermissions: Map<string, string[]>;

	private readonly callers: RcUserSeed[];
	/** Omnichannel knobs: `directory` (who else exists), `businessHoursClosed`. */
	public readonly omnichannel: OmnichannelKnobs;

	/** Lets the Omnichannel routes know the users the sandbox host has (one server, two views of it). */
	public useDirectory(directory: (id: string) => RcPerson | undefined): void {
		this.omnichannel.directory = directory;
	}

	private readonly appEndpoints: AppEndpointKnobs;

	/** Serves the apps' endpoints (`/api/apps/private|public/…`) with the engine that runs them (one server, two views of it). */
	public useAppEndpoints(serve: AppEndpointServer | undefined): void {
		this.appEndpoints.serve = serve;
	}

	/** Replaces what a credentialed caller may do (e.g. an admin without manage-livechat-agents). */
	public setPermissions(userId: string, permissions: string[]): void {
		const caller = this.callers.find((u) => u._id === userId);
		if (!caller) throw new Error(`no Rocket.Chat simulator user ${userId}`);
		caller.permissions = [...permissions];
	}

	/** An agent's simulated Omnichannel availability (`not-available` until set, as the route reads it). */
	public livechatStatus(agentId: string): LivechatStatus {
		return this.state.livechat.get(agentId) ?? 'not-available';
	}

	/** Where the simulator's answers broke Rocket.Chat's published REST contracts (tests expect none). */
	public readonly contractProblems: string[];
}

export async function startRocketChat(opts: RocketChatOptions = {}): Promise<RocketChatSim> {
	return new RocketChatSim(opts).listen();
}
