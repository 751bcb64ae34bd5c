/** Users: reads from the world, and updates the host observes (Rocket.Chat broadcasts a presence change). */
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { World } from '../world';
import { bridge, clone } from './make';

export function userBridge(w: World, onUserUpdated: (before: IUser, after: IUser, appId: string) => void): UserBridge {
	return bridge(UserBridge, {
		getById: async (id: string) => clone(w.users.get(id)),
		getByUsername: async (username: string) => clone(w.userByUsername(username)),
		getAppUser: async (appId?: string) => clone([...w.users.values()].find((u) => u.appId === appId)),
		getActiveUserCount: async () => w.users.size,
		getUserRoomIds: async (userId: string) => {
			const user = w.users.get(userId);
			return [...w.rooms.values()].filter((r) => user && r.usernames?.includes(user.username)).map((r) => r.id);
		},
		create: async (data: Partial<IUser>, appId: string) => w.addAppUser(appId, data.username ?? `app-${appId.slice(0, 8)}`).id,
		update: async (user: IUser, updates: Partial<IUser>, appId: string) => {
			const before = w.users.get(user.id);
			if (!before) return false;
			const after = { ...before, ...updates, updatedAt: new Date() } as IUser;
			w.users.set(user.id, after);
			onUserUpdated(before, after, appId);
			return true;
		},
		deleteUsersCreatedByApp: async (appId: string) => {
			for (const [id, u] of w.users) if (u.appId === appId) w.users.delete(id);
			return true;
		},
	});
}
