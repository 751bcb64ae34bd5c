/** Slash commands the app registers, next to the core commands a real server already has. */
import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import { CommandBridge } from '@rocket.chat/apps-engine/server/bridges';
import { bridge } from './make';

/** Core commands a real server already has: registering one of these must fail like it does there. */
export const CORE_COMMANDS = ['status', 'invite', 'kick', 'leave', 'me', 'msg', 'topic', 'help'];

export type CommandRegistry = Map<string, { appId: string; command: ISlashCommand; enabled: boolean }>;

export function commandBridge(commands: CommandRegistry): CommandBridge {
	return bridge(CommandBridge, {
		doesCommandExist: async (command: string) => CORE_COMMANDS.includes(command) || commands.has(command),
		enableCommand: async (command: string) => {
			const c = commands.get(command);
			if (c) c.enabled = true;
		},
		disableCommand: async (command: string) => {
			const c = commands.get(command);
			if (c) c.enabled = false;
		},
		modifyCommand: async (command: ISlashCommand, appId: string) => {
			commands.set(command.command, { appId, command, enabled: true });
		},
		registerCommand: async (command: ISlashCommand, appId: string) => {
			commands.set(command.command, { appId, command, enabled: true });
		},
		unregisterCommand: async (command: string) => {
			commands.delete(command);
		},
	});
}
