import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import type { Accessors, Feature } from '../feature';

/** Status feature (`/st`, Callbell mirroring, bot endpoint, Callbell webhook). */
export const statusFeature: Feature = {
	commands: () => [],
	uiPrefix: 'st.',
};

/** IPostUserStatusChanged: a status changed in Rocket.Chat (menu, another app, or this app). */
export async function onUserStatusChanged(_ctx: AppContext, _context: IUserStatusContext, _a: Accessors): Promise<void> {
	// filled in by the status feature
}
