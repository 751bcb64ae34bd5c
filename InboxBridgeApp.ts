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
import { type AppHandle, callContext, onCall } from './src/context';
import { deliveryProcessors } from './src/delivery/jobs';
import { endpointVisibility } from './src/endpoints/visibility';
import type { Feature } from './src/feature';
import { leadsFeature, onLivechatRoomClosed } from './src/leads/feature';
import { SETTINGS, SettingId } from './src/settings';
import { appSettings } from './src/settings-cache';
import { checkSavedCredential, guardSettingUpdate } from './src/settings-guard';
import { enableApp } from './src/startup';
import { onUserStatusChanged, statusFeature } from './src/status/feature';
import { requestRearm } from './src/status/hours/plan';
import { outcomeNotices } from './src/ui/notices';
import { UiRouter } from './src/ui/router';

const FEATURES: Feature[] = [statusFeature, leadsFeature];
/** Commands, endpoints, processors and handlers close over the App they are registered with (src/context.ts). */
const COMMANDS = (app: AppHandle): ISlashCommand[] => [new InboxBridgeCommand(app), new StCommand(app), new LeadCloseCommand(app), new LeadCommand(app), new ContactDeleteCommand(app)];
const ENDPOINTS = (app: AppHandle): IApiEndpoint[] => [new StatusEndpoint(app), new CallbellWebhookEndpoint(app)];

/**
 * The switchboard: declares settings, commands, endpoints, jobs and event handlers and hands each
 * to a service. Nothing else lives here.
 *
 * Event and UIKit handlers are closures over this App, made at construction (`onCall`), never read
 * from the `this` an engine calls them with (src/context.ts says why). The lifecycle hooks below are
 * the App's own methods, which every engine calls on the App itself.
 */
export class InboxBridgeApp extends App {
	private readonly ui = new UiRouter(FEATURES);

	public readonly executePostUserStatusChanged = onCall(this, (ctx, context: IUserStatusContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify) =>
		onUserStatusChanged(ctx, context, { read, http, persis, modify }),
	);

	public readonly executePostLivechatRoomClosed = onCall(this, (ctx, room: ILivechatRoom, read: IRead, http: IHttp, persis: IPersistence, modify?: IModify) =>
		onLivechatRoomClosed(ctx, room, { read, http, persis, modify }),
	);

	public readonly executeBlockActionHandler = onCall(this, (ctx, context: UIKitBlockInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> =>
		this.ui.blockAction(ctx, context, { read, http, persis, modify }),
	);

	public readonly executeViewSubmitHandler = onCall(this, (ctx, context: UIKitViewSubmitInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> =>
		this.ui.viewSubmit(ctx, context, { read, http, persis, modify }),
	);

	public readonly executeViewClosedHandler = onCall(this, (ctx, context: UIKitViewCloseInteractionContext, read: IRead, http: IHttp, persis: IPersistence, modify: IModify): Promise<IUIKitResponse> =>
		this.ui.viewClosed(ctx, context, { read, http, persis, modify }),
	);

	constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
		super(info, logger, accessors);
	}

	protected async extendConfiguration(configuration: IConfigurationExtend, environment: IEnvironmentRead): Promise<void> {
		await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
		await configuration.scheduler.registerProcessors([...deliveryProcessors(this, outcomeNotices, FEATURES.flatMap((f) => (f.sweep ? [f.sweep] : []))), ...FEATURES.flatMap((f) => f.processors?.(this) ?? [])]);
		const visibility = await endpointVisibility(environment);
		for (const endpoint of ENDPOINTS(this)) {
			await configuration.api.provideApi({ visibility, security: ApiSecurity.UNSECURE, endpoints: [endpoint] });
		}
		// Commands last, one by one: see provideCommand.
		for (const command of COMMANDS(this)) await provideCommand(configuration, command);
	}

	public async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
		appSettings.changed();
		const accessors = this.getAccessors();
		await enableApp(callContext(this, this), { scheduler: configurationModify.scheduler, environment, writer: accessors.environmentWriter, endpoints: accessors.providedApiEndpoints });
		return true;
	}

	public async onPreSettingUpdate(context: ISettingUpdateContext, _modify: IConfigurationModify, read: IRead, _http: IHttp): Promise<ISetting> {
		// May be undefined on purpose (secrets must not be echoed into the engine's log); see the guard.
		return (await guardSettingUpdate(callContext(this, this), context, read)) as ISetting;
	}

	public async onSettingUpdated(setting: ISetting, modify: IConfigurationModify, read: IRead, http: IHttp): Promise<void> {
		appSettings.changed();
		await checkSavedCredential(callContext(this, this), setting, read, http);
		if (setting.id === SettingId.DefaultWorkingHours) await requestRearm(modify.scheduler, 'default');
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
