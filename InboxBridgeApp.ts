import type { IAppAccessors, IConfigurationExtend, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { App } from '@rocket.chat/apps-engine/definition/App';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import { InboxBridgeCommand } from './commands/InboxBridgeCommand';
import type { AppContext } from './src/context';
import { SETTINGS } from './src/settings';

/**
 * The switchboard: declares settings, commands, endpoints, jobs and event handlers and hands each
 * to a service. Nothing else lives here.
 */
export class InboxBridgeApp extends App {
	private readonly ctx: AppContext;

	constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
		super(info, logger, accessors);
		this.ctx = { appId: info.id, logger };
	}

	protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
		await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
		await configuration.slashCommands.provideSlashCommand(new InboxBridgeCommand(this.ctx));
	}
}
