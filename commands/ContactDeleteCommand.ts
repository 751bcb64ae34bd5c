import { auditedRefusal } from '../src/leads/access';
import { leadServices } from '../src/leads/services';
import { problemsText } from '../src/leads/replies';
import { parseContactDelete } from '../src/parse/contacts';
import { replyEphemeral } from '../src/ui/reply';
import { AppCommand, type CommandCall } from './base';

/** `/contact-delete <id…> [sub:<id>…]`: marks BotPenguin contacts DELETED after the agent confirms. */
export class ContactDeleteCommand extends AppCommand {
	public command = 'contact-delete';
	public i18nParamsExample = 'contact_delete_cmd_params';
	public i18nDescription = 'contact_delete_cmd_description';

	protected async run({ ctx, a, user, room, args, tr, who, reply }: CommandCall): Promise<void> {
		const refused = await auditedRefusal(a.read, a.persis, user, 'contacts', this.command, tr);
		if (refused) return reply(refused);
		const parsed = parseContactDelete(args);
		if (!parsed.ok) return reply(`${problemsText(tr, parsed.problems)}\n${tr('contact_delete_usage')}`);
		const result = await leadServices(ctx, a).contacts.request(parsed.value, who, tr);
		if (!result.ok) return reply(result.text);
		return replyEphemeral(a.read, a.modify, user, room, result.text, result.blocks);
	}
}
