import { auditText, dropItem, queueText, retryItem } from '../src/ui/outbox-ops';
import { healthReport } from '../src/health';
import { isAdmin } from '../src/roles';
import { linkAgent } from '../src/status/admin-link';
import { AppCommand, type CommandCall } from './base';

/** `/inbox-bridge help|health|queue|retry|drop|audit|link`: the app's own help and operations command. */
export class InboxBridgeCommand extends AppCommand {
	public command = 'inbox-bridge';
	public i18nParamsExample = 'cmd_inbox_bridge_params';
	public i18nDescription = 'cmd_inbox_bridge_description';

	protected async run({ ctx, app, a, user, args, tr, reply }: CommandCall): Promise<void> {
		const [sub, ...rest] = args;
		const ops = { ctx, ...a, user, tr };
		switch ((sub ?? 'help').toLowerCase()) {
			case 'help':
				return reply(tr('help_text'));
			case 'health':
				return reply(isAdmin(user) ? await healthReport(a.read, a.http, tr, app.getAccessors().providedApiEndpoints) : tr('admin_only', { command: '/inbox-bridge health' }));
			case 'queue':
				return reply(await queueText(ops));
			case 'retry':
				return reply(await retryItem(ops, rest[0]));
			case 'drop':
				return reply(await dropItem(ops, rest[0]));
			case 'audit':
				return reply(await auditText(ops, rest));
			case 'link':
				return reply(await linkAgent(ops, rest));
			default:
				return reply(`${tr('unknown_subcommand', { sub: sub ?? '' })}\n${tr('help_text')}`);
		}
	}
}
