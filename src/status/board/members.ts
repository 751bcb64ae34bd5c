import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../../i18n';
import type { BoardTarget } from '../../parse/st-team';
import { isAdmin } from '../../roles';

/**
 * Whose board: a room or a team, and its members.
 * - The engine has no team reader (no accessor lists teams or their members in any 1.4x–1.6x engine),
 *   but every team has a main room named after it whose members are the team's members
 *   (`room.isTeamMain`). `@team-name` is therefore resolved as the room of that name that is a team's
 *   main room; a room of that name that is not one is "no such team".
 * - Members come from the room reader's `getMembers` (one engine call, the whole member list with
 *   each user's presence and status text), without bots and the app's own user, nor deactivated users.
 * - A board shows only a room or team the viewer belongs to (admins: any), so it never reveals who is in
 *   a private room.
 */

export type Resolved = { ok: true; room: IRoom; label: string } | { ok: false; text: string };

/** `#room`, or `@team` for a team's main room (whichever way it was asked for: the label follows the room). */
export function labelOf(room: IRoom): string {
	const name = room.slugifiedName || room.displayName || room.id;
	return room.isTeamMain ? `@${name}` : `#${name}`;
}

export async function resolveRoom(read: IRead, target: BoardTarget, here: IRoom, tr: Translator): Promise<Resolved> {
	if (target.kind === 'here') return { ok: true, room: here, label: labelOf(here) };
	const room = await read.getRoomReader().getByName(target.name);
	if (target.kind === 'room') return room ? { ok: true, room, label: labelOf(room) } : { ok: false, text: tr('st_board_no_room', { room: target.name }) };
	return room?.isTeamMain ? { ok: true, room, label: labelOf(room) } : { ok: false, text: tr('st_board_no_team', { team: target.name }) };
}

const isPerson = (u: IUser) => u && String(u.type) !== 'app' && String(u.type) !== 'bot' && u.isEnabled !== false;

/** The room's people, or a refusal when the viewer is not one of them (and no admin). */
export async function membersFor(read: IRead, viewer: IUser, room: IRoom, label: string, tr: Translator): Promise<{ ok: true; members: IUser[] } | { ok: false; text: string }> {
	const all = (await read.getRoomReader().getMembers(room.id)) ?? [];
	if (!isAdmin(viewer) && !all.some((m) => m?.id === viewer.id)) return { ok: false, text: tr('st_board_not_member', { room: label }) };
	return { ok: true, members: all.filter(isPerson) };
}
