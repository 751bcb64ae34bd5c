import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../src/delivery/outbox';
import { type AppContext, type AppHandle, contextOf } from '../src/context';
import type { Accessors } from '../src/accessors';
import { type Translator, translator, userLocale } from '../src/i18n';
import { replyEphemeral } from '../src/ui/reply';

/** Everything one command call needs, built once by the base class. */
export interface CommandCall {
	ctx: AppContext;
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
 * A slash command: parse → one service call → reply, written as `run(call)`. Holds the App (as a
 * small handle) so the runtime can give each call its own logger; see src/context.ts.
 */
export abstract class AppCommand implements ISlashCommand {
	public abstract command: string;
	public abstract i18nParamsExample: string;
	public abstract i18nDescription: string;
	public providesPreview = false;

	constructor(protected readonly app: AppHandle) {}

	protected abstract run(call: CommandCall): Promise<void>;

	public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
		const user = context.getSender();
		const room = context.getRoom();
		await this.run({
			ctx: contextOf(this.app),
			a: { read, modify, http, persis },
			user,
			room,
			args: context.getArguments(),
			triggerId: context.getTriggerId(),
			tr: translator(userLocale(user)),
			who: { userId: user.id, username: user.username, roomId: room.id },
			reply: (text, blocks) => replyEphemeral(read, modify, user, room, text, blocks),
		});
	}
}
