import type { IMessageBuilder, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { replyEphemeral } from '../ui/reply';

/** An ephemeral answer with UIKit blocks (the confirmation buttons); `text` is the fallback and notification text. */
export async function replyEphemeralBlocks(read: IRead, modify: IModify, user: IUser, room: IRoom, text: string, blocks: object[]): Promise<void> {
	const appUser = await read.getUserReader().getAppUser();
	const builder = modify
		.getCreator()
		.startMessage()
		.setRoom(room)
		.setText(text)
		.setBlocks(blocks as Parameters<IMessageBuilder['setBlocks']>[0]);
	if (appUser) builder.setSender(appUser);
	await modify.getNotifier().notifyUser(user, builder.getMessage());
}

/** Answers in `roomId` when it still exists (a button or form answer); logs otherwise. */
export async function replyInRoom(read: IRead, modify: IModify, user: IUser, room: IRoom | undefined, roomId: string | undefined, text: string): Promise<boolean> {
	const target = room ?? (roomId ? await read.getRoomReader().getById(roomId) : undefined);
	if (!target) return false;
	await replyEphemeral(read, modify, user, target, text);
	return true;
}
