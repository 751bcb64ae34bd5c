/** Rooms and Omnichannel visitors, read from the world; a room the app creates (a direct message) is added to it. */
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { LivechatBridge, RoomBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { World } from '../world';
import { bridge, clone } from './make';

export function roomBridge(w: World): RoomBridge {
	return bridge(RoomBridge, {
		getById: async (id: string) => clone(w.rooms.get(id)),
		getByName: async (name: string) => clone([...w.rooms.values()].find((r) => r.slugifiedName === name)),
		getCreatorById: async () => undefined,
		getMembers: async (id: string) => {
			const room = w.rooms.get(id);
			return [...w.users.values()].filter((u) => room?.usernames?.includes(u.username));
		},
		getDirectByUsernames: async (usernames: string[]) =>
			clone(
				[...w.rooms.values()].find(
					(r) => r.type === RoomType.DIRECT_MESSAGE && usernames.every((u) => r.usernames?.includes(u)) && r.usernames?.length === usernames.length,
				),
			),
		create: async (room: IRoom, members: string[]) =>
			w.addRoom({ name: room.slugifiedName ?? members.join('-'), type: room.type, members }).id,
		update: async () => undefined,
	});
}

export function livechatBridge(w: World): LivechatBridge {
	return bridge(LivechatBridge, {
		isOnline: () => true,
		isOnlineAsync: async () => true,
		findVisitorById: async (id: string) => clone(w.visitors.get(id)),
		findVisitorByToken: async (token: string) => clone([...w.visitors.values()].find((v) => v.token === token)),
		findVisitorByEmail: async (email: string) =>
			clone([...w.visitors.values()].find((v) => (v.visitorEmails as Array<{ address: string }> | undefined)?.some((e) => e.address === email))),
		findRooms: async () => [],
	});
}
