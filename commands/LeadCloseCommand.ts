import { auditedRefusal } from '../src/leads/access';
import { problemsText } from '../src/leads/replies';
import { leadServices } from '../src/leads/services';
import { parseLeadClose } from '../src/parse/lead';
import { AppCommand, type CommandCall } from './base';

/** `/lead-close <uuid…> [note…]`: closes BotPenguin leads, one request per lead. */
export class LeadCloseCommand extends AppCommand {
	public command = 'lead-close';
	public i18nParamsExample = 'lead_close_cmd_params';
	public i18nDescription = 'lead_close_cmd_description';

	protected async run({ ctx, a, user, args, tr, who, reply }: CommandCall): Promise<void> {
		const refused = await auditedRefusal(a.read, a.persis, user, 'lead', this.command, tr);
		if (refused) return reply(refused);
		const parsed = parseLeadClose(args);
		if (!parsed.ok) return reply(`${problemsText(tr, parsed.problems)}\n${tr('lead_close_usage')}`);
		const result = await leadServices(ctx, a).leads.close(parsed.value.uuids, parsed.value.note, who, tr);
		return reply('text' in result ? result.text : problemsText(tr, result.problems));
	}
}
