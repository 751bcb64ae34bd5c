import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { type AppContext, type AppHandle, contextOf } from '../src/context';
import { healthReport } from '../src/health';
import { auditText, dropItem, type OpsContext, queueText, retryItem } from '../src/delivery/operations';
import { uuidSchema } from '../src/parse/status';
import { isAdmin } from '../src/roles';
import { StatusService } from '../src/status/service';
import { translator, userLocale } from '../src/i18n';
import { replyEphemeral } from '../src/ui/reply';

/** `/inbox-bridge help|health|…`: the app's own admin and help command. */
export class InboxBridgeCommand implements ISlashCommand {
	public command = 'inbox-bridge';
	public i18nParamsExample = 'cmd_inbox_bridge_params';
	public i18nDescription = 'cmd_inbox_bridge_description';
	public providesPreview = false;

	constructor(private readonly app: AppHandle) {}

	/** This call's context: read through `this.app` so the runtime's per-call logger is used. */
	private get ctx(): AppContext {
		return contextOf(this.app);
	}

	public async executor(context: SlashCommandContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<void> {
		const user = context.getSender();
		const tr = translator(userLocale(user));
		const [sub, ...rest] = context.getArguments();
		const ops = { ctx: this.ctx, read, modify, http, persis, user, tr };
		let text: string;
		switch ((sub ?? 'help').toLowerCase()) {
			case 'help':
				text = tr('help_text');
				break;
			case 'health':
				text = isAdmin(user) ? await healthReport(read, http, tr) : tr('admin_only', { command: '/inbox-bridge health' });
				break;
			case 'queue':
				text = await queueText(ops);
				break;
			case 'retry':
				text = await retryItem(ops, rest[0]);
				break;
			case 'drop':
				text = await dropItem(ops, rest[0]);
				break;
			case 'audit':
				text = await auditText(ops, rest);
				break;
			case 'link':
				text = await this.link(ops, rest);
				break;
			default:
				text = `${tr('unknown_subcommand', { sub: sub ?? '' })}\n${tr('help_text')}`;
		}
		await replyEphemeral(read, modify, user, context.getRoom(), text);
	}

	/** `/inbox-bridge link @user <callbell-uuid>` (admins): links another agent to their Callbell user. */
	private async link(o: OpsContext, args: string[]): Promise<string> {
		if (!isAdmin(o.user)) return o.tr('admin_only', { command: '/inbox-bridge link' });
		const [who, uuid] = args;
		if (!who?.startsWith('@') || !uuid || !uuidSchema.safeParse(uuid).success) return o.tr('link_usage');
		const target = await o.read.getUserReader().getByUsername(who.slice(1));
		if (!target) return o.tr('audit_no_user', { user: who.slice(1) });
		await new StatusService(o.ctx, { read: o.read, modify: o.modify, http: o.http, persis: o.persis }).link(target, uuid);
		return o.tr('link_done', { user: target.username, uuid });
	}
}
