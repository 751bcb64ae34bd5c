import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import type { AuditLog } from '../../store/audit';
import type { Identity, LinkResult } from '../model/identity';

/** Links `user` to a Callbell user: `self` for `/st link`, `admin` for `/inbox-bridge link`. A refusal is audited too. */
export async function linkAudited(s: { identity: Identity; audit: AuditLog; now: () => number }, user: IUser, uuid: string, by: 'admin' | 'self', requester: Requester): Promise<LinkResult> {
	const result = await s.identity.link(user, uuid, by);
	await s.audit.add({
		at: s.now(),
		userId: requester.userId,
		username: requester.username,
		action: 'callbell.link',
		vendor: 'callbell',
		object: `@${user.username} → ${uuid}`,
		outcome: result.ok ? 'done' : 'refused',
		...(result.ok ? {} : { detail: result.reason }),
	});
	return result;
}
