import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole } from '../../roles';
import { mayManage } from './rule';

/**
 * Whose time in status a viewer may see of one other person (pure; src/status/report.ts looks users and
 * rooms up): one person's time is a supervisor's data, not a peer's, so the rule is the managers' one —
 * their own always; anyone else's only as a manager (a role in `status_manager_roles`) of someone that
 * manager may change (rule.ts: managed role, a person, active, not outranking them). A room or team is the
 * board's rule instead (report.ts). A refusal is one sentence whatever the reason, as for `/st @user`.
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
