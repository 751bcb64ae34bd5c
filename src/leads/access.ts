import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../i18n';
import { hasAnyRole } from '../roles';
import { readSettings, SettingId } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';

/** Which role setting an action is checked against: `lead_roles` (lead updates and closes) or `contact_delete_roles`. */
export type RoleScope = 'lead' | 'contacts';

/**
 * Checks the acting user's roles against `lead_roles` / `contact_delete_roles`. Allowed: `undefined`.
 * Refused: the attempt is written to the audit log, and the translated reply comes back.
 */
export async function auditedRefusal(read: IRead, persis: IPersistence, user: IUser, scope: RoleScope, command: string, tr: Translator): Promise<string | undefined> {
	const settings = await readSettings(read, 'botpenguin');
	const roles = scope === 'lead' ? settings[SettingId.LeadRoles] : settings[SettingId.ContactDeleteRoles];
	if (hasAnyRole(user, roles)) return undefined;
	await new AuditLog(new KeyValueStore(read.getPersistenceReader(), persis)).add({
		at: Date.now(),
		userId: user.id,
		username: user.username,
		action: scope === 'lead' ? `lead.${command}` : 'contacts.delete',
		vendor: 'botpenguin',
		object: `/${command}`,
		outcome: 'refused',
		detail: `needs one of: ${roles.join(', ') || '(no role configured)'}`,
	});
	return tr('lead_refused', { command, roles: roles.length ? roles.join(', ') : '-' });
}
