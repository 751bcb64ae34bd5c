import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole } from '../../roles';
import { mayManage } from './rule';

/**
 * Whose time in status a viewer may see (pure; the service looks the users and rooms up). Time in
 * status is a supervisor's data, not a peer's, so the rule is the managers' one, not the board's:
 * - their own, always;
 * - anyone else's only as a manager (a role in `status_manager_roles`), and only of the people that
 *   manager may change (manage-rule.ts: managed role, a person, active, not outranking them);
 * - `#room` / `@team`: the board's membership rule first (board/members.ts `membersFor`: members
 *   only, admins any room; a room the viewer may not see is answered as one that does not exist),
 *   then the rows are the members the viewer may see by the two rules above.
 * A refusal is one sentence whatever the reason, as for `/st @user`.
 */
export interface ReportRoles {
	/** `status_manager_roles` */
	managerRoles: ReadonlyArray<string>;
	/** `status_managed_roles` */
	managedRoles: ReadonlyArray<string>;
}

export function mayReportOn(viewer: IUser, target: IUser | undefined, roles: ReportRoles): boolean {
	if (target && target.id === viewer.id) return true;
	return hasAnyRole(viewer, roles.managerRoles) && mayManage(viewer, target, roles.managedRoles).ok;
}

/** The members of a room whose time the viewer may see; undefined when they may see nobody's but their own (not a manager). */
export function reportableMembers(viewer: IUser, members: ReadonlyArray<IUser>, roles: ReportRoles): IUser[] | undefined {
	if (!hasAnyRole(viewer, roles.managerRoles)) return undefined;
	return members.filter((m) => mayReportOn(viewer, m, roles));
}
