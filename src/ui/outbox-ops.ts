import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import { Outbox, type OutboxItem, vendorOf } from '../delivery/outbox';
import { shownText, type Translator } from '../i18n';
import { isAdmin } from '../roles';
import { operationFailure } from './failures';

/** `/inbox-bridge queue|retry|drop|audit`: admins see everything, agents their own items. */
export interface OpsContext {
	ctx: AppContext;
	read: IRead;
	modify: IModify;
	http: IHttp;
	persis: IPersistence;
	user: IUser;
	tr: Translator;
}

const outboxOf = (o: OpsContext) => new Outbox(o.ctx, o);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

function stateText(o: OpsContext, item: OutboxItem): string {
	switch (item.state) {
		case 'failed':
			return o.tr('queue_state_failed');
		case 'unknown':
			return o.tr('queue_state_unknown', { id: item.id });
		case 'sending':
			return o.tr('queue_state_sending');
		case 'pending':
			return o.tr('queue_state_pending', { at: iso(item.nextAttemptAt) });
	}
}

function line(o: OpsContext, item: OutboxItem): string {
	const reason = item.lastError ? ` — ${operationFailure(o.tr, item.lastError, item.op, { final: item.state !== 'pending' })}` : '';
	return `• \`${item.id}\` ${item.op.kind} ${shownText(o.tr, item.label)} (@${item.username}, ${o.tr('queue_attempts', { count: item.attempts })}): ${stateText(o, item)}${reason}`;
}

/** The count by kind, the unreadable records (admins), the oldest items: a long queue as its last delivery run counted it. */
export async function queueText(o: OpsContext): Promise<string> {
	const admin = isAdmin(o.user);
	const q = await outboxOf(o).census.overview(admin ? undefined : o.user.id);
	const byKind = [...q.byKind];
	if (admin && q.unreadableCount > 0) byKind.push([o.tr('queue_unreadable_kind'), q.unreadableCount]);
	const count = byKind.reduce((n, [, c]) => n + c, 0);
	if (count === 0) return o.tr('queue_empty');
	const summary = byKind.map(([k, n]) => `${k}: ${n}`).join(', ');
	const asOf = q.asOf !== undefined ? [o.tr('queue_as_of', { at: iso(q.asOf), shown: q.oldest.length })] : [];
	const lines = admin ? q.unreadable.map((u) => `• ${o.tr('queue_unreadable', { id: u.id ?? '?', problem: u.problem })}`) : [];
	return [o.tr('queue_title', { count, summary }), ...asOf, ...lines, ...q.oldest.map((i) => line(o, i))].join('\n');
}

async function own(o: OpsContext, id: string | undefined): Promise<OutboxItem | string> {
	if (!id) return o.tr('queue_id_needed');
	const item = await outboxOf(o).get(id);
	if (!item || (!isAdmin(o.user) && item.userId !== o.user.id)) return o.tr('queue_not_found', { id });
	return item;
}

/** Sends an item again now: admins any item, agents their own (an outcome left unknown is theirs to check and resend). */
export async function retryItem(o: OpsContext, id: string | undefined): Promise<string> {
	const item = await own(o, id);
	if (typeof item === 'string') return item;
	if (!(await outboxOf(o).retry(item.id))) return o.tr('queue_busy', { id: item.id });
	return o.tr('queue_retried', { id: item.id });
}

export async function dropItem(o: OpsContext, id: string | undefined): Promise<string> {
	if (!isAdmin(o.user)) return o.tr('admin_only', { command: '/inbox-bridge drop' });
	if (!id) return o.tr('queue_id_needed');
	const outbox = outboxOf(o);
	const item = await outbox.get(id);
	// An unreadable record can be dropped too: that is how an admin clears what another version left.
	if (!(await outbox.drop(id))) return o.tr('queue_not_found', { id });
	await outbox.auditLog().add({
		at: Date.now(),
		userId: o.user.id,
		username: o.user.username,
		action: 'outbox.drop',
		vendor: item ? vendorOf(item.op) : '?',
		object: item?.label ?? id,
		outcome: 'cancelled',
	});
	return o.tr('queue_dropped', { id });
}

/** `/inbox-bridge audit [@user] [n]` — admins any user, agents only themselves. */
export async function auditText(o: OpsContext, args: string[]): Promise<string> {
	const who = args.find((a) => a.startsWith('@'))?.slice(1);
	const n = Math.min(100, Math.max(1, Number(args.find((a) => /^\d+$/.test(a)) ?? 20)));
	let userId: string | undefined = o.user.id;
	// an agent asking for someone else's entries is told so, never handed their own instead
	if (!isAdmin(o.user) && who !== undefined && who.toLowerCase() !== o.user.username.toLowerCase()) return o.tr('audit_own_only');
	if (isAdmin(o.user)) {
		userId = undefined;
		if (who) {
			const target = await o.read.getUserReader().getByUsername(who);
			if (!target) return o.tr('audit_no_user', { user: who });
			userId = target.id;
		}
	}
	const { entries, unreadable } = await outboxOf(o).auditLog().recent(n, userId);
	const skipped = unreadable > 0 ? [o.tr('audit_unreadable', { count: unreadable })] : [];
	if (entries.length === 0) return [o.tr('audit_empty'), ...skipped].join('\n');
	return [
		o.tr('audit_title', { count: entries.length }),
		// the object and the outcome are codes in the record: words in the reader's language
		...entries.map((e) => `• ${iso(e.at)} @${e.username} ${e.action} ${e.vendor} ${shownText(o.tr, e.object)}: ${o.tr(`audit_outcome_${e.outcome}`)}${e.detail ? ` (${e.detail})` : ''}`),
		...skipped,
	].join('\n');
}
