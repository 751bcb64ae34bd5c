import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { type AppContext, type AppHandle, contextOf } from '../src/context';
import { translator, userLocale } from '../src/i18n';
import { refusal } from '../src/leads/access';
import { problemsText } from '../src/leads/replies';
import { LeadService } from '../src/leads/service';
import { parseLeadClose } from '../src/parse/lead';
import { replyEphemeral } from '../src/ui/reply';

/** `/lead-close <uuid…> [note…]`: closes BotPenguin leads, one request per lead. */
export class LeadCloseCommand implements ISlashCommand {
	public command = 'lead-close';
	public i18nParamsExample = 'lead_close_cmd_params';
	public i18nDescription = 'lead_close_cmd_description';
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

		const refused = await refusal(read, persis, user, 'lead', this.command, tr);
		if (refused) return reply(refused);
		const parsed = parseLeadClose(context.getArguments());
		if (!parsed.ok) return reply(`${problemsText(tr, parsed.problems)}\n${tr('lead_close_usage')}`);
		const result = await new LeadService(this.ctx, { read, modify, http, persis }).close(parsed.value.uuids, parsed.value.note, { userId: user.id, username: user.username, roomId: room.id }, tr);
		return reply('text' in result ? result.text : problemsText(tr, result.problems));
	}
}
