import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { hasAnyRole, isActive, isAdmin, isPerson } from '../../roles';

/**
 * Whom a manager may change (`/st @user …`), decided here and nowhere else, before anything is
 * written. The manager already holds a role in `status_manager_roles` (checked before the user is
 * even looked up); the target must be:
 * - someone: a user that exists;
 * - managed: holding a role in `status_managed_roles` (default `livechat-agent`);
 * - active: not deactivated;
 * - a person: never a bot or an app's user (this app's own included);
 * - not above the manager: holding no role the manager lacks, other than the base role `user` and the
 *   managed roles themselves (a manager does not need to be an agent to manage agents). `admin` is
 *   never such a managed role: an admin is changed only by an admin, whatever the settings say. An
 *   admin manager may change anyone else the rule lets through.
 *
 * The reason is for the app's log only: whoever is refused is told one sentence for every target,
 * so a refusal reveals nothing about who exists, who is an admin, a bot or deactivated.
 */

export type ManageRefusal = 'no_user' | 'not_managed' | 'inactive' | 'not_person' | 'outranks';
export type ManageVerdict = { ok: true; target: IUser } | { ok: false; reason: ManageRefusal };

/** Every user holds it: it says nothing about rank. */
const BASE_ROLE = 'user';

export function mayManage(manager: IUser, target: IUser | undefined, managedRoles: ReadonlyArray<string>): ManageVerdict {
	if (!target) return { ok: false, reason: 'no_user' };
	if (!isPerson(target)) return { ok: false, reason: 'not_person' };
	if (!isActive(target)) return { ok: false, reason: 'inactive' };
	if (!hasAnyRole(target, managedRoles)) return { ok: false, reason: 'not_managed' };
	if (outranks(target, manager, managedRoles)) return { ok: false, reason: 'outranks' };
	return { ok: true, target };
}

/** Whether the target holds a role that counts for rank and that the manager lacks. */
function outranks(target: IUser, manager: IUser, managedRoles: ReadonlyArray<string>): boolean {
	if (isAdmin(manager)) return false;
	const held = new Set(manager.roles ?? []);
	const rankless = new Set([BASE_ROLE, ...managedRoles.filter((r) => r !== 'admin')]);
	return (target.roles ?? []).some((role) => !rankless.has(role) && !held.has(role));
}
