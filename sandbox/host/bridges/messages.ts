/** What the app says: messages and ephemeral notifications recorded in the world, surfaces (modals) kept for the host. */
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUIKitInteraction } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { MessageBridge, UiInteractionBridge } from '@rocket.chat/apps-engine/server/bridges';
import { newId, type World } from '../world';
import { bridge } from './make';

export interface UiRecord {
	user: string;
	type: string;
	view?: Record<string, unknown>;
	triggerId?: string;
	at: number;
}

/** `instance`: the app instance whose engine these bridges serve (every message is stamped with it). */
export function messageBridge(w: World, instance: number): MessageBridge {
	return bridge(MessageBridge, {
		create: async (message: IMessage) => {
			w.record('message', message, undefined, instance);
			return newId('m');
		},
		update: async (message: IMessage) => {
			w.record('message', message, undefined, instance);
		},
		notifyUser: async (user: IUser, message: IMessage) => {
			w.record('ephemeral', message, user, instance);
		},
		notifyRoom: async (_room: IRoom, message: IMessage) => {
			w.record('message', message, undefined, instance);
		},
		typing: async () => undefined,
	});
}

/** Surfaces the app opens go to `opened` (newest last) and to the world's live feed. */
export function uiInteractionBridge(w: World, opened: UiRecord[]): UiInteractionBridge {
	return bridge(UiInteractionBridge, {
		notifyUser: async (user: IUser, interaction: IUIKitInteraction) => {
			const record = interaction as unknown as { type: string; view?: Record<string, unknown>; triggerId?: string };
			const ui: UiRecord = { user: user.username, type: record.type, view: record.view, triggerId: record.triggerId, at: Date.now() };
			opened.push(ui);
			w.events.emit('surface', ui);
		},
	});
}
