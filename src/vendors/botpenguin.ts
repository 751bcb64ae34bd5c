import * as z from '../zod';
import { fail, ok, type VendorResult } from './errors';
import { cleanMessage } from './failure-message';
import type { VendorHttp, Written } from './http';
import { LEAD_FIELDS, type LeadAttribute, type LeadContractField, type LeadNote, type LeadUpdate } from './lead-fields';
import { requireBaseUrl, requireSetting } from './required-settings';

/**
 * BotPenguin (and its white labels such as Reekolect): the lead endpoint `PUT {base}/inbox/direct/lead`
 * (`x-bp-token`; fields in lead-fields.ts) and the contact status endpoint
 * `PUT {base}/inbox/users/status-update` (`Authorization: Bearer` + `authtype: Key`; Reekolect also
 * takes `subscriberIds`). BotPenguin documents 100 requests per minute per token and 429 with
 * `Retry-After` in seconds.
 */

export const BotPenguinSetting = {
	baseUrl: 'botpenguin_base_url',
	leadToken: 'botpenguin_lead_token',
	apiKey: 'botpenguin_api_key',
	botId: 'botpenguin_bot_id',
	customerId: 'botpenguin_customer_id',
} as const;

export interface BotPenguinConfig {
	baseUrl: string;
	leadToken: string;
	apiKey: string;
	botId: string;
	customerId: string;
	/** `allow_private_hosts`: the base URL may point at a private, loopback or metadata host. */
	allowPrivateHosts?: boolean;
}

/** 2xx answer of both endpoints: `{success, message, code}`; extra fields tolerated. */
export const botPenguinAnswerSchema = z.looseObject({
	success: z.boolean(),
	message: z.nullish(z.string()),
	code: z.nullish(z.union([z.number(), z.string()])),
});
export type BotPenguinAnswer = z.infer<typeof botPenguinAnswerSchema>;

export class BotPenguinClient {
	constructor(
		private readonly http: VendorHttp,
		private readonly config: BotPenguinConfig,
	) {}

	/** `PUT {base}/inbox/direct/lead` with `x-bp-token`. */
	async updateLead(update: LeadUpdate): Promise<VendorResult<BotPenguinAnswer>> {
		const base = requireBaseUrl('botpenguin', BotPenguinSetting.baseUrl, this.config.baseUrl, this.urlPolicy());
		if (!base.ok) return base;
		const token = requireSetting('botpenguin', BotPenguinSetting.leadToken, this.config.leadToken);
		if (!token.ok) return token;
		const botId = requireSetting('botpenguin', BotPenguinSetting.botId, this.config.botId);
		if (!botId.ok) return botId;
		const customerId = requireSetting('botpenguin', BotPenguinSetting.customerId, this.config.customerId);
		if (!customerId.ok) return customerId;

		const body: Record<string, unknown> = { uuid: update.uuid, botId: botId.value, customerId: customerId.value };
		for (const { contract: field } of LEAD_FIELDS) {
			const value = update[field];
			// null counts as absent too: records read back from persistence (msgpack) turn undefined into null.
			if (value !== undefined && value !== null) body[field] = copyField(field, value);
		}
		return this.answer(await this.leadCall(base.value, token.value, body));
	}

	/**
	 * `PUT {base}/inbox/users/status-update` → `status: 'DELETED'` for `ids`; `subscriberIds` (the
	 * Reekolect variant) only when given and non-empty.
	 */
	async setContactsDeleted(ids: string[], subscriberIds?: string[]): Promise<VendorResult<BotPenguinAnswer>> {
		const base = requireBaseUrl('botpenguin', BotPenguinSetting.baseUrl, this.config.baseUrl, this.urlPolicy());
		if (!base.ok) return base;
		const key = requireSetting('botpenguin', BotPenguinSetting.apiKey, this.config.apiKey);
		if (!key.ok) return key;

		const body: Record<string, unknown> = { ids: [...ids], status: 'DELETED' };
		if (subscriberIds && subscriberIds.length > 0) body.subscriberIds = [...subscriberIds];
		return this.answer(await this.contactsCall(base.value, key.value, body));
	}

	/**
	 * Health check of the lead token that changes nothing: an incomplete body (`{}`). A 400 (or a 2xx)
	 * means the token got past authentication; 401/403 means it did not.
	 */
	async checkLeadToken(): Promise<VendorResult<void>> {
		const base = requireBaseUrl('botpenguin', BotPenguinSetting.baseUrl, this.config.baseUrl, this.urlPolicy());
		if (!base.ok) return base;
		const token = requireSetting('botpenguin', BotPenguinSetting.leadToken, this.config.leadToken);
		if (!token.ok) return token;
		return healthOf(await this.leadCall(base.value, token.value, {}));
	}

	/** Health check of the contacts API key: `{ids: [], status: 'DELETED'}` deletes nothing. */
	async checkApiKey(): Promise<VendorResult<void>> {
		const base = requireBaseUrl('botpenguin', BotPenguinSetting.baseUrl, this.config.baseUrl, this.urlPolicy());
		if (!base.ok) return base;
		const key = requireSetting('botpenguin', BotPenguinSetting.apiKey, this.config.apiKey);
		if (!key.ok) return key;
		return healthOf(await this.contactsCall(base.value, key.value, { ids: [], status: 'DELETED' }));
	}

	private leadCall(base: string, token: string, body: Record<string, unknown>) {
		return this.http.write({
			vendor: 'botpenguin',
			method: 'PUT',
			url: `${base}/inbox/direct/lead`,
			headers: { 'x-bp-token': token },
			body,
			secrets: this.secrets(),
			schema: botPenguinAnswerSchema,
		});
	}

	private contactsCall(base: string, key: string, body: Record<string, unknown>) {
		return this.http.write({
			vendor: 'botpenguin',
			method: 'PUT',
			url: `${base}/inbox/users/status-update`,
			headers: { Authorization: `Bearer ${key}`, authtype: 'Key' },
			body,
			secrets: this.secrets(),
			schema: botPenguinAnswerSchema,
		});
	}

	/**
	 * A 2xx that says `success: false` is the vendor refusing the request: final, not retried. Any other
	 * 2xx — also one whose body cannot be read (HTML, cut short, empty) — means the vendor took the write
	 * (the one rule: http.ts `write`). Such an answer is delivered, marked `confirmed: false`.
	 */
	private answer(result: VendorResult<{ status: number; data: Written<BotPenguinAnswer> }>): VendorResult<BotPenguinAnswer> {
		if (!result.ok) return result;
		const { status, data: written } = result.value;
		if (!written.confirmed) return ok({ success: true, confirmed: false }, status);
		const data = written.data;
		if (data.success === false) {
			const text = typeof data.message === 'string' && data.message.trim() ? data.message.trim() : `HTTP ${status} (success: false)`;
			return fail({ kind: 'invalid', vendor: 'botpenguin', sent: 'yes', status, message: cleanMessage(text, this.secrets()) });
		}
		return ok(data, status);
	}

	private urlPolicy() {
		return { allowPrivateHosts: this.config.allowPrivateHosts === true };
	}

	private secrets(): string[] {
		return [this.config.leadToken, this.config.apiKey]
			.filter((s): s is string => typeof s === 'string')
			.map((s) => s.trim())
			.filter((s) => s.length > 0);
	}
}

function healthOf(result: VendorResult<{ status: number }>): VendorResult<void> {
	if (result.ok) return ok(undefined, result.status);
	if (result.error.kind === 'invalid' && result.error.status === 400) return ok(undefined, 400);
	return result;
}

/** Arrays are copied (notes/attributes reduced to their contract keys) so callers' objects never leak extra keys. */
function copyField(field: LeadContractField, value: unknown): unknown {
	if (field === 'notes' && Array.isArray(value)) {
		return (value as LeadNote[]).map((n) => ({ title: n.title, description: n.description }));
	}
	if (field === 'attributes' && Array.isArray(value)) {
		return (value as LeadAttribute[]).map((a) => ({ key: a.key, value: a.value }));
	}
	if (field === 'tags' && Array.isArray(value)) return [...(value as string[])];
	return value;
}
