import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppContext } from '../context';
import type { Accessors, EventAccessors } from '../accessors';
import type { Feature } from '../feature';
import { translator, userLocale } from '../i18n';
import { auditedRefusal } from './access';
import { CANCEL_ACTION, CONFIRM_ACTION } from './contacts';
import { modalErrors, parseLeadModalState, parseLeadViewId } from './modal';
import { plainErrors } from '../ui/plain';
import { tellUser } from '../ui/reply';
import { closeLeadOfRoom } from './roomClose';
import { leadServices } from './services';

/** The Confirm/Cancel buttons of `/contact-delete`. */
async function onBlockAction(ctx: AppContext, context: UIKitBlockInteractionContext, a: Accessors): Promise<IUIKitResponse> {
	const data = context.getInteractionData();
	const ok = context.getInteractionResponder().successResponse();
	if (data.actionId !== CONFIRM_ACTION && data.actionId !== CANCEL_ACTION) return ok;
	const user = data.user;
	const tr = translator(userLocale(user));
	const { contacts } = leadServices(ctx, a);
	let text: string;
	if (data.actionId === CANCEL_ACTION) {
		text = await contacts.cancel(data.value ?? '', user, tr);
	} else {
		text = (await auditedRefusal(a.read, a.persis, user, 'contacts', 'contact-delete', tr)) ?? (await contacts.confirm(data.value ?? '', user, data.room?.id, tr));
	}
	if ((await tellUser(a.read, a.modify, user, data.room?.id, text)) === 'none') ctx.logger.warn(`${data.actionId}: could not answer ${user.username}`);
	return ok;
}

/** The `/lead <uuid>` form: same validation and service as the command; problems go back into the form. */
async function onViewSubmit(ctx: AppContext, context: UIKitViewSubmitInteractionContext, a: Accessors): Promise<IUIKitResponse> {
	const data = context.getInteractionData();
	const responder = context.getInteractionResponder();
	const target = parseLeadViewId(data.view.id);
	if (!target) return responder.successResponse();
	const user = data.user;
	const tr = translator(userLocale(user));
	const viewId = data.view.id;
	const refused = await auditedRefusal(a.read, a.persis, user, 'lead', 'lead', tr);
	if (refused) return responder.viewErrorResponse({ viewId, errors: plainErrors({ 'lead.f.status': refused }) });
	const parsed = parseLeadModalState(data.view.state);
	if (!parsed.ok) {
		const errors = parsed.empty ? plainErrors({ 'lead.f.status': tr('lead_modal_nothing') }) : modalErrors(tr, parsed.problems);
		return responder.viewErrorResponse({ viewId, errors });
	}
	const roomId = data.room?.id ?? target.roomId;
	const result = await leadServices(ctx, a).leads.update(target.uuid, parsed.value, { userId: user.id, username: user.username, roomId }, tr);
	if (!result.ok && 'problems' in result) return responder.viewErrorResponse({ viewId, errors: modalErrors(tr, result.problems) });
	if ((await tellUser(a.read, a.modify, user, data.room?.id ?? target.roomId, result.text)) === 'none') ctx.logger.warn(`lead form: could not answer ${user.username}`);
	return responder.successResponse();
}

/** Leads and contacts feature: the `/lead` form, the `/contact-delete` buttons, the Omnichannel hook (its commands are in commands/). */
export const leadsFeature: Feature = {
	uiPrefix: 'lead.',
	onBlockAction,
	onViewSubmit,
};

/**
 * IPostLivechatRoomClosed: an Omnichannel room closed. The engine declares its modifier optional;
 * without one the lead is still closed (sent at once, or queued), only a queued close waits for the
 * recurring delivery sweep (within a minute) instead of a drain armed for it.
 */
export async function onLivechatRoomClosed(ctx: AppContext, room: ILivechatRoom, a: EventAccessors): Promise<void> {
	await closeLeadOfRoom(ctx, room, a);
}
