import type { IMessageBuilder, IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

/** The app's bot user never changes for an installation: read once per app instance. */
let appUserKnown: IUser | undefined;
async function appUserOf(read: IRead): Promise<IUser | undefined> {
	appUserKnown ??= (await read.getUserReader().getAppUser()) ?? undefined;
	return appUserKnown;
}

/** Sends `text` (and optional blocks) to `user` only: an ephemeral message in `room`, as Rocket.Chat apps answer commands. */
export async function replyEphemeral(read: IRead, modify: IModify, user: IUser, room: IRoom, text: string, blocks?: object[]): Promise<void> {
	const appUser = await appUserOf(read);
	const builder = modify.getCreator().startMessage().setRoom(room).setText(text);
	if (blocks) builder.setBlocks(blocks as Parameters<IMessageBuilder['setBlocks']>[0]);
	if (appUser) builder.setSender(appUser);
	await modify.getNotifier().notifyUser(user, builder.getMessage());
}

/**
 * The direct message between the app's bot user and `user`, created when there is none yet (a file or a
 * later answer goes there). Undefined without a bot user or when Rocket.Chat creates no room.
 */
export async function directRoomWith(read: IRead, modify: IModify, user: IUser): Promise<{ room: IRoom; appUser: IUser } | undefined> {
	const appUser = await appUserOf(read);
	if (!appUser) return undefined;
	let dm: IRoom | undefined = await read.getRoomReader().getDirectByUsernames([appUser.username, user.username]);
	if (!dm) {
		const creator = modify.getCreator();
		const id = await creator.finish(
			creator.startRoom().setType(RoomType.DIRECT_MESSAGE).setCreator(appUser).setMembersToBeAddedByUsernames([appUser.username, user.username]),
		);
		dm = await read.getRoomReader().getById(id);
	}
	return dm ? { room: dm, appUser } : undefined;
}

/**
 * Tells a user something later (after a queued delivery, a button, a form): ephemeral in the room it
 * started in when that room still exists, otherwise a direct message from the app's bot user.
 */
export async function tellUser(read: IRead, modify: IModify, user: IUser, roomId: string | undefined, text: string): Promise<'ephemeral' | 'direct' | 'none'> {
	const room = roomId ? await read.getRoomReader().getById(roomId) : undefined;
	if (room) {
		await replyEphemeral(read, modify, user, room, text);
		return 'ephemeral';
	}
	const dm = await directRoomWith(read, modify, user);
	if (!dm) return 'none';
	await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(dm.room).setSender(dm.appUser).setText(text));
	return 'direct';
}

/** Posts `text` in the room named `name` (with or without `#`) as the app's bot user; false when there is no such room or no app user. */
export async function tellRoom(read: IRead, modify: IModify, name: string, text: string): Promise<boolean> {
	const room = await read.getRoomReader().getByName(name.trim().replace(/^#/, ''));
	const appUser = room ? await appUserOf(read) : undefined;
	if (!room || !appUser) return false;
	await modify.getCreator().finish(modify.getCreator().startMessage().setRoom(room).setSender(appUser).setText(text));
	return true;
}
