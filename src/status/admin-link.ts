import type { OpsContext } from '../ui/outbox-ops';
import { callbellUuidSchema } from '../parse/status';
import { isAdmin } from '../roles';
import { linkAudited } from './manage/link';
import { statusServices } from './services';

/** `/inbox-bridge link @user <callbell-uuid>` (admins): links another agent to their Callbell user. */
export async function linkAgent(o: OpsContext, args: string[]): Promise<string> {
	if (!isAdmin(o.user)) return o.tr('admin_only', { command: '/inbox-bridge link' });
	const [who, uuid] = args;
	if (!who?.startsWith('@') || !uuid || !callbellUuidSchema.safeParse(uuid).success) return o.tr('link_usage');
	const target = await o.read.getUserReader().getByUsername(who.slice(1));
	if (!target) return o.tr('audit_no_user', { user: who.slice(1) });
	const linked = await linkAudited(statusServices(o.ctx, o), target, uuid, 'admin', { userId: o.user.id, username: o.user.username });
	return linked.ok ? o.tr('link_done', { user: target.username, uuid }) : o.tr('link_refused_taken', { user: target.username, uuid });
}
