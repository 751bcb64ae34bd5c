import { userLocale } from '../src/i18n';
import { parseSt } from '../src/parse/status';
import { stWords } from '../src/parse/st-words';
import { runSt } from '../src/status/actions';
import { openBoard } from '../src/status/board/board';
import { openStatusForm } from '../src/status/form';
import { openReport } from '../src/status/report';
import { statusServices } from '../src/status/services';
import { parseErrorText } from '../src/status/replies/applied';
import { AppCommand, type CommandCall } from './base';

/** `/st …`: the agent's status in Rocket.Chat and Callbell (`/status` belongs to Rocket.Chat core). */
export class StCommand extends AppCommand {
	public command = 'st';
	public i18nParamsExample = 'cmd_st_params';
	public i18nDescription = 'cmd_st_description';

	protected async run({ ctx, a, user, room, args, triggerId, tr, who, reply }: CommandCall): Promise<void> {
		const parsed = parseSt(args, { now: Date.now(), utcOffset: user.utcOffset, words: stWords(userLocale(user)), locale: userLocale(user) });
		if (parsed.ok && parsed.request.kind === 'form' && triggerId && (await openStatusForm(statusServices(ctx, a), user, triggerId, room.id, tr))) return;
		if (parsed.ok && parsed.request.kind === 'report') return openReport(statusServices(ctx, a), user, parsed.request, tr, triggerId, reply);
		if (parsed.ok && parsed.request.kind === 'team') return openBoard({ s: statusServices(ctx, a), viewer: user, room, triggerId, tr, reply }, parsed.request.target);
		if (!parsed.ok) return reply(parseErrorText(tr, parsed.error));
		const answer = await runSt(statusServices(ctx, a), user, parsed.request, who, tr);
		return typeof answer === 'string' ? reply(answer) : reply(answer.text, answer.blocks);
	}
}
