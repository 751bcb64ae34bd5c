import type { IAppAccessors, IConfigurationExtend, IConfigurationModify, IEnvironmentRead, IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import { ApiSecurity, type IApiEndpoint } from '@rocket.chat/apps-engine/definition/api';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import { ContactDeleteCommand } from './commands/ContactDeleteCommand';
import { InboxBridgeCommand } from './commands/InboxBridgeCommand';
import { LeadCloseCommand } from './commands/LeadCloseCommand';
import { LeadCommand } from './commands/LeadCommand';
import { StCommand } from './commands/StCommand';
import { CallbellWebhookEndpoint } from './src/endpoints/callbell-webhook';
import { StatusEndpoint } from './src/endpoints/status';
import { type AppHandle, contextOf } from './src/context';
import { deliveryProcessors, scheduleHousekeeping } from './src/delivery/jobs';
import { announceEndpoints, endpointVisibility } from './src/endpoints/visibility';
import type { Feature } from './src/feature';
import { leadsFeature, onLivechatRoomClosed } from './src/leads/feature';
import { SETTINGS, SettingId } from './src/settings';
import { appSettings } from './src/settings-cache';
import { checkSavedCredential, guardSettingUpdate } from './src/settings-guard';
import { onUserStatusChanged, statusFeature } from './src/status/feature';
import { requestRearm } from './src/status/hours-plan';
import { outcomeNotices } from './src/ui/notices';
import { UiRouter } from './src/ui/router';

const FEATURES: Feature[] = [statusFeature, leadsFeature];
/** Commands and endpoints hold the App (as a handle) and build their context per call (see src/context.ts). */
const COMMANDS = (app: AppHandle): ISlashCommand[] => [new InboxBridgeCommand(app), new StCommand(app), new LeadCloseCommand(app), new LeadCommand(app), new ContactDeleteCommand(app)];
const ENDPOINTS = (app: AppHandle): IApiEndpoint[] => [new StatusEndpoint(app), new CallbellWebhookEndpoint(app)];

/**
 * The switchboard: declares settings, commands, endpoints, jobs and event handlers and hands each
 * to a service. Nothing else lives here.
 */
export class InboxBridgeApp extends App {
	private readonly ui = new UiRouter(FEATURES);

	constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
		super(info, logger, accessors);
	}

	protected async extendConfiguration(configuration: IConfigurationExtend, environment: IEnvironmentRead): Promise<void> {
		await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
		await configuration.scheduler.registerProcessors([...deliveryProcessors(outcomeNotices), ...FEATURES.flatMap((f) => f.processors?.() ?? [])]);
		const visibility = await endpointVisibility(environment);
		for (const endpoint of ENDPOINTS(this)) {
			await configuration.api.provideApi({ visibility, security: ApiSecurity.UNSECURE, endpoints: [endpoint] });
		}
		// Commands last, one by one: see provideCommand.
		for (const command of COMMANDS(this)) await provideCommand(configuration, command);
	}

	public async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
		appSettings.changed();
		await scheduleHousekeeping(configurationModify.scheduler);
		await requestRearm(configurationModify.scheduler, 'all');
		await announceEndpoints(contextOf(this).logger, this.getAccessors().providedApiEndpoints, environment, this.getAccessors().environmentWriter);
		return true;
	}

	public async onPreSettingUpdate(context: ISettingUpdateContext, _modify: IConfigurationModify, read: IRead, _http: IHttp): Promise<ISetting> {
		// May be undefined on purpose (secrets must not be echoed into the engine's log); see the guard.
		return (await guardSettingUpdate(contextOf(this), context, read)) as ISetting;
	}

	public async onSettingUpdated(setting: ISetting, modify: IConfigurationModify, read: IRead, http: IHttp): Promise<void> {
		appSettings.changed();
		await checkSavedCredential(contextOf(this), setting, read, http);
		if (setting.id === SettingId.DefaultWorkingHours) await requestRearm(modify.scheduler, 'default');
	}

	public async executePostUserStatusChanged(context: IUserStatusContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<void> {
		await onUserStatusChanged(contextOf(this), context, { read, http, persis, modify });
	}

	public async executePostLivechatRoomClosed(room: ILivechatRoom, read: IRead, http: IHttp, persis: IPersistence, modify?: IModify): Promise<void> {
		await onLivechatRoomClosed(contextOf(this), room, { read, http, persis, modify: modify as IModify });
	}

	public async executeBlockActionHandler(context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.blockAction(contextOf(this), context, { read, http, persis, modify });
	}

	public async executeViewSubmitHandler(context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.viewSubmit(contextOf(this), context, { read, http, persis, modify });
	}

	public async executeViewClosedHandler(context: UIKitViewCloseInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> {
		return this.ui.viewClosed(contextOf(this), context, { read, http, persis, modify });
	}
}

/**
 * Since Rocket.Chat 7.10 a disabled app keeps its slash commands, so enabling it again re-runs
 * extendConfiguration over commands the engine still holds, and the engine answers "already exists".
 * The command is there (ours, kept): carry on, so nothing declared after it is silently dropped.
 */
async function provideCommand(configuration: IConfigurationExtend, command: ISlashCommand): Promise<void> {
	try {
		await configuration.slashCommands.provideSlashCommand(command);
	} catch (e) {
		if (!/already exists/i.test(e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e))) throw e;
	}
}
