import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { readSettings, SettingId, type Settings } from '../settings';
import { siteUrlOf } from '../site-url';
import type { BotPenguinClient } from '../vendors/botpenguin';
import type { CallbellClient } from '../vendors/callbell';
import type { VendorResult } from '../vendors/errors';
import type { RocketChatRestClient } from '../vendors/rocketchat';
import { botPenguinClientFrom, callbellClientFrom, rocketChatClientFrom } from '../vendors/clients';
import { ensureCustomStatus, removeCustomStatus, updateCustomStatus } from './custom-statuses';
import { kindRule, type Operation } from './operation';
import type { Vendor } from '../vendors/errors';
import type { RateLimit, RetryPolicy } from './policy';

/**
 * What the sender needs to put one operation on the wire: the call itself, the token (only to key
 * the limiter, hashed), the channel's rate limit and the retry policy. Built from settings once per
 * app call and only for the vendor families in use.
 */
export interface Transport {
	send(op: Operation): Promise<VendorResult<unknown>>;
	credential(op: Operation): Promise<string>;
	limit(op: Operation): Promise<RateLimit>;
	retryPolicy(): Promise<RetryPolicy>;
	/** The per-request timeout: a sender's lease must outlast it. */
	timeoutMs(): Promise<number>;
}

interface Resolved {
	credentials: Record<string, string>;
	botpenguin?: BotPenguinClient;
	callbell?: CallbellClient;
	rocketchat?: RocketChatRestClient;
}

/**
 * The app's calls to its own server go as an admin, whom Rocket.Chat's API rate limiter lets through
 * (`api-bypass-rate-limit`); this only keeps a burst (a team's working hours starting) gentle.
 */
const ROCKETCHAT_LIMIT: RateLimit = { limit: 50, windowMs: 1000 };

export class SettingsTransport implements Transport {
	private cachedDelivery?: Promise<Settings<'delivery'>>;
	private readonly families = new Map<Vendor, Promise<Resolved>>();

	constructor(
		private readonly read: IRead,
		private readonly http: IHttp,
	) {}

	public async send(op: Operation): Promise<VendorResult<unknown>> {
		const { botpenguin, callbell, rocketchat } = await this.family(kindRule(op).family);
		switch (op.kind) {
			case 'lead.update':
				return botpenguin!.updateLead(op.update);
			case 'contacts.delete':
				return botpenguin!.setContactsDeleted(op.ids, op.subscriberIds);
			case 'callbell.status':
				return callbell!.setUserStatus(op.userUuid, op.change);
			case 'callbell.customStatus.create':
				return ensureCustomStatus(callbell!, op.name, op.emoji);
			case 'callbell.customStatus.update':
				return updateCustomStatus(callbell!, op.name, { ...(op.to !== undefined ? { to: op.to } : {}), ...(op.emoji !== undefined ? { emoji: op.emoji } : {}) });
			case 'callbell.customStatus.delete':
				return removeCustomStatus(callbell!, op.name);
			case 'omnichannel.status':
				return rocketchat!.setAgentStatus(op.agentId, op.status);
		}
	}

	public async credential(op: Operation): Promise<string> {
		const rule = kindRule(op);
		return (await this.family(rule.family)).credentials[rule.credential] ?? '';
	}

	public async limit(op: Operation): Promise<RateLimit> {
		const d = await this.delivery();
		switch (kindRule(op).family) {
			case 'botpenguin':
				return { limit: d[SettingId.BotPenguinRateLimit], windowMs: d[SettingId.BotPenguinRateWindowMs] };
			case 'callbell':
				return { limit: d[SettingId.CallbellRateLimit], windowMs: d[SettingId.CallbellRateWindowMs] };
			case 'rocketchat':
				return ROCKETCHAT_LIMIT;
		}
	}

	public async retryPolicy(): Promise<RetryPolicy> {
		const d = await this.delivery();
		return { baseDelayMs: d[SettingId.RetryBaseDelayMs], maxDelayMs: d[SettingId.RetryMaxDelayMs], maxAgeMs: d[SettingId.RetryMaxAgeMinutes] * 60000 };
	}

	public async timeoutMs(): Promise<number> {
		return (await this.delivery())[SettingId.HttpTimeoutMs];
	}

	private delivery(): Promise<Settings<'delivery'>> {
		this.cachedDelivery ??= readSettings(this.read, 'delivery');
		return this.cachedDelivery;
	}

	private family(family: Vendor): Promise<Resolved> {
		const cached = this.families.get(family);
		if (cached) return cached;
		const resolving = (async (): Promise<Resolved> => {
			const delivery = await this.delivery();
			if (family === 'botpenguin') {
				const bp = await readSettings(this.read, 'botpenguin');
				return {
					credentials: { [SettingId.BotPenguinLeadToken]: bp[SettingId.BotPenguinLeadToken], [SettingId.BotPenguinApiKey]: bp[SettingId.BotPenguinApiKey] },
					botpenguin: botPenguinClientFrom(this.http, bp, delivery),
				};
			}
			if (family === 'rocketchat') {
				const [rc, siteUrl] = await Promise.all([readSettings(this.read, 'rocketchat'), siteUrlOf(this.read)]);
				return { credentials: { [SettingId.RocketChatAdminToken]: rc[SettingId.RocketChatAdminToken] }, rocketchat: rocketChatClientFrom(this.http, rc, delivery, siteUrl) };
			}
			const cb = await readSettings(this.read, 'callbell');
			return { credentials: { [SettingId.CallbellApiToken]: cb[SettingId.CallbellApiToken] }, callbell: callbellClientFrom(this.http, cb, delivery) };
		})();
		this.families.set(family, resolving);
		return resolving;
	}
}
