import type { IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../i18n';
import { hasAnyRole } from '../roles';
import { readSettings, SettingId } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';

/** Which role setting guards an action: lead updates/closes, or contact deletion. */
export type Guard = 'lead' | 'contacts';

/**
 * Checks the acting user's roles against `lead_roles` / `contact_delete_roles`. On refusal returns the
 * translated reply and records the attempt in the audit log; `undefined` means allowed.
 */
export async function refusal(read: IRead, persis: IPersistence, user: IUser, guard: Guard, command: string, tr: Translator): Promise<string | undefined> {
	const settings = await readSettings(read, 'botpenguin');
	const roles = guard === 'lead' ? settings[SettingId.LeadRoles] : settings[SettingId.ContactDeleteRoles];
	if (hasAnyRole(user, roles)) return undefined;
	await new AuditLog(new KeyValueStore(read.getPersistenceReader(), persis)).add({
		at: Date.now(),
		userId: user.id,
		username: user.username,
		action: guard === 'lead' ? `lead.${command}` : 'contacts.delete',
		vendor: 'botpenguin',
		object: `/${command}`,
		outcome: 'refused',
		detail: `needs one of: ${roles.join(', ') || '(no role configured)'}`,
	});
	return tr('lead_refused', { command, roles: roles.length ? roles.join(', ') : '-' });
}
