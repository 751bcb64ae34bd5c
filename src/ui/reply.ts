import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** Sends `text` to `user` only (an ephemeral message in `room`), as Rocket.Chat apps answer commands. */
export async function replyEphemeral(read: IRead, modify: IModify, user: IUser, room: IRoom, text: string): Promise<void> {
	const appUser = await read.getUserReader().getAppUser();
	const builder = modify.getCreator().startMessage().setRoom(room).setText(text);
	if (appUser) builder.setSender(appUser);
	await modify.getNotifier().notifyUser(user, builder.getMessage());
}
