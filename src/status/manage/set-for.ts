import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { AppContext } from '../../context';
import type { Requester } from '../../delivery/outbox';
import { type Translator, translator, userLocale } from '../../i18n';
import type { StChange } from '../../parse/st-target';
import { hasAnyRole } from '../../roles';
import { readSettings, SettingId } from '../../settings';
import type { AuditLog } from '../../store/audit';
import { tellUser } from '../../ui/reply';
import { mayManage } from './rule';
import { appliedText } from '../replies/applied';
import type { Identity } from '../model/identity';
import { unknownPresetText } from '../replies/want';
import type { StatusChanges } from '../turn/change';
import type { Applied } from '../model/types';

const ACTION = 'status.set_for';

/** What a manager's change works with (a call's status services). */
export interface ManageCall {
	ctx: AppContext;
	a: Accessors;
	identity: Identity;
	audit: AuditLog;
	changes: StatusChanges;
}

/**
 * `/st @bob away Covering the phones for 1h`: a manager (a role in `status_manager_roles`) sets an
 * agent's status through the one change entry (turn/change.ts), exactly as bob's own `/st`.
 * Bob is told in his language who changed it and to what; the audit names both (the manager as the
 * one who acted, bob as its subject, so bob's own `/inbox-bridge audit` lists it). The manager's role is
 * checked before the user is looked up: someone without it learns nothing about who exists. Whom a
 * manager may change is manage-rule.ts, decided before anything is written; every refused target
 * (unknown, not an agent, deactivated, a bot, an admin…) gets one sentence, and the reason goes to the
 * app's log only (the manager reads their own audit entries). `/st @<own username> …` is one's own `/st`.
 */
export async function setStatusFor(s: ManageCall, manager: IUser, request: { username: string; change: StChange }, requester: Requester, tr: Translator): Promise<string> {
	const { ctx, a, audit } = s;
	const object = `@${request.username}`;
	const isSelf = request.username === manager.username;
	let subject = manager;
	if (!isSelf) {
		const team = await readSettings(a.read, 'team');
		const roles = team[SettingId.StatusManagerRoles];
		if (!hasAnyRole(manager, roles)) {
			await audit.add({ at: Date.now(), userId: manager.id, username: manager.username, action: ACTION, vendor: 'rocketchat', object, outcome: 'refused', detail: `needs one of: ${roles.join(', ') || '(no role configured)'}` });
			return tr('st_manage_refused', { roles: roles.length ? roles.join(', ') : '-' });
		}
		const found = await s.identity.findUser(request.username);
		if (found?.id !== manager.id) {
			const managed = team[SettingId.StatusManagedRoles];
			const verdict = mayManage(manager, found, managed);
			if (!verdict.ok) {
				ctx.logger.info(`${ACTION}: @${manager.username} may not change ${object}: ${verdict.reason}`);
				const aimedAt = found ? { subject: { userId: found.id, username: found.username } } : {};
				await audit.add({ at: Date.now(), userId: manager.id, username: manager.username, action: ACTION, vendor: 'rocketchat', object, outcome: 'refused', detail: 'not a user this manager may change', ...aimedAt });
				return tr('st_manage_target_refused', { user: request.username, roles: managed.length ? managed.join(', ') : '-' });
			}
			subject = verdict.target;
		}
	}

	const changed = await s.changes.change(subject, request.change, { source: 'command', requester });
	if (!changed.ok) return unknownPresetText(tr, changed.problem);
	const timer = changed.hadTimer ? `\n${tr('st_timer_cancelled')}` : '';
	if (subject.id === manager.id) return `${appliedText(tr, changed.applied, manager)}${timer}`;

	const rc = changed.applied.rocketchat;
	await audit.add({
		at: Date.now(),
		userId: manager.id,
		username: manager.username,
		action: ACTION,
		vendor: 'rocketchat',
		object: `@${subject.username}`,
		outcome: rc.state === 'done' ? 'done' : 'failed',
		detail: rc.state === 'done' ? `${rc.status}${rc.statusText ? ` “${rc.statusText}”` : ''}${rc.until !== undefined ? ` until ${new Date(rc.until).toISOString()}` : ''}` : rc.reason,
		subject: { userId: subject.id, username: subject.username },
	});

	const trSubject = translator(userLocale(subject));
	const told = `${trSubject('st_manage_told', { manager: manager.username })}\n${appliedText(trSubject, changed.applied, subject)}${changed.hadTimer ? `\n${trSubject('st_timer_cancelled')}` : ''}`;
	if ((await tellUser(a.read, a.modify, subject, undefined, told)) === 'none') ctx.logger.warn(`${ACTION}: could not tell ${subject.username}`);
	return `${tr('st_manage_done', { user: subject.username })}\n${linesForManager(tr, changed.applied, manager, subject)}${timer}`;
}

/** The outcome as the manager reads it: times in the manager's own zone, "not linked" about the agent, not "you". */
function linesForManager(tr: Translator, applied: Applied, manager: IUser, subject: IUser): string {
	const notLinked = tr('st_cb_not_linked');
	return appliedText(tr, applied, manager)
		.split('\n')
		.map((line) => (line === notLinked ? tr('st_manage_cb_not_linked', { user: subject.username }) : line))
		.join('\n');
}
