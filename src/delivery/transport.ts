import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { readSettings, SettingId, type Settings } from '../settings';
import { siteUrlOf } from '../site-url';
import type { BotPenguinClient } from '../vendors/botpenguin';
import type { CallbellClient } from '../vendors/callbell';
import type { Vendor, VendorResult } from '../vendors/errors';
import type { RocketChatRestClient } from '../vendors/rocketchat';
import { botPenguinClientFrom, callbellClientFrom, rocketChatClientFrom } from '../vendors/clients';
import { ensureCustomStatus, removeCustomStatus, updateCustomStatus } from './custom-statuses';
import { type FamilyOf, kindRule, type Operation, type OperationKind, vendorOf } from './operation';
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

/** Each vendor family's client. */
interface Clients {
	botpenguin: BotPenguinClient;
	callbell: CallbellClient;
	rocketchat: RocketChatRestClient;
}

/** A vendor family built from settings: its client, and its tokens by setting id (only to key the limiter). */
interface Resolved<V extends Vendor> {
	client: Clients[V];
	credentials: Record<string, string>;
}

/**
 * The app's calls to its own server go as an admin, whom Rocket.Chat's API rate limiter lets through
 * (`api-bypass-rate-limit`); this only keeps a burst (a team's working hours starting) gentle.
 */
const ROCKETCHAT_LIMIT: RateLimit = { limit: 50, windowMs: 1000 };

export class SettingsTransport implements Transport {
	private cachedDelivery?: Promise<Settings<'delivery'>>;

	constructor(
		private readonly read: IRead,
		private readonly http: IHttp,
	) {}

	public async send(op: Operation): Promise<VendorResult<unknown>> {
		switch (op.kind) {
			case 'lead.update':
				return (await this.clientOf(op)).updateLead(op.update);
			case 'contacts.delete':
				return (await this.clientOf(op)).setContactsDeleted(op.ids, op.subscriberIds);
			case 'callbell.status':
				return (await this.clientOf(op)).setUserStatus(op.userUuid, op.change);
			case 'callbell.customStatus.create':
				return ensureCustomStatus(await this.clientOf(op), op.name, op.emoji);
			case 'callbell.customStatus.update':
				return updateCustomStatus(await this.clientOf(op), op.name, { ...(op.to !== undefined ? { to: op.to } : {}), ...(op.emoji !== undefined ? { emoji: op.emoji } : {}) });
			case 'callbell.customStatus.delete':
				return removeCustomStatus(await this.clientOf(op), op.name);
			case 'omnichannel.status':
				return (await this.clientOf(op)).setAgentStatus(op.agentId, op.status);
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

	/** The client of an operation's family: the kind's family (operation.ts) picks it, as a type too. */
	private async clientOf<K extends OperationKind>(op: { kind: K }): Promise<Clients[FamilyOf<K>]> {
		return (await this.family(vendorOf(op))).client;
	}

	private family<V extends Vendor>(family: V): Promise<Resolved<V>> {
		return this.families[family]();
	}

	/** Each family's client and tokens, built once per transport (one app call) and only when used. */
	private readonly families: { [V in Vendor]: () => Promise<Resolved<V>> } = {
		botpenguin: once(async () => {
			const [bp, delivery] = await Promise.all([readSettings(this.read, 'botpenguin'), this.delivery()]);
			return {
				credentials: { [SettingId.BotPenguinLeadToken]: bp[SettingId.BotPenguinLeadToken], [SettingId.BotPenguinApiKey]: bp[SettingId.BotPenguinApiKey] },
				client: botPenguinClientFrom(this.http, bp, delivery),
			};
		}),
		callbell: once(async () => {
			const [cb, delivery] = await Promise.all([readSettings(this.read, 'callbell'), this.delivery()]);
			return { credentials: { [SettingId.CallbellApiToken]: cb[SettingId.CallbellApiToken] }, client: callbellClientFrom(this.http, cb, delivery) };
		}),
		rocketchat: once(async () => {
			const [rc, siteUrl, delivery] = await Promise.all([readSettings(this.read, 'rocketchat'), siteUrlOf(this.read), this.delivery()]);
			return { credentials: { [SettingId.RocketChatAdminToken]: rc[SettingId.RocketChatAdminToken] }, client: rocketChatClientFrom(this.http, rc, delivery, siteUrl) };
		}),
	};
}

/** `build` called at most once: every call gets the first call's promise. */
function once<T>(build: () => Promise<T>): () => Promise<T> {
	let made: Promise<T> | undefined;
	return () => (made ??= build());
}
