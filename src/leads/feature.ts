import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { AppContext } from '../context';
import type { Accessors, Feature } from '../feature';

/** Leads and contacts feature (`/lead-close`, `/lead`, `/contact-delete`, Omnichannel hook). */
export const leadsFeature: Feature = {
	commands: () => [],
	uiPrefix: 'lead.',
};

/** IPostLivechatRoomClosed: an Omnichannel room closed. */
export async function onLivechatRoomClosed(_ctx: AppContext, _room: ILivechatRoom, _a: Accessors): Promise<void> {
	// filled in by the leads feature
}
