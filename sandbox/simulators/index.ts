/**
 * Local HTTP simulators of every vendor endpoint the app calls, plus `startAll()` with demo seeds.
 * See base.ts for the shared knobs (rate limit, faults, request log) every simulator has.
 */
import type { CommonOptions } from './base';
import { type BotPenguinOptions, BotPenguinSim, startBotPenguin, startReekolect } from './botpenguin';
import { type CallbellOptions, CallbellSim, startCallbell } from './callbell';
import { type RocketChatOptions, RocketChatSim, startRocketChat } from './rocketchat';

export * from './base';
export * from './botpenguin';
export * from './callbell';
export * from './rocketchat';
export * from './rocketchat-state';
export type { RcApp, RcUpload } from './rocketchat-apps';
export type { AppEndpointAnswer, AppEndpointRequest, AppEndpointServer } from './rocketchat-app-endpoints';
export type { LivechatStatus, RcPerson } from './rocketchat-omnichannel';

/** Fixed demo credentials and ids used by startAll() (and by the CLI / sandbox tests). */
export const DEMO = {
	botpenguinLeadToken: 'demo-bp-lead-token',
	botpenguinApiKey: 'demo-bp-api-key',
	reekolectLeadToken: 'demo-rk-lead-token',
	reekolectApiKey: 'demo-rk-api-key',
	botId: '638d99eeee9e558f1247ae03',
	customerId: '5fed38e56fb193dcc6c933f5',
	agentId: '631aa793bcfa100487d13d0d',
	/** existing (ACTIVE) contacts on BotPenguin and on Reekolect */
	contactIds: ['640f472d173951357f08edee', '640f472d173951357f08edef', '640f472d173951357f08edf0'],
	subscriberIds: ['640f479fa79ef02edfb33dfc'],

	callbellToken: 'demo-callbell-token',
	callbellAccount: { email: 'owner@demo.test', name: 'Demo Owner' },
	callbellUsers: [
		{ uuid: 'cb-user-alice-0001', email: 'alice@demo.test', name: 'Alice Agent', available: true, customStatusId: null },
		{ uuid: 'cb-user-bob-0002', email: 'bob@demo.test', name: 'Bob Agent', available: false, customStatusId: null },
	],
	callbellCustomStatuses: [
		{ id: 'cb-cs-lunch', name: 'Lunch', emoji: '🍔' },
		{ id: 'cb-cs-meeting', name: 'In a meeting', emoji: '📅' },
		{ id: 'cb-cs-vacation', name: 'Vacation', emoji: '🌴' },
	],

	rocketchatAdminUserId: 'demoAdminUserId01',
	rocketchatAdminUsername: 'admin',
	rocketchatAdminToken: 'demo-rc-admin-token',
	rocketchatUserId: 'demoAgentUserId01',
	rocketchatUsername: 'agent',
	rocketchatUserToken: 'demo-rc-user-token',
	rocketchatStatuses: [
		{ _id: 'demoStatusLunch01', name: 'Lunch', statusType: 'away' },
		{ _id: 'demoStatusMeet001', name: 'In a meeting', statusType: 'busy' },
	],
} as const;

export function demoBotPenguinOptions(): BotPenguinOptions {
	return {
		leadTokens: [DEMO.botpenguinLeadToken],
		apiKeys: [DEMO.botpenguinApiKey],
		contacts: [...DEMO.contactIds],
	};
}

export function demoReekolectOptions(): BotPenguinOptions {
	return {
		leadTokens: [DEMO.reekolectLeadToken],
		apiKeys: [DEMO.reekolectApiKey],
		contacts: [...DEMO.contactIds],
	};
}

export function demoCallbellOptions(): CallbellOptions {
	return {
		tokens: [DEMO.callbellToken],
		account: { ...DEMO.callbellAccount },
		users: DEMO.callbellUsers.map((u) => ({ ...u })),
		customStatuses: DEMO.callbellCustomStatuses.map((s) => ({ ...s })),
	};
}

export function demoRocketChatOptions(): RocketChatOptions {
	return {
		users: [
			{
				_id: DEMO.rocketchatAdminUserId,
				username: DEMO.rocketchatAdminUsername,
				name: 'Administrator',
				authToken: DEMO.rocketchatAdminToken,
				permissions: ['manage-user-status', 'manage-apps', 'view-l-room', 'manage-livechat-agents'],
				roles: ['admin'],
			},
			{
				_id: DEMO.rocketchatUserId,
				username: DEMO.rocketchatUsername,
				name: 'Agent',
				authToken: DEMO.rocketchatUserToken,
				permissions: ['view-l-room'],
				roles: ['user', 'livechat-agent'],
			},
		],
		statuses: DEMO.rocketchatStatuses.map((s) => ({ ...s })),
	};
}

export interface StartAllConfig {
	/** applied to every simulator (host, faults, onRequest …) before the per-system options */
	common?: CommonOptions;
	/** merged over the demo options (a given array replaces the demo one) */
	botpenguin?: Partial<BotPenguinOptions>;
	reekolect?: Partial<Omit<BotPenguinOptions, 'whiteLabel'>>;
	callbell?: Partial<CallbellOptions>;
	rocketchat?: Partial<RocketChatOptions>;
}

export interface AllSims {
	botpenguin: BotPenguinSim;
	reekolect: BotPenguinSim;
	callbell: CallbellSim;
	rocketchat: RocketChatSim;
	/** every simulator, for loops over knobs (clear, resetAll …) */
	list: Array<BotPenguinSim | CallbellSim | RocketChatSim>;
	closeAll(): Promise<void>;
}

/** Starts BotPenguin, Reekolect, Callbell and Rocket.Chat on random local ports with the DEMO seeds. */
export async function startAll(config: StartAllConfig = {}): Promise<AllSims> {
	const common = config.common ?? {};
	const started: Array<{ close(): Promise<void> }> = [];
	try {
		const botpenguin = await startBotPenguin({ ...common, ...demoBotPenguinOptions(), ...config.botpenguin });
		started.push(botpenguin);
		const reekolect = await startReekolect({ ...common, ...demoReekolectOptions(), ...config.reekolect });
		started.push(reekolect);
		const callbell = await startCallbell({ ...common, ...demoCallbellOptions(), ...config.callbell });
		started.push(callbell);
		const rocketchat = await startRocketChat({ ...common, ...demoRocketChatOptions(), ...config.rocketchat });
		started.push(rocketchat);
		return {
			botpenguin,
			reekolect,
			callbell,
			rocketchat,
			list: [botpenguin, reekolect, callbell, rocketchat],
			closeAll: async () => {
				await Promise.all(started.map((s) => s.close()));
			},
		};
	} catch (err) {
		await Promise.all(started.map((s) => s.close()));
		throw err;
	}
}
