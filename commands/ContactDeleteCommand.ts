import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { type AppContext, type AppHandle, contextOf } from '../src/context';
import { translator, userLocale } from '../src/i18n';
import { refusal } from '../src/leads/access';
import { ContactService } from '../src/leads/contacts';
import { replyEphemeralBlocks } from '../src/leads/notify';
import { problemsText } from '../src/leads/replies';
import { parseContactDelete } from '../src/parse/lead';
import { replyEphemeral } from '../src/ui/reply';

/** `/contact-delete <id…> [sub:<id>…]`: marks BotPenguin contacts DELETED after the agent confirms. */
export class ContactDeleteCommand implements ISlashCommand {
	public command = 'contact-delete';
	public i18nParamsExample = 'contact_delete_cmd_params';
	public i18nDescription = 'contact_delete_cmd_description';
	public providesPreview = false;

	constructor(private readonly app: AppHandle) {}

	/** This call's context: read through `this.app` so the runtime's per-call logger is used. */
	private get ctx(): AppContext {
		return contextOf(this.app);
	}

	public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
		const user = context.getSender();
		const room = context.getRoom();
		const tr = translator(userLocale(user));
		const reply = (text: string) => replyEphemeral(read, modify, user, room, text);

		const refused = await refusal(read, persis, user, 'contacts', this.command, tr);
		if (refused) return reply(refused);
		const parsed = parseContactDelete(context.getArguments());
		if (!parsed.ok) return reply(`${problemsText(tr, parsed.problems)}\n${tr('contact_delete_usage')}`);
		const result = await new ContactService(this.ctx, { read, modify, http, persis }).request(parsed.value, { userId: user.id, username: user.username, roomId: room.id }, tr);
		if (!result.ok) return reply(result.text);
		return replyEphemeralBlocks(read, modify, user, room, result.text, result.blocks);
	}
}
