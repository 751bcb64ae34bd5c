import * as z from '../zod';
import { fail, ok, type VendorFailure, type VendorResult } from './errors';
import type { VendorHttp, Written } from './http';
import { type AnswerLimit, LIST_LIMITS, limitText } from './limits';
import { requireBaseUrl, requireSetting } from './required-settings';

/**
 * Rocket.Chat's own REST API on `Site_Url`, as an admin (`X-User-Id` + personal access token in
 * `X-Auth-Token`): custom user status presets and Omnichannel agent availability, which no accessor
 * reads or writes.
 */

export const RocketChatSetting = {
	siteUrl: 'Site_Url',
	userId: 'rocketchat_admin_user_id',
	token: 'rocketchat_admin_token',
} as const;

export interface RocketChatRestConfig {
	siteUrl: string;
	userId: string;
	token: string;
}

/** Rocket.Chat presences (`offline` shows as invisible). */
export const PRESENCES = ['online', 'away', 'busy', 'offline'] as const;
export type Presence = (typeof PRESENCES)[number];
export const isPresence = (value: unknown): value is Presence => typeof value === 'string' && (PRESENCES as ReadonlyArray<string>).includes(value);

/** An Omnichannel agent's availability (`livechat/agent.status`); the one list, types and schemas derive from it. */
export const OMNICHANNEL_STATUSES = ['available', 'not-available'] as const;
export type OmnichannelStatus = (typeof OMNICHANNEL_STATUSES)[number];

export interface CustomUserStatus {
	_id: string;
	name: string;
	statusType: Presence;
}

export interface RocketChatMe {
	_id: string;
	username?: string;
	roles?: string[];
}

/**
 * Longest status text Rocket.Chat shows, and longest custom status name it accepts (a preset's name
 * becomes the status text), in characters. The one home of this limit: the `/st` parser, the form,
 * the bot endpoint and the Callbell webhook all use it.
 */
export const STATUS_TEXT_MAX = 120;
/** A status text's length as that limit counts it: characters, not UTF-16 units (`😀` is one). */
export const statusTextLength = (s: string): number => Array.from(s).length;
const FORBIDDEN_NAME_CHARS = /[><&"']/;

export type StatusNameCheck = { ok: true } | { ok: false; reason: 'empty' | 'forbidden_chars' | 'too_long' };

/** Rocket.Chat's rule for a custom status name: not blank, none of `> < & " '`, at most STATUS_TEXT_MAX characters. */
export function checkStatusName(name: string): StatusNameCheck {
	const text = typeof name === 'string' ? name.trim() : '';
	if (!text) return { ok: false, reason: 'empty' };
	if (FORBIDDEN_NAME_CHARS.test(text)) return { ok: false, reason: 'forbidden_chars' };
	if (statusTextLength(text) > STATUS_TEXT_MAX) return { ok: false, reason: 'too_long' };
	return { ok: true };
}

const statusSchema = z.looseObject({ _id: z.string().check(z.maxLength(LIST_LIMITS.idLength)), name: z.string().check(z.maxLength(LIST_LIMITS.nameLength)), statusType: z.string().check(z.maxLength(LIST_LIMITS.idLength)) });
// Every field bounded (limits.ts): an answer over a limit is refused whole, naming it.
const listSchema = z.looseObject({
	statuses: z.array(statusSchema).check(z.maxLength(LIST_LIMITS.pageItems)),
	total: z.optional(z.number()),
});
const oneSchema = z.looseObject({ customUserStatus: statusSchema });
const agentStatusSchema = z.looseObject({ status: z.string() });
const meSchema = z.looseObject({ _id: z.string(), username: z.optional(z.string()), roles: z.optional(z.array(z.string())) });

/** Page size when listing, and a bound on pages so a server that misreports `total` cannot loop us. */
const PAGE_SIZE = 100;

export class RocketChatRestClient {
	constructor(
		private readonly http: VendorHttp,
		private readonly config: RocketChatRestConfig,
	) {}

	/** `GET /api/v1/me`: validates the admin credentials. */
	async me(): Promise<VendorResult<RocketChatMe>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.request({ ...this.spec(ready.value, 'GET', 'me'), schema: meSchema });
		if (!result.ok) return result;
		const { _id, username, roles } = result.value.data;
		const me: RocketChatMe = { _id };
		if (username !== undefined) me.username = username;
		if (roles !== undefined) me.roles = roles;
		return ok(me, result.status);
	}

	/**
	 * `GET /api/v1/custom-user-status.list`, paged with `offset`/`count` until `total`, every page within
	 * one HTTP timeout, at most `LIST_LIMITS.totalItems` presets: more is refused, never cut.
	 * Entries whose `statusType` is not one of `PRESENCES` are left out.
	 */
	async listCustomStatuses(): Promise<VendorResult<CustomUserStatus[]>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const all: CustomUserStatus[] = [];
		const deadline = this.http.deadline();
		let offset = 0;
		let status = 200;
		for (let page = 0; ; page++) {
			// still "more" after the last page the app reads (a server whose API_Upper_Count_Limit is small): refused, never cut
			if (page >= LIST_LIMITS.pages) {
				const limit: AnswerLimit = { what: 'pages', max: LIST_LIMITS.pages };
				return fail({ kind: 'unavailable', vendor: 'rocketchat', cause: 'too_large', sent: 'yes', status, limit, message: `custom user statuses: ${limitText(limit)}` });
			}
			const result = await this.http.request({
				...this.spec(ready.value, 'GET', `custom-user-status.list?offset=${offset}&count=${PAGE_SIZE}`),
				schema: listSchema,
				deadline,
			});
			if (!result.ok) return result;
			status = result.status;
			const { statuses, total } = result.value.data;
			if (offset + statuses.length > LIST_LIMITS.totalItems) {
				return fail({ kind: 'unavailable', vendor: 'rocketchat', cause: 'too_large', sent: 'yes', status, limit: { what: 'items', max: LIST_LIMITS.totalItems }, message: `more than ${LIST_LIMITS.totalItems} custom user statuses, refused` });
			}
			for (const s of statuses) {
				if (isPresence(s.statusType)) all.push({ _id: s._id, name: s.name, statusType: s.statusType });
			}
			offset += statuses.length;
			const done = statuses.length === 0 || (total !== undefined ? offset >= total : statuses.length < PAGE_SIZE);
			if (done) break;
		}
		return ok(all, status);
	}

	/** `POST custom-user-status.create` `{name, statusType}`: the status created, or `{confirmed: false}` for an unreadable 2xx (http.ts `write`). */
	async createCustomStatus(name: string, statusType: Presence): Promise<VendorResult<Written<CustomUserStatus>>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({
			...this.spec(ready.value, 'POST', 'custom-user-status.create'),
			body: { name, statusType },
			schema: oneSchema,
		});
		return result.ok ? ok(writtenStatus(result.value.data, statusType), result.status) : result;
	}

	/** `POST custom-user-status.update` `{_id, name, statusType}` (the server requires `name`); `{confirmed: false}` as for create. */
	async updateCustomStatus(_id: string, name: string, statusType: Presence): Promise<VendorResult<Written<CustomUserStatus>>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({
			...this.spec(ready.value, 'POST', 'custom-user-status.update'),
			body: { _id, name, statusType },
			schema: oneSchema,
		});
		return result.ok ? ok(writtenStatus(result.value.data, statusType), result.status) : notFoundIfUnknown(result);
	}

	/** `POST custom-user-status.delete` `{customUserStatusId}`. */
	async deleteCustomStatus(_id: string): Promise<VendorResult<void>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({
			...this.spec(ready.value, 'POST', 'custom-user-status.delete'),
			body: { customUserStatusId: _id },
		});
		return result.ok ? ok(undefined, result.status) : notFoundIfUnknown(result);
	}

	/**
	 * `POST livechat/agent.status` `{status, agentId}`: an Omnichannel agent's availability. Setting the
	 * state the agent already has succeeds (repeat-safe). For another agent the server answers 200 with
	 * the agent's unchanged status when its business hours are closed: that is reported as `invalid`,
	 * never as done. An answer that cannot be read is delivered, unconfirmed (http.ts `write`): the
	 * business-hours check needs the answer, so it is then not made.
	 */
	async setAgentStatus(agentId: string, status: OmnichannelStatus): Promise<VendorResult<void>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({ ...this.spec(ready.value, 'POST', 'livechat/agent.status'), body: { status, agentId }, schema: agentStatusSchema });
		if (!result.ok) return result;
		if (!result.value.data.confirmed) return ok(undefined, result.status);
		const kept = result.value.data.data.status;
		if (kept !== status) return fail({ kind: 'invalid', vendor: 'rocketchat', sent: 'yes', status: result.status, message: `the agent stayed ${kept} (Omnichannel business hours closed?)` });
		return ok(undefined, result.status);
	}

	private ready(): VendorResult<Ready> {
		// The server's own address, set by whoever runs the server: private hosts are expected here.
		const base = requireBaseUrl('rocketchat', RocketChatSetting.siteUrl, this.config.siteUrl, { allowPrivateHosts: true });
		if (!base.ok) return base;
		const userId = requireSetting('rocketchat', RocketChatSetting.userId, this.config.userId);
		if (!userId.ok) return userId;
		const token = requireSetting('rocketchat', RocketChatSetting.token, this.config.token);
		if (!token.ok) return token;
		return ok({ base: base.value, userId: userId.value, token: token.value });
	}

	private spec(ready: Ready, method: 'GET' | 'POST', endpoint: string) {
		return {
			vendor: 'rocketchat' as const,
			method,
			url: `${ready.base}/api/v1/${endpoint}`,
			headers: { 'X-User-Id': ready.userId, 'X-Auth-Token': ready.token },
			secrets: [ready.token],
		};
	}
}

interface Ready {
	base: string;
	userId: string;
	token: string;
}

function writtenStatus(answer: Written<z.infer<typeof oneSchema>>, requested: Presence): Written<CustomUserStatus> {
	if (!answer.confirmed) return answer;
	const s = answer.data.customUserStatus;
	return { confirmed: true, data: { _id: s._id, name: s.name, statusType: isPresence(s.statusType) ? s.statusType : requested } };
}

/** Rocket.Chat answers an unknown status id with 400; report it as `not_found`. */
function notFoundIfUnknown<T>(result: { ok: false; error: VendorFailure }): VendorResult<T> {
	const { error } = result;
	if (error.kind === 'invalid' && /no custom user status found|error-invalid-custom-user-status/i.test(error.message)) {
		return fail({ kind: 'not_found', vendor: error.vendor, sent: error.sent, status: error.status, message: error.message });
	}
	return result;
}
