/**
 * Rooms as people see them, for the terminal and the web page: `#general`, or a direct message
 * named after who is in it (`dm with @bob`), never a raw room id. A DM the app opens with a user
 * (tellUser in src/ui/reply.ts) is a room of its own: only its members see what is said there.
 */
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { World } from './world';

export interface RoomView {
	id: string;
	kind: 'channel' | 'dm';
	/** `#general`, or `dm with @bob` (the people in it besides app bots) */
	label: string;
	/** usernames of the members, app bots included */
	members: string[];
	/** the people in it who are not app bots */
	people: string[];
}

const isBot = (world: World, username: string): boolean => {
	const user = world.userByUsername(username);
	return Boolean(user && (user.appId || String(user.type) === 'app' || user.roles?.includes('bot')));
};

export function describeRoom(world: World, roomId: string): RoomView | undefined {
	const room = world.rooms.get(roomId);
	if (!room) return undefined;
	const members = [...((room as { usernames?: string[] }).usernames ?? [])];
	const people = members.filter((u) => !isBot(world, u));
	if (room.type === RoomType.DIRECT_MESSAGE) return { id: roomId, kind: 'dm', label: `dm with ${people.map((u) => `@${u}`).join(', ') || 'the app'}`, members, people };
	return { id: roomId, kind: 'channel', label: `#${room.slugifiedName ?? room.displayName ?? roomId}`, members, people };
}

/** The label of a room, or its id when the world has no such room (it was never created). */
export const roomLabel = (world: World, roomId: string): string => describeRoom(world, roomId)?.label ?? `room ${roomId}`;

/** The rooms `username` is in: channels first (as Rocket.Chat's sidebar groups them), then direct messages. */
export function roomsOf(world: World, username: string): RoomView[] {
	const views = [...world.rooms.keys()].map((id) => describeRoom(world, id)).filter((r): r is RoomView => Boolean(r && r.members.includes(username)));
	return [...views.filter((r) => r.kind === 'channel'), ...views.filter((r) => r.kind === 'dm')];
}
