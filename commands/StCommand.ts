import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { type AppContext, type AppHandle, contextOf } from '../src/context';
import { translator, userLocale } from '../src/i18n';
import { parseSt } from '../src/parse/status';
import { runSt } from '../src/status/actions';
import { parseErrorText } from '../src/status/replies';
import { openStatusForm } from '../src/status/form';
import { replyEphemeral } from '../src/ui/reply';

/** `/st …`: your status in Rocket.Chat and Callbell (Rocket.Chat core owns `/status`). Parse → one service call → reply. */
export class StCommand implements ISlashCommand {
	public command = 'st';
	public i18nParamsExample = 'cmd_st_params';
	public i18nDescription = 'cmd_st_description';
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
		const parsed = parseSt(context.getArguments(), { now: Date.now(), utcOffset: user.utcOffset });
		const a = { read, modify, http, persis };
		if (parsed.ok && parsed.request.kind === 'form') {
			const triggerId = context.getTriggerId();
			if (triggerId && (await openStatusForm(this.ctx, a, user, triggerId, room.id, tr))) return;
		}
		const text = parsed.ok
			? await runSt(this.ctx, a, user, parsed.request, { userId: user.id, username: user.username, roomId: room.id }, tr)
			: parseErrorText(tr, parsed.error);
		await replyEphemeral(read, modify, user, room, text);
	}
}
