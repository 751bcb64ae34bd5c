import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { readSettings, SettingId, type Settings } from '../settings';
import { siteUrlOf } from '../site-url';
import { BotPenguinClient } from './botpenguin';
import { CallbellClient } from './callbell';
import { VendorHttp } from './http';
import { RocketChatRestClient } from './rocketchat';

/** Builds each vendor client from settings snapshots (read once per call by the caller). */
export function botPenguinClientFrom(http: IHttp, bp: Settings<'botpenguin'>, delivery: Settings<'delivery'>): BotPenguinClient {
	return new BotPenguinClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs], ssrfValidation: true }), {
		baseUrl: bp[SettingId.BotPenguinBaseUrl],
		leadToken: bp[SettingId.BotPenguinLeadToken],
		apiKey: bp[SettingId.BotPenguinApiKey],
		botId: bp[SettingId.BotPenguinBotId],
		customerId: bp[SettingId.BotPenguinCustomerId],
		allowPrivateHosts: bp[SettingId.AllowPrivateHosts],
	});
}

export function callbellClientFrom(http: IHttp, cb: Settings<'callbell'>, delivery: Settings<'delivery'>): CallbellClient {
	return new CallbellClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs], ssrfValidation: true }), {
		baseUrl: cb[SettingId.CallbellBaseUrl],
		token: cb[SettingId.CallbellApiToken],
		allowPrivateHosts: cb[SettingId.AllowPrivateHosts],
	});
}

export async function botPenguinClient(read: IRead, http: IHttp): Promise<BotPenguinClient> {
	const [bp, delivery] = await Promise.all([readSettings(read, 'botpenguin'), readSettings(read, 'delivery')]);
	return botPenguinClientFrom(http, bp, delivery);
}

export async function callbellClient(read: IRead, http: IHttp): Promise<CallbellClient> {
	const [cb, delivery] = await Promise.all([readSettings(read, 'callbell'), readSettings(read, 'delivery')]);
	return callbellClientFrom(http, cb, delivery);
}

/** The server's own REST API (`Site_Url`, set by whoever runs the server: no SSRF check against itself). */
export function rocketChatClientFrom(http: IHttp, rc: Settings<'rocketchat'>, delivery: Settings<'delivery'>, siteUrl: unknown): RocketChatRestClient {
	return new RocketChatRestClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs] }), {
		siteUrl: String(siteUrl ?? ''),
		userId: rc[SettingId.RocketChatAdminUserId],
		token: rc[SettingId.RocketChatAdminToken],
	});
}

export async function rocketChatClient(read: IRead, http: IHttp): Promise<RocketChatRestClient> {
	const [rc, delivery, siteUrl] = await Promise.all([
		readSettings(read, 'rocketchat'),
		readSettings(read, 'delivery'),
		siteUrlOf(read),
	]);
	return rocketChatClientFrom(http, rc, delivery, siteUrl);
}
