/**
 * Events the server delivers to the app, on the instance where they happen: a presence change (the
 * agent's menu, or the app's own write coming back as Rocket.Chat's broadcast), an Omnichannel room
 * closing, a UIKit interaction. Handler exceptions are collected for the test (the engine only prints them).
 */
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { errorText } from './errors';
import type { Reply } from './types';
import type { World } from './world';

export interface EventHooks {
	world: World;
	manager(): AppManager;
	user(username: string): IUser;
	/** Runs `fn` as `username` and collects what the app produced. */
	capture(username: string, fn: () => Promise<unknown>): Promise<Reply>;
	track<T>(p: Promise<T>): Promise<T>;
	error(text: string): void;
	/** Whether a change the app made is broadcast back to it (Rocket.Chat's presence broadcast). */
	echoes(): boolean;
}

export class HostEvents {
	constructor(private readonly h: EventHooks) {}

	/** The agent changed presence in Rocket.Chat (the menu), on this instance. */
	public userStatusChanged(username: string, change: { status: string; statusText?: string; previousStatus?: string }): Promise<Reply> {
		const before = this.h.user(username);
		const after = { ...before, status: change.status, statusText: change.statusText ?? before.statusText } as IUser;
		this.h.world.users.set(after.id, after);
		return this.h.capture(username, () =>
			this.listener(AppInterface.IPostUserStatusChanged, { user: after, currentStatus: change.status, previousStatus: change.previousStatus ?? before.status }),
		);
	}

	public livechatRoomClosed(room: Record<string, unknown>, actingUser = 'admin'): Promise<Reply> {
		return this.h.capture(actingUser, () => this.listener(AppInterface.IPostLivechatRoomClosed, room));
	}

	/** The user bridge of this instance changed a user: Rocket.Chat broadcasts a presence change (not a text-only one) back here. */
	public echo(before: IUser, after: IUser): void {
		if (!this.h.echoes()) return;
		if (before.status === after.status && before.statusText === after.statusText) return;
		this.h.track(
			new Promise((r) => setImmediate(r)).then(() =>
				this.listener(AppInterface.IPostUserStatusChanged, { user: after, currentStatus: after.status, previousStatus: before.status }),
			),
		);
	}

	public async listener(int: AppInterface, data: unknown): Promise<unknown> {
		try {
			return await this.h.manager().getListenerManager().executeListener(int as never, data as never);
		} catch (e) {
			this.h.error(`${int}: ${errorText(e)}`);
			throw e;
		}
	}
}
