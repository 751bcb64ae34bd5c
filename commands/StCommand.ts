import { userLocale } from '../src/i18n';
import { parseSt } from '../src/parse/status';
import { stWords } from '../src/parse/st-words';
import { runSt } from '../src/status/actions';
import { openStatusForm } from '../src/status/form';
import { parseErrorText } from '../src/status/replies';
import { AppCommand, type CommandCall } from './base';

/** `/st …`: the agent's status in Rocket.Chat and Callbell (`/status` belongs to Rocket.Chat core). */
export class StCommand extends AppCommand {
	public command = 'st';
	public i18nParamsExample = 'cmd_st_params';
	public i18nDescription = 'cmd_st_description';

	protected async run({ ctx, a, user, room, args, triggerId, tr, who, reply }: CommandCall): Promise<void> {
		const parsed = parseSt(args, { now: Date.now(), utcOffset: user.utcOffset, words: stWords(userLocale(user)) });
		if (parsed.ok && parsed.request.kind === 'form' && triggerId && (await openStatusForm(ctx, a, user, triggerId, room.id, tr))) return;
		return reply(parsed.ok ? await runSt(ctx, a, user, parsed.request, who, tr) : parseErrorText(tr, parsed.error));
	}
}
