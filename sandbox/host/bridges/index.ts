/**
 * The in-memory bridges: what Rocket.Chat would answer the engine, over a World. The non-trivial
 * bridges live one per file next to this one; the rest answer here in a line or two.
 */
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
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
import type { IInternalBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalBridge';
import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges/IInternalFederationBridge';
import type { IListenerBridge } from '@rocket.chat/apps-engine/server/bridges/IListenerBridge';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';
import type { StoredJob, World } from '../world';
import { type CommandRegistry, commandBridge } from './commands';
import { httpBridge } from './http';
import { bridge, clone } from './make';
import { messageBridge, type UiRecord, uiInteractionBridge } from './messages';
import { persistenceBridge } from './persistence';
import { livechatBridge, roomBridge } from './rooms';
import { schedulerBridge } from './scheduler';
import { uploadBridge } from './uploads';
import { userBridge } from './users';

export { CORE_COMMANDS } from './commands';
export type { UiRecord } from './messages';

/** Events the host observes from the bridges (status echoes, modals, registrations). */
export interface BridgeEvents {
	onUserUpdated(before: IUser, after: IUser, appId: string): void;
	onJobScheduled(job: StoredJob): void;
	onJobsCancelled(predicate: (job: StoredJob) => boolean): void;
	onProcessors(processors: IProcessor[]): void;
	/** The engine saved an app setting (Rocket.Chat then tells its other instances: cluster.ts). */
	onSettingSaved(appId: string, setting: ISetting): void;
}

export class SandboxBridges extends AppBridges {
	public readonly commands: CommandRegistry = new Map();
	public readonly apis = new Map<string, AppApi>();
	public readonly ui: UiRecord[] = [];
	public readonly appStatuses: Array<{ appId: string; status: string }> = [];
	/** The server stopping: cuts off the app's HTTP calls still running and waits until they settle. */
	public readonly endHttp: () => Promise<void>;
	private readonly b: Record<string, object>;

	/** `instance`: which app instance of the deployment these bridges serve (0 for a single host). */
	constructor(world: World, private readonly events: BridgeEvents, instance = 0) {
		super();
		const w = world;
		const http = httpBridge(w);
		this.endHttp = http.end;
		this.b = {
			command: commandBridge(this.commands),
			contact: bridge(ContactBridge, {}),
			api: bridge(ApiBridge, {
				registerApi: async (api: AppApi) => {
					this.apis.set(api.computedPath ?? api.endpoint.path, api);
				},
				unregisterApis: async () => {
					this.apis.clear();
				},
			}),
			detail: bridge(AppDetailChangesBridge, { onAppSettingsChange: (appId: string, setting: ISetting) => this.events.onSettingSaved(appId, setting) }),
			env: bridge(EnvironmentalVariableBridge, {
				getValueByName: async () => undefined,
				isReadable: async () => false,
				isSet: async () => false,
			}),
			http: http.bridge,
			listener: {
				messageEvent: async () => undefined,
				roomEvent: async () => undefined,
				uiKitInteractionEvent: async () => undefined,
			} as unknown as IListenerBridge,
			livechat: livechatBridge(w),
			message: messageBridge(w, instance),
			persistence: persistenceBridge(w),
			activation: bridge(AppActivationBridge, {
				appAdded: async () => undefined,
				appUpdated: async () => undefined,
				appRemoved: async () => undefined,
				appStatusChanged: async (app: ProxiedApp, status: string) => {
					this.appStatuses.push({ appId: app.getID(), status });
				},
				actionsChanged: async () => undefined,
			}),
			room: roomBridge(w),
			internal: {
				doGetUsernamesOfRoomById: async (roomId: string) => w.rooms.get(roomId)?.usernames ?? [],
				doGetUsernamesOfRoomByIdSync: (roomId: string) => w.rooms.get(roomId)?.usernames ?? [],
				doGetWorkspacePublicKey: async () => ({ id: 'Cloud_Workspace_PublicKey', value: w.keys.publicKey }),
			} as unknown as IInternalBridge,
			federation: {
				getPrivateKey: async () => w.keys.privateKey,
				getPublicKey: async () => w.keys.publicKey,
			} as IInternalFederationBridge,
			serverSetting: bridge(ServerSettingBridge, {
				getAll: async () => [...w.serverSettings.values()].map(clone),
				getOneById: async (id: string) => clone(w.serverSettings.get(id)),
				isReadableById: async (id: string) => w.serverSettings.has(id),
				hideGroup: async () => undefined,
				hideSetting: async () => undefined,
				updateOne: async () => undefined,
				incrementValue: async () => undefined,
			}),
			upload: uploadBridge(w),
			email: bridge(EmailBridge, {}),
			user: userBridge(w, (before, after, appId) => this.events.onUserUpdated(before, after, appId)),
			ui: uiInteractionBridge(w, this.ui),
			scheduler: schedulerBridge(w, events),
			cloud: bridge(CloudWorkspaceBridge, {}),
			video: bridge(VideoConferenceBridge, {}),
			oauth: bridge(OAuthAppsBridge, {}),
			moderation: bridge(ModerationBridge, {}),
			thread: bridge(ThreadBridge, {}),
			role: bridge(RoleBridge, {}),
			outbound: bridge(OutboundMessageBridge, {}),
			experimental: bridge(ExperimentalBridge, {}),
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
