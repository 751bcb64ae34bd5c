import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors';
import { UIKitSurfaceType, type IUIKitResponse, type UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { ButtonElement, ModalSurfaceLayout } from '@rocket.chat/ui-kit';
import { translator, type Translator, userLocale } from '../i18n';
import { parseExpiryPhrase, ST_PRESENCES, ST_TEXT_MAX, type StRequest } from '../parse/status';
import { stWords } from '../parse/st-words';
import { plain, plainErrors } from '../ui/plain';
import { replyEphemeral } from '../ui/reply';
import { isPresence, statusTextLength } from '../vendors/rocketchat';
import { runSt } from './actions';
import { parseErrorText } from './replies/applied';
import { reportLines } from './replies/report';
import { rcPresets } from './presets/lists';
import { readKnown } from './replies/known';
import type { StatusServices } from './services';

/**
 * `/st` alone: a modal with presence, preset, text and duration. Its view id carries the room the
 * command came from (`st.form.<roomId>`), so the outcome is answered there like the command's.
 */
export const FORM_PREFIX = 'st.form.';
const B = { presence: 'st.presence', preset: 'st.preset', text: 'st.text', duration: 'st.duration' } as const;
const NO_PRESET = '-';


/** Opens the form; false when it could not be opened (the command then answers with the usage). */
export async function openStatusForm(s: StatusServices, user: IUser, triggerId: string, roomId: string, tr: Translator): Promise<boolean> {
	const { ctx, a } = s;
	const [presets, known] = await Promise.all([rcPresets(a.read, a.http, s.store), readKnown(s, [user], { detail: true })]);
	const current = isPresence(user.status) ? user.status : 'online';
	const presetOptions = [
		{ text: plain(tr('st_form_none')), value: NO_PRESET },
		...(presets.ok ? presets.value : []).slice(0, 99).map((p) => ({ text: plain(`${p.name} (${tr(`st_presence_${p.statusType}`)})`), value: p.name })),
	];
	// Typed with Rocket.Chat's ui-kit (compile time): every element carries appId, blockId and actionId,
	// a select its placeholder; sandbox/contracts/uikit.ts checks the opened view.
	const appId = ctx.appId;
	const ids = (blockId: string) => ({ appId, blockId, actionId: 'value' });
	const blocks: ModalSurfaceLayout = [
		// what each system has now (confirmed, pending, failed), so the agent sees what a change would fix
		{ type: 'context', appId, blockId: 'st.now', elements: [{ type: 'mrkdwn', text: reportLines(tr, known.agents[0], known.callbellNames, user).join('\n') }] },
		{
			type: 'input',
			appId,
			blockId: B.presence,
			label: plain(tr('st_form_presence')),
			element: { type: 'static_select', ...ids(B.presence), placeholder: plain(tr('st_form_presence')), initialValue: current, options: ST_PRESENCES.map((p) => ({ text: plain(tr(`st_presence_${p}`)), value: p })) },
		},
		{
			type: 'input',
			appId,
			blockId: B.preset,
			optional: true,
			label: plain(tr('st_form_preset')),
			element: { type: 'static_select', ...ids(B.preset), placeholder: plain(tr('st_form_preset')), initialValue: NO_PRESET, options: presetOptions },
		},
		{ type: 'input', appId, blockId: B.text, optional: true, label: plain(tr('st_form_text')), element: { type: 'plain_text_input', ...ids(B.text), initialValue: user.statusText ?? '' } },
		{ type: 'input', appId, blockId: B.duration, optional: true, label: plain(tr('st_form_duration')), element: { type: 'plain_text_input', ...ids(B.duration) } },
	];
	const button = (actionId: string, label: string): ButtonElement => ({ type: 'button', appId, blockId: 'st.form.buttons', actionId, text: plain(label) });
	const view: IUIKitSurfaceViewParam = {
		id: `${FORM_PREFIX}${roomId}`,
		type: UIKitSurfaceType.MODAL,
		title: plain(tr('st_form_title')),
		submit: button('st.form.submit', tr('st_form_submit')),
		close: button('st.form.cancel', tr('st_form_cancel')),
		blocks,
	};
	try {
		await a.modify.getUiController().openSurfaceView(view, { triggerId }, user);
		return true;
	} catch (e) {
		ctx.logger.warn(`st form: ${e instanceof Error ? e.message : String(e)}`);
		return false;
	}
}

/** The form's submit: the same request `/st` would make; field errors stay in the form. */
export async function submitStatusForm(s: StatusServices, context: UIKitViewSubmitInteractionContext): Promise<IUIKitResponse> {
	const { a } = s;
	const data = context.getInteractionData();
	const user = data.user;
	const tr = translator(userLocale(user));
	const state = (data.view.state ?? {}) as Record<string, Record<string, unknown>>;
	const field = (block: string) => {
		const v = state[block]?.value;
		return typeof v === 'string' ? v.trim() : '';
	};
	const responder = context.getInteractionResponder();
	const errors: Record<string, string> = {};

	const presence = field(B.presence) || 'online';
	const preset = field(B.preset);
	const text = field(B.text);
	const duration = field(B.duration);
	if (!isPresence(presence)) errors[B.presence] = tr('st_err_unknown_status', { word: presence });
	if (statusTextLength(text) > ST_TEXT_MAX) errors[B.text] = tr('st_err_text_too_long', { length: statusTextLength(text), max: ST_TEXT_MAX });
	let until: number | undefined;
	if (duration) {
		const expiry = parseExpiryPhrase(duration, { utcOffset: user.utcOffset, words: stWords(userLocale(user)) });
		if (expiry.ok) until = expiry.until;
		else errors[B.duration] = parseErrorText(tr, expiry.error).split('\n')[0];
	}
	if (Object.keys(errors).length > 0) return responder.viewErrorResponse({ viewId: data.view.id, errors: plainErrors(errors) });

	const timed = until !== undefined ? { until } : {};
	const request: StRequest =
		preset && preset !== NO_PRESET ? { kind: 'preset', name: preset, ...timed } : { kind: 'set', presence: isPresence(presence) ? presence : 'online', text, ...timed };
	const roomId = data.view.id.startsWith(FORM_PREFIX) ? data.view.id.slice(FORM_PREFIX.length) : data.room?.id;
	const reply = await runSt(s, user, request, { userId: user.id, username: user.username, roomId }, tr);
	const room = roomId ? await a.read.getRoomReader().getById(roomId) : data.room;
	if (room) await (typeof reply === 'string' ? replyEphemeral(a.read, a.modify, user, room, reply) : replyEphemeral(a.read, a.modify, user, room, reply.text, reply.blocks));
	return responder.successResponse();
}
