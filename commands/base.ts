import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../src/delivery/outbox';
import { type AppContext, type AppHandle, heldApp, onCall } from '../src/context';
import type { Accessors } from '../src/accessors';
import { type Translator, translator, userLocale } from '../src/i18n';
import { replyEphemeral } from '../src/ui/reply';

/** Everything one command call needs, built once by the base class. */
export interface CommandCall {
	ctx: AppContext;
	/** The App this command was registered with (see src/context.ts). */
	app: AppHandle;
	a: Accessors;
	user: IUser;
	room: IRoom;
	args: string[];
	triggerId?: string;
	tr: Translator;
	/** Who asked, as the outbox records it. */
	who: Requester;
	/** Answers the user only (ephemeral), in their language. */
	reply(text: string, blocks?: object[]): Promise<void>;
}

/**
 * A slash command: parse → one service call → reply, written as `run(call)`. The executor is a closure
 * over the App it was registered with, never the engine's `this` (see src/context.ts); `app` stays a
 * property because the 1.62 runtime hands each call's logger through it.
 */
export abstract class AppCommand implements ISlashCommand {
	public abstract command: string;
	public abstract i18nParamsExample: string;
	public abstract i18nDescription: string;
	public providesPreview = false;
	public readonly executor: ISlashCommand['executor'];

	constructor(protected readonly app: AppHandle) {
		this.executor = onCall(
			app,
			async (ctx, context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> => {
				const user = context.getSender();
				const room = context.getRoom();
				await this.run({
					ctx,
					app,
					a: { read, modify, http, persis },
					user,
					room,
					args: context.getArguments(),
					triggerId: context.getTriggerId(),
					tr: translator(userLocale(user)),
					who: { userId: user.id, username: user.username, roomId: room.id },
					reply: (text, blocks) => replyEphemeral(read, modify, user, room, text, blocks),
				});
			},
			heldApp,
		);
	}

	protected abstract run(call: CommandCall): Promise<void>;
}
