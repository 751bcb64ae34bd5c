/** UIKit from the user's side: the surfaces the app opened, and submitting, closing or clicking in them. */
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { UiRecord } from './bridges';
import { newId } from './world';

export interface UiHooks<R> {
	opened: UiRecord[];
	appId(): string;
	user(username: string): IUser;
	room(roomId: string): IRoom | undefined;
	/** Runs the app's IUIKitInteractionHandler as `username` and captures what it produced. */
	interact(username: string, data: Record<string, unknown>): Promise<R>;
}

export class HostUi<R> {
	constructor(private readonly h: UiHooks<R>) {}

	/** Surfaces (modals) opened so far, newest last. */
	public readonly opened = (username?: string): UiRecord[] => this.h.opened.filter((u) => !username || u.user === username);

	public readonly last = (username?: string): UiRecord | undefined => this.opened(username).at(-1);

	/** Submits a view with `state` as `{blockId: {actionId: value}}`. */
	public readonly submit = (username: string, view: Record<string, unknown>, state: Record<string, Record<string, unknown>>, roomId = 'GENERAL'): Promise<R> =>
		this.h.interact(username, {
			type: 'viewSubmit',
			appId: this.h.appId(),
			actionId: undefined,
			triggerId: newId('trigger'),
			user: this.h.user(username),
			room: this.h.room(roomId),
			payload: { view: { ...view, state } },
		});

	public readonly close = (username: string, view: Record<string, unknown>): Promise<R> =>
		this.h.interact(username, {
			type: 'viewClosed',
			appId: this.h.appId(),
			user: this.h.user(username),
			payload: { view, isCleared: false },
		});

	/** Clicks a button (in a message or a modal). */
	public readonly blockAction = (username: string, action: { actionId: string; value?: string; blockId?: string; view?: Record<string, unknown>; roomId?: string }): Promise<R> =>
		this.h.interact(username, {
			type: 'blockAction',
			appId: this.h.appId(),
			actionId: action.actionId,
			triggerId: newId('trigger'),
			user: this.h.user(username),
			room: this.h.room(action.roomId ?? 'GENERAL'),
			container: action.view ? { type: 'view', id: action.view.id } : { type: 'message', id: 'm' },
			payload: { value: action.value, blockId: action.blockId ?? 'block', view: action.view },
		});
}
