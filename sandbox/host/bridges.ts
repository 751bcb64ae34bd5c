/* The in-memory bridges: what Rocket.Chat would answer the engine, over a World. */
import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IProcessor, IOnetimeSchedule, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import {
	ApiBridge,
	AppActivationBridge,
	AppBridges,
	AppDetailChangesBridge,
	CloudWorkspaceBridge,
	CommandBridge,
	EmailBridge,
	EnvironmentalVariableBridge,
	HttpBridge,
	LivechatBridge,
	MessageBridge,
	ModerationBridge,
	PersistenceBridge,
	RoleBridge,
	RoomBridge,
	SchedulerBridge,
	ServerSettingBridge,
	UiInteractionBridge,
	UploadBridge,
	UserBridge,
	VideoConferenceBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import { ContactBridge } from '@rocket.chat/apps-engine/server/bridges/ContactBridge';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';
import { ExperimentalBridge } from '@rocket.chat/apps-engine/server/bridges/ExperimentalBridge';
import { OutboundMessageBridge } from '@rocket.chat/apps-engine/server/bridges/OutboundMessagesBridge';
import type { IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge';
import type { IInternalBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalBridge';
import { httpCall } from './http-bridge';
import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalFederationBridge';
import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges/IListenerBridge';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';
import { newId, type StoredJob, type World } from './world';

type Method = (...args: never[]) => unknown;

/**
 * Builds a bridge from its abstract class and the methods the sandbox implements. Anything else the
 * app reaches throws a clear "not implemented in the sandbox" error instead of failing obscurely.
 */
function bridge<T extends object>(cls: abstract new (...args: never[]) => T, impl: Record<string, Method>, tally?: (call: string) => void): T {
	const counted = Object.fromEntries(
		Object.entries(impl).map(([name, fn]) => [
			name,
			(...args: never[]) => {
				tally?.(`${cls.name}.${name}`);
				return fn(...args);
			},
		]),
	);
	const target = Object.assign(Object.create(cls.prototype) as object, counted);
	return new Proxy(target, {
		get(t, prop, receiver) {
			if (prop in t || typeof prop !== 'string' || prop === 'then') return Reflect.get(t, prop, receiver);
			return () => {
				throw new Error(`sandbox: ${cls.name}.${prop} is not implemented`);
			};
		},
	}) as T;
}

/** Events the host observes from the bridges (status echoes, modals, registrations). */
export interface BridgeEvents {
	onUserUpdated(before: IUser, after: IUser, appId: string): void;
	onJobScheduled(job: StoredJob): void;
	onJobsCancelled(predicate: (job: StoredJob) => boolean): void;
	onProcessors(processors: IProcessor[]): void;
}

export interface UiRecord {
	user: string;
	type: string;
	view?: Record<string, unknown>;
	triggerId?: string;
	at: number;
}

/** Core commands a real server already has: registering one of these must fail like it does there. */
export const CORE_COMMANDS = ['status', 'invite', 'kick', 'leave', 'me', 'msg', 'topic', 'help'];

export class SandboxBridges extends AppBridges {
	public readonly commands = new Map<string, { appId: string; command: ISlashCommand; enabled: boolean }>();
	public readonly apis = new Map<string, AppApi>();
	public readonly ui: UiRecord[] = [];
	public readonly appStatuses: Array<{ appId: string; status: string }> = [];
	/** How often the engine called each bridge method (`RoomBridge.getMembers`, `PersistenceBridge.readByAssociations`, …): what an app call costs the server. */
	public readonly calls = new Map<string, number>();
	private readonly b: Record<string, object>;

	constructor(private readonly world: World, private readonly events: BridgeEvents) {
		super();
		const w = world;
		// From the Deno runtime, association records arrive as plain `{model, id}` (JSON-RPC), not class instances.
		const modelOf = (a: RocketChatAssociationRecord): string => {
			const r = a as unknown as { getModel?: () => string; model?: string };
			return typeof r.getModel === 'function' ? r.getModel() : String(r.model);
		};
		const idOf = (a: RocketChatAssociationRecord): string => {
			const r = a as unknown as { getID?: () => string; id?: string };
			return typeof r.getID === 'function' ? r.getID() : String(r.id);
		};
		const persistenceMatches = (recordAssoc: RocketChatAssociationRecord[], wanted: RocketChatAssociationRecord[]) =>
			wanted.every((a) => recordAssoc.some((r) => modelOf(r) === modelOf(a) && idOf(r) === idOf(a)));
		const assocOf = (list: RocketChatAssociationRecord[]) =>
			list.map((a) => {
				const model = modelOf(a);
				const id = idOf(a);
				return { model, id, getModel: () => model, getID: () => id } as unknown as RocketChatAssociationRecord;
			});
		const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

		const tallied = <T extends object>(cls: abstract new (...args: never[]) => T, impl: Record<string, Method>): T =>
			bridge(cls, impl, (call) => this.calls.set(call, (this.calls.get(call) ?? 0) + 1));
		this.b = {
			command: tallied(CommandBridge, {
				doesCommandExist: async (command: string) => CORE_COMMANDS.includes(command) || this.commands.has(command),
				enableCommand: async (command: string) => {
					const c = this.commands.get(command);
					if (c) c.enabled = true;
				},
				disableCommand: async (command: string) => {
					const c = this.commands.get(command);
					if (c) c.enabled = false;
				},
				modifyCommand: async (command: ISlashCommand, appId: string) => {
					this.commands.set(command.command, { appId, command, enabled: true });
				},
				registerCommand: async (command: ISlashCommand, appId: string) => {
					this.commands.set(command.command, { appId, command, enabled: true });
				},
				unregisterCommand: async (command: string) => {
					this.commands.delete(command);
				},
			}),
			contact: tallied(ContactBridge, {}),
			api: tallied(ApiBridge, {
				registerApi: async (api: AppApi) => {
					this.apis.set(api.computedPath ?? api.endpoint.path, api);
				},
				unregisterApis: async () => {
					this.apis.clear();
				},
			}),
			detail: tallied(AppDetailChangesBridge, { onAppSettingsChange: () => undefined }),
			env: tallied(EnvironmentalVariableBridge, {
				getValueByName: async () => undefined,
				isReadable: async () => false,
				isSet: async () => false,
			}),
			http: tallied(HttpBridge, { call: (info: IHttpBridgeRequestInfo) => httpCall(info, { ssrfAllowlist: () => String(w.serverSettings.get('SSRF_Allowlist')?.value ?? '') }) }),
			listener: {
				messageEvent: async () => undefined,
				roomEvent: async () => undefined,
				uiKitInteractionEvent: async () => undefined,
			} as unknown as IListenerBridge,
			livechat: tallied(LivechatBridge, {
				isOnline: () => true,
				isOnlineAsync: async () => true,
				findVisitorById: async (id: string) => clone(w.visitors.get(id)),
				findVisitorByToken: async (token: string) => clone([...w.visitors.values()].find((v) => v.token === token)),
				findVisitorByEmail: async (email: string) =>
					clone([...w.visitors.values()].find((v) => (v.visitorEmails as Array<{ address: string }> | undefined)?.some((e) => e.address === email))),
				findRooms: async () => [],
			}),
			message: tallied(MessageBridge, {
				create: async (message: IMessage) => {
					w.record('message', message);
					return newId('m');
				},
				update: async (message: IMessage) => {
					w.record('message', message);
				},
				notifyUser: async (user: IUser, message: IMessage) => {
					w.record('ephemeral', message, user);
				},
				notifyRoom: async (_room: IRoom, message: IMessage) => {
					w.record('message', message);
				},
				typing: async () => undefined,
			}),
			persistence: tallied(PersistenceBridge, {
				purge: async (appId: string) => {
					for (const [id, r] of w.persistence) if (r.appId === appId) w.persistence.delete(id);
				},
				create: async (data: object, appId: string) => {
					const id = newId('p');
					w.persistence.set(id, { id, appId, data: clone(data), associations: [] });
					return id;
				},
				createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[], appId: string) => {
					const id = newId('p');
					w.persistence.set(id, { id, appId, data: clone(data), associations: assocOf(associations) });
					return id;
				},
				readById: async (id: string) => clone(w.persistence.get(id)?.data),
				readByAssociations: async (associations: RocketChatAssociationRecord[], appId: string) =>
					[...w.persistence.values()].filter((r) => r.appId === appId && persistenceMatches(r.associations, associations)).map((r) => clone(r.data)),
				remove: async (id: string) => {
					const r = w.persistence.get(id);
					w.persistence.delete(id);
					return r?.data;
				},
				removeByAssociations: async (associations: RocketChatAssociationRecord[], appId: string) => {
					const gone: object[] = [];
					for (const [id, r] of w.persistence) {
						if (r.appId === appId && persistenceMatches(r.associations, associations)) {
							gone.push(r.data);
							w.persistence.delete(id);
						}
					}
					return gone;
				},
				update: async (id: string, data: object, upsert: boolean, appId: string) => {
					const r = w.persistence.get(id);
					if (!r && !upsert) throw new Error(`No record with id ${id}`);
					w.persistence.set(id, { id, appId, data: clone(data), associations: r?.associations ?? [] });
					return id;
				},
				updateByAssociations: async (associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string) => {
					const match = [...w.persistence.values()].filter((r) => r.appId === appId && persistenceMatches(r.associations, associations));
					if (match.length === 0) {
						if (!upsert) throw new Error('No record for those associations');
						const id = newId('p');
						w.persistence.set(id, { id, appId, data: clone(data), associations: assocOf(associations) });
						return id;
					}
					for (const r of match) r.data = clone(data);
					return match[0].id;
				},
			}),
			activation: tallied(AppActivationBridge, {
				appAdded: async () => undefined,
				appUpdated: async () => undefined,
				appRemoved: async () => undefined,
				appStatusChanged: async (app: ProxiedApp, status: string) => {
					this.appStatuses.push({ appId: app.getID(), status });
				},
				actionsChanged: async () => undefined,
			}),
			room: tallied(RoomBridge, {
				getById: async (id: string) => clone(w.rooms.get(id)),
				getByName: async (name: string) => clone([...w.rooms.values()].find((r) => r.slugifiedName === name)),
				getCreatorById: async () => undefined,
				getMembers: async (id: string) => {
					const room = w.rooms.get(id);
					return [...w.users.values()].filter((u) => room?.usernames?.includes(u.username));
				},
				getDirectByUsernames: async (usernames: string[]) =>
					clone(
						[...w.rooms.values()].find(
							(r) => r.type === RoomType.DIRECT_MESSAGE && usernames.every((u) => r.usernames?.includes(u)) && r.usernames?.length === usernames.length,
						),
					),
				create: async (room: IRoom, members: string[]) =>
					w.addRoom({ name: room.slugifiedName ?? members.join('-'), type: room.type, members }).id,
				update: async () => undefined,
			}),
			internal: {
				doGetUsernamesOfRoomById: async (roomId: string) => w.rooms.get(roomId)?.usernames ?? [],
				doGetUsernamesOfRoomByIdSync: (roomId: string) => w.rooms.get(roomId)?.usernames ?? [],
				doGetWorkspacePublicKey: async () => ({ id: 'Cloud_Workspace_PublicKey', value: w.keys.publicKey }),
			} as unknown as IInternalBridge,
			federation: {
				getPrivateKey: async () => w.keys.privateKey,
				getPublicKey: async () => w.keys.publicKey,
			} as IInternalFederationBridge,
			serverSetting: tallied(ServerSettingBridge, {
				getAll: async () => [...w.serverSettings.values()].map(clone),
				getOneById: async (id: string) => clone(w.serverSettings.get(id)),
				isReadableById: async (id: string) => w.serverSettings.has(id),
				hideGroup: async () => undefined,
				hideSetting: async () => undefined,
				updateOne: async () => undefined,
				incrementValue: async () => undefined,
			}),
			upload: tallied(UploadBridge, {}),
			email: tallied(EmailBridge, {}),
			user: tallied(UserBridge, {
				getById: async (id: string) => clone(w.users.get(id)),
				getByUsername: async (username: string) => clone(w.userByUsername(username)),
				getAppUser: async (appId?: string) => clone([...w.users.values()].find((u) => u.appId === appId)),
				getActiveUserCount: async () => w.users.size,
				getUserRoomIds: async (userId: string) => {
					const user = w.users.get(userId);
					return [...w.rooms.values()].filter((r) => user && r.usernames?.includes(user.username)).map((r) => r.id);
				},
				create: async (data: Partial<IUser>, appId: string) => w.addAppUser(appId, data.username ?? `app-${appId.slice(0, 8)}`).id,
				update: async (user: IUser, updates: Partial<IUser>, appId: string) => {
					const before = w.users.get(user.id);
					if (!before) return false;
					const after = { ...before, ...updates, updatedAt: new Date() } as IUser;
					w.users.set(user.id, after);
					this.events.onUserUpdated(before, after, appId);
					return true;
				},
				deleteUsersCreatedByApp: async (appId: string) => {
					for (const [id, u] of w.users) if (u.appId === appId) w.users.delete(id);
					return true;
				},
			}),
			ui: tallied(UiInteractionBridge, {
				notifyUser: async (user: IUser, interaction: IUIKitInteraction) => {
					const record = interaction as unknown as { type: string; view?: Record<string, unknown>; triggerId?: string };
					const ui: UiRecord = { user: user.username, type: record.type, view: record.view, triggerId: record.triggerId, at: Date.now() };
					this.ui.push(ui);
					w.events.emit('surface', ui);
				},
			}),
			scheduler: tallied(SchedulerBridge, {
				registerProcessors: async (processors: IProcessor[]) => {
					this.events.onProcessors(processors);
					return processors.map((p) => p.id);
				},
				scheduleOnce: async (job: IOnetimeSchedule, appId: string) => {
					const stored: StoredJob = { jobId: objectId(), name: job.id, appId, when: whenOf(job.when), data: job.data as Record<string, unknown> | undefined };
					w.jobs.set(stored.jobId, stored);
					this.events.onJobScheduled(stored);
					return stored.jobId;
				},
				scheduleRecurring: async (job: IRecurringSchedule, appId: string) => {
					const intervalMs = intervalOf(job.interval);
					const stored: StoredJob = { jobId: objectId(), name: job.id, appId, when: Date.now() + (job.skipImmediate ? intervalMs : 0), data: job.data as Record<string, unknown> | undefined, intervalMs };
					w.jobs.set(stored.jobId, stored);
					this.events.onJobScheduled(stored);
					return stored.jobId;
				},
				// As Rocket.Chat's bridge: the engine hands "<jobId>_<appId>"; a leading Agenda document id
				// (24 hex) cancels that one job, anything else cancels by name, i.e. every job of that processor.
				cancelJob: async (jobId: string) => {
					const head = jobId.split('_')[0];
					return this.events.onJobsCancelled(/^[0-9a-f]{24}$/i.test(head) ? (j) => j.jobId === head : (j) => j.name === jobId);
				},
				cancelAllJobs: async (appId: string) => this.events.onJobsCancelled((j) => j.appId === appId),
			}),
			cloud: tallied(CloudWorkspaceBridge, {}),
			video: tallied(VideoConferenceBridge, {}),
			oauth: tallied(OAuthAppsBridge, {}),
			moderation: tallied(ModerationBridge, {}),
			thread: tallied(ThreadBridge, {}),
			role: tallied(RoleBridge, {}),
			outbound: tallied(OutboundMessageBridge, {}),
			experimental: tallied(ExperimentalBridge, {}),
		};
	}

	private get<T>(key: string): T {
		return this.b[key] as T;
	}
	getCommandBridge = () => this.get<CommandBridge>('command');
	getContactBridge = () => this.get<ContactBridge>('contact');
	getApiBridge = () => this.get<ApiBridge>('api');
	getAppDetailChangesBridge = () => this.get<AppDetailChangesBridge>('detail');
	getEnvironmentalVariableBridge = () => this.get<EnvironmentalVariableBridge>('env');
	getHttpBridge = () => this.get<HttpBridge>('http');
	getListenerBridge = () => this.get<IListenerBridge>('listener');
	getLivechatBridge = () => this.get<LivechatBridge>('livechat');
	getMessageBridge = () => this.get<MessageBridge>('message');
	getPersistenceBridge = () => this.get<PersistenceBridge>('persistence');
	getAppActivationBridge = () => this.get<AppActivationBridge>('activation');
	getRoomBridge = () => this.get<RoomBridge>('room');
	getInternalBridge = () => this.get<IInternalBridge>('internal');
	getInternalFederationBridge = () => this.get<IInternalFederationBridge>('federation');
	getServerSettingBridge = () => this.get<ServerSettingBridge>('serverSetting');
	getUploadBridge = () => this.get<UploadBridge>('upload');
	getEmailBridge = () => this.get<EmailBridge>('email');
	getUserBridge = () => this.get<UserBridge>('user');
	getUiInteractionBridge = () => this.get<UiInteractionBridge>('ui');
	getSchedulerBridge = () => this.get<SchedulerBridge>('scheduler');
	getCloudWorkspaceBridge = () => this.get<CloudWorkspaceBridge>('cloud');
	getVideoConferenceBridge = () => this.get<VideoConferenceBridge>('video');
	getOAuthAppsBridge = () => this.get<OAuthAppsBridge>('oauth');
	getModerationBridge = () => this.get<ModerationBridge>('moderation');
	getThreadBridge = () => this.get<ThreadBridge>('thread');
	getRoleBridge = () => this.get<RoleBridge>('role');
	getOutboundMessageBridge = () => this.get<OutboundMessageBridge>('outbound');
	getExperimentalBridge = () => this.get<ExperimentalBridge>('experimental');
}

/** A job id as Agenda's MongoDB documents have them (24 hex), which Rocket.Chat's cancelJob recognises. */
function objectId(): string {
	return [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function whenOf(when: unknown): number {
	if (when instanceof Date) return when.getTime();
	if (typeof when === 'number') return when;
	if (typeof when === 'string') {
		const m = /^in (\d+) (second|minute|hour)s?$/.exec(when.trim());
		if (m) return Date.now() + Number(m[1]) * { second: 1000, minute: 60000, hour: 3600000 }[m[2] as 'second' | 'minute' | 'hour'];
		const parsed = Date.parse(when);
		if (!Number.isNaN(parsed)) return parsed;
	}
	throw new Error(`sandbox scheduler: cannot read "when" ${String(when)}`);
}

function intervalOf(interval: unknown): number {
	if (typeof interval === 'number') return interval;
	const m = /^(\d+) (second|minute|hour)s?$/.exec(String(interval).trim());
	if (m) return Number(m[1]) * { second: 1000, minute: 60000, hour: 3600000 }[m[2] as 'second' | 'minute' | 'hour'];
	throw new Error(`sandbox scheduler: cannot read interval ${String(interval)} (use "N seconds|minutes|hours" or ms)`);
}

