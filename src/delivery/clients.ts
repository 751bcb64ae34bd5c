import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { readSettings, SettingId } from '../settings';
import { BotPenguinClient } from '../vendors/botpenguin';
import { CallbellClient } from '../vendors/callbell';
import { VendorHttp } from '../vendors/http';
import { RocketChatRestClient } from '../vendors/rocketchat';

/** Builds each vendor client from the current settings (read once per call). */
export async function botPenguinClient(read: IRead, http: IHttp): Promise<BotPenguinClient> {
	const [bp, delivery] = await Promise.all([readSettings(read, 'botpenguin'), readSettings(read, 'delivery')]);
	return new BotPenguinClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs] }), {
		baseUrl: bp[SettingId.BotPenguinBaseUrl],
		leadToken: bp[SettingId.BotPenguinLeadToken],
		apiKey: bp[SettingId.BotPenguinApiKey],
		botId: bp[SettingId.BotPenguinBotId],
		customerId: bp[SettingId.BotPenguinCustomerId],
	});
}

export async function callbellClient(read: IRead, http: IHttp): Promise<CallbellClient> {
	const [cb, delivery] = await Promise.all([readSettings(read, 'callbell'), readSettings(read, 'delivery')]);
	return new CallbellClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs] }), {
		baseUrl: cb[SettingId.CallbellBaseUrl],
		token: cb[SettingId.CallbellApiToken],
	});
}

export async function rocketChatClient(read: IRead, http: IHttp): Promise<RocketChatRestClient> {
	const [rc, delivery, siteUrl] = await Promise.all([
		readSettings(read, 'rocketchat'),
		readSettings(read, 'delivery'),
		read.getEnvironmentReader().getServerSettings().getValueById('Site_Url'),
	]);
	return new RocketChatRestClient(new VendorHttp(http, { timeoutMs: delivery[SettingId.HttpTimeoutMs] }), {
		siteUrl: String(siteUrl ?? ''),
		userId: rc[SettingId.RocketChatAdminUserId],
		token: rc[SettingId.RocketChatAdminToken],
	});
}
