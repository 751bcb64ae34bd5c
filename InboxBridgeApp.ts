import type { IAppAccessors, IConfigurationExtend, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import { InboxBridgeCommand } from './commands/InboxBridgeCommand';
import type { AppContext } from './src/context';
import { deliveryProcessors } from './src/delivery/jobs';
import type { Feature } from './src/feature';
import { leadsFeature, onLivechatRoomClosed } from './src/leads/feature';
import { SETTINGS } from './src/settings';
import { onUserStatusChanged, statusFeature } from './src/status/feature';
import { UiRouter } from './src/ui/router';

const FEATURES: Feature[] = [statusFeature, leadsFeature];

/**
 * The switchboard: declares settings, commands, endpoints, jobs and event handlers and hands each
 * to a service. Nothing else lives here.
 */
export class InboxBridgeApp extends App {
	private readonly ctx: AppContext;
	private readonly ui: UiRouter;

	constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
		super(info, logger, accessors);
		this.ctx = { appId: info.id, logger };
		this.ui = new UiRouter(this.ctx, FEATURES);
	}

	protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
		await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
		for (const command of [new InboxBridgeCommand(this.ctx), ...FEATURES.flatMap((f) => f.commands(this.ctx))]) {
			await configuration.slashCommands.provideSlashCommand(command);
		}
		await configuration.scheduler.registerProcessors([...deliveryProcessors(this.ctx), ...FEATURES.flatMap((f) => f.processors?.(this.ctx) ?? [])]);
		for (const endpoint of FEATURES.flatMap((f) => f.endpoints?.(this.ctx) ?? [])) {
			await configuration.api.provideApi({ visibility: ApiVisibility.PUBLIC, security: ApiSecurity.UNSECURE, endpoints: [endpoint] });
		}
	}

	public async executePostUserStatusChanged(context: IUserStatusContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
		await onUserStatusChanged(this.ctx, context, { read, http, persis, modify });
	}

	public async executePostLivechatRoomClosed(room: ILivechatRoom, read: IRead, http: IHttp, persis: IPersistence, modify?: IModify): Promise<void> {
		await onLivechatRoomClosed(this.ctx, room, { read, http, persis, modify: modify as IModify });
	}

	public async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.blockAction(context, { read, http, persis, modify });
	}

	public async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.viewSubmit(context, { read, http, persis, modify });
	}

	public async executeViewClosedHandler(context: UIKitViewCloseInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.viewClosed(context, { read, http, persis, modify });
	}
}
