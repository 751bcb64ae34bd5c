import * as z from '../zod';
import { fail, ok, type VendorResult } from './errors';
import type { VendorHttp, Written } from './http';
import { type AnswerLimit, LIST_LIMITS, limitText } from './limits';
import { requireBaseUrl, requireSetting } from './required-settings';

/** Callbell REST (`https://api.callbell.eu/v1`), `Authorization: Bearer <token>`, JSON only. */

export const CallbellSetting = {
	baseUrl: 'callbell_base_url',
	token: 'callbell_api_token',
} as const;

export interface CallbellConfig {
	baseUrl: string;
	token: string;
	/** `allow_private_hosts`: the base URL may point at a private, loopback or metadata host. */
	allowPrivateHosts?: boolean;
}

export interface CallbellCustomStatus {
	id: string;
	name: string;
	emoji?: string;
}

/** What to change on a user's status; a key left out is not sent. `customStatusUuid: null` unassigns. */
export interface CallbellStatusChange {
	available?: boolean;
	customStatusUuid?: string | null;
}

/**
 * A user's status after a change. Taken from the answer when it has the documented
 * `{user_status: …}` shape (`confirmed: true`), otherwise what was requested (`confirmed: false`;
 * a field neither requested nor answered is absent).
 */
export interface CallbellUserStatus {
	available?: boolean;
	customStatusId?: string | null;
	confirmed: boolean;
}

/** Custom statuses are matched by name the way agents type them: trimmed, case-insensitive (accents kept). */
export const sameCustomStatusName = (a: string, b: string): boolean => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** A user uuid as it may appear in a URL path: never `..`, `/` or anything else that moves the path. */
export const CALLBELL_USER_UUID = /^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$/;
const tooMany = <T>(status: number, limit: AnswerLimit = { what: 'items', max: LIST_LIMITS.totalItems }): VendorResult<T> =>
	fail({ vendor: 'callbell', kind: 'unavailable', cause: 'too_large', sent: 'yes', status, limit, message: `custom statuses: ${limitText(limit)}` });
const badUuid = <T>(uuid: string): VendorResult<T> => fail({ vendor: 'callbell', kind: 'invalid', sent: 'no', status: 0, message: `"${uuid.slice(0, 80)}" is not a Callbell user uuid; nothing was sent` });

const idSchema = z.pipe(z.union([z.string().check(z.maxLength(LIST_LIMITS.idLength)), z.number()]), z.transform(String));

// Every field bounded (limits.ts): an answer over a limit is refused whole, naming it.
const customStatusesSchema = z.object({
	customStatuses: z
		.array(
			z.looseObject({
				id: idSchema,
				name: z.string().check(z.maxLength(LIST_LIMITS.nameLength)),
				emoji: z.nullish(z.string().check(z.maxLength(LIST_LIMITS.emojiLength))),
			}),
		)
		.check(z.maxLength(LIST_LIMITS.pageItems)),
	// Callbell documents `{page, pages}`; `total` is read too
	meta: z.catch(z.optional(z.looseObject({ total: z.optional(z.number()), pages: z.optional(z.number()) })), undefined),
});


const meSchema = z.record(z.string(), z.unknown());

// Read leniently, piece by piece: the page's own example answers with a contact instead.
const userStatusAnswerSchema = z.looseObject({ user_status: z.record(z.string(), z.unknown()) });
const appearanceSchema = z.looseObject({ available: z.boolean() });
const customStatusSchema = z.union([z.null(), z.looseObject({ id: idSchema })]);

export class CallbellClient {
	constructor(
		private readonly http: VendorHttp,
		private readonly config: CallbellConfig,
	) {}

	/** `GET /auth/me`: validates the token; the answer as sent. */
	async me(): Promise<VendorResult<Record<string, unknown>>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.request({ ...this.spec(ready.value.token, 'GET', `${ready.value.base}/auth/me`), schema: meSchema });
		return result.ok ? ok(result.value.data, result.status) : result;
	}

	/**
	 * `GET /custom_statuses`, every page (`meta.pages` or `meta.total` say how many), all of them within
	 * one HTTP timeout, at most `LIST_LIMITS.totalItems` statuses: more is refused, never cut.
	 */
	async listCustomStatuses(): Promise<VendorResult<CallbellCustomStatus[]>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const list: CallbellCustomStatus[] = [];
		const deadline = this.http.deadline();
		let status = 200;
		for (let page = 1; ; page++) {
			// still "more" after the last page the app reads: refused, never taken as the whole list
			if (page > LIST_LIMITS.pages) return tooMany(status, { what: 'pages', max: LIST_LIMITS.pages });
			const url = `${ready.value.base}/custom_statuses${page > 1 ? `?page=${page}` : ''}`;
			const result = await this.http.request({ ...this.spec(ready.value.token, 'GET', url), schema: customStatusesSchema, deadline });
			if (!result.ok) return result;
			status = result.status;
			const items = result.value.data.customStatuses;
			if (list.length + items.length > LIST_LIMITS.totalItems) return tooMany(status);
			for (const s of items) {
				const item: CallbellCustomStatus = { id: s.id, name: s.name };
				if (typeof s.emoji === 'string' && s.emoji) item.emoji = s.emoji;
				list.push(item);
			}
			const meta = result.value.data.meta;
			const more = typeof meta?.pages === 'number' ? page < meta.pages : typeof meta?.total === 'number' && list.length < meta.total;
			if (items.length === 0 || !more) break;
		}
		return ok(list, status);
	}

	/** `POST /custom_statuses` with `name` and `emoji`. NOT repeat-safe on its own: Callbell keeps duplicate names. */
	async createCustomStatus(name: string, emoji: string): Promise<VendorResult<void>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({ ...this.spec(ready.value.token, 'POST', `${ready.value.base}/custom_statuses`), body: { name, emoji } });
		return result.ok ? ok(undefined, result.status) : result;
	}

	/** `PUT /custom_statuses/:id` with `name` and/or `emoji`. */
	async updateCustomStatus(id: string, change: { name?: string; emoji?: string }): Promise<VendorResult<void>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write({ ...this.spec(ready.value.token, 'PUT', this.customStatusUrl(ready.value.base, id)), body: { ...change } });
		return result.ok ? ok(undefined, result.status) : result;
	}

	/** `DELETE /custom_statuses/:id`. */
	async deleteCustomStatus(id: string): Promise<VendorResult<void>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		const result = await this.http.write(this.spec(ready.value.token, 'DELETE', this.customStatusUrl(ready.value.base, id)));
		return result.ok ? ok(undefined, result.status) : result;
	}

	/** `PUT /users/:uuid/status` with `available` and/or `custom_status_uuid`. */
	async setUserStatus(uuid: string, change: CallbellStatusChange): Promise<VendorResult<CallbellUserStatus>> {
		const ready = this.ready();
		if (!ready.ok) return ready;
		if (!CALLBELL_USER_UUID.test(uuid)) return badUuid(uuid);
		const body: Record<string, unknown> = {};
		if (change.available !== undefined) body.available = change.available;
		if (change.customStatusUuid !== undefined) body.custom_status_uuid = change.customStatusUuid;
		const result = await this.http.write({ ...this.spec(ready.value.token, 'PUT', this.statusUrl(ready.value.base, uuid)), body, schema: userStatusAnswerSchema });
		if (!result.ok) return result;
		return ok(readUserStatus(result.value.data, change), result.status);
	}

	private customStatusUrl(base: string, id: string): string {
		return `${base}/custom_statuses/${encodeURIComponent(id)}`;
	}

	private statusUrl(base: string, uuid: string): string {
		return `${base}/users/${encodeURIComponent(uuid)}/status`;
	}

	private ready(): VendorResult<{ base: string; token: string }> {
		const base = requireBaseUrl('callbell', CallbellSetting.baseUrl, this.config.baseUrl, { allowPrivateHosts: this.config.allowPrivateHosts === true });
		if (!base.ok) return base;
		const token = requireSetting('callbell', CallbellSetting.token, this.config.token);
		if (!token.ok) return token;
		return ok({ base: base.value, token: token.value });
	}

	private spec(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string) {
		return {
			vendor: 'callbell' as const,
			method,
			url,
			headers: { Authorization: `Bearer ${token}` },
			secrets: [token],
		};
	}
}

function readUserStatus(answer: Written<z.infer<typeof userStatusAnswerSchema>>, requested: CallbellStatusChange): CallbellUserStatus {
	const out: CallbellUserStatus = { confirmed: false };
	if (requested.available !== undefined) out.available = requested.available;
	if (requested.customStatusUuid !== undefined) out.customStatusId = requested.customStatusUuid;

	if (!answer.confirmed) return out;
	const userStatus = answer.data.user_status;
	const appearance = appearanceSchema.safeParse(userStatus.appearance);
	const custom = 'custom_status' in userStatus ? customStatusSchema.safeParse(userStatus.custom_status) : undefined;
	if (appearance.success) out.available = appearance.data.available;
	if (custom?.success) out.customStatusId = custom.data === null ? null : custom.data.id;
	out.confirmed = appearance.success && custom?.success === true;
	return out;
}
