import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { BoardTarget } from '../../parse/st-team';
import { isActive, isAdmin, isPerson } from '../../roles';

/**
 * Whose board: a room or a team, and its members.
 * - The engine has no team reader (no accessor lists teams or their members in any 1.4x–1.6x engine),
 *   but every team has a main room named after it whose members are the team's members
 *   (`room.isTeamMain`). `@team-name` is therefore resolved as the room of that name that is a team's
 *   main room; a room of that name that is not one is "no such team".
 * - Members come from the room reader's `getMembers` (one engine call, the whole member list with
 *   each user's presence and status text), people only (src/roles.ts: no bots, no app's user, nobody
 *   deactivated).
 * - A board shows only a room or team the viewer belongs to (admins: any), so it never reveals who is in
 *   a private room; "no such room" and "not yours" are one answer, so it never reveals that a private
 *   room exists either.
 */

/** `#room`, or `@team` for a team's main room (whichever way it was asked for: the label follows the room). */
export function labelOf(room: IRoom): string {
	const name = room.slugifiedName || room.displayName || room.id;
	return room.isTeamMain ? `@${name}` : `#${name}`;
}

/** How the viewer named the board, as a refusal repeats it: their own words, never the room's (its label would confirm the room exists). */
export function askedFor(target: BoardTarget, here: IRoom): string {
	return target.kind === 'here' ? labelOf(here) : `${target.kind === 'room' ? '#' : '@'}${target.name}`;
}

/** The room the viewer named: this room, a room by name, or a team by its main room. Undefined: no such room (or no such team). */
export async function resolveRoom(read: IRead, target: BoardTarget, here: IRoom | undefined): Promise<IRoom | undefined> {
	if (target.kind === 'here') return here;
	const room = (await read.getRoomReader().getByName(target.name)) ?? undefined;
	return target.kind === 'room' || room?.isTeamMain ? room : undefined;
}

/**
 * The room's people, or undefined when the viewer may not see them (not a member, and no admin). The
 * caller answers that exactly as it answers "no such room", so a refusal never tells a private room
 * from a name nobody uses.
 */
export async function membersFor(read: IRead, viewer: IUser, room: IRoom): Promise<IUser[] | undefined> {
	const all = (await read.getRoomReader().getMembers(room.id)) ?? [];
	if (!isAdmin(viewer) && !all.some((m) => m?.id === viewer.id)) return undefined;
	return all.filter((u) => u && isPerson(u) && isActive(u));
}
