import { auditedRefusal } from '../src/leads/access';
import { leadModal } from '../src/leads/modal';
import { problemsText } from '../src/leads/replies';
import { leadServices } from '../src/leads/services';
import { hasAnyField, parseLeadUpdate } from '../src/parse/lead';
import { AppCommand, type CommandCall } from './base';

/** `/lead <uuid> key=value…` updates a BotPenguin lead; `/lead <uuid>` alone opens a form. */
export class LeadCommand extends AppCommand {
	public command = 'lead';
	public i18nParamsExample = 'lead_cmd_params';
	public i18nDescription = 'lead_cmd_description';

	protected async run({ ctx, a, user, room, args, triggerId, tr, who, reply }: CommandCall): Promise<void> {
		const refused = await auditedRefusal(a.read, a.persis, user, 'lead', this.command, tr);
		if (refused) return reply(refused);
		const parsed = parseLeadUpdate(args);
		if (!parsed.ok) return reply(`${problemsText(tr, parsed.problems)}\n${tr('lead_usage')}`);
		const { uuid, fields } = parsed.value;
		if (!hasAnyField(fields)) {
			if (!triggerId) return reply(`${tr('lead_no_trigger')}\n${tr('lead_usage')}`);
			await a.modify.getUiController().openSurfaceView(leadModal(ctx.appId, uuid, room.id, tr), { triggerId }, user);
			return;
		}
		const result = await leadServices(ctx, a).leads.update(uuid, fields, who, tr);
		return reply('text' in result ? result.text : `${problemsText(tr, result.problems)}\n${tr('lead_usage')}`);
	}
}
