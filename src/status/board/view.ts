import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { ButtonElement, ContextualBarSurfaceLayout, MessageSurfaceLayout } from '@rocket.chat/ui-kit';
import type { Translator } from '../../i18n';
import type { Presence } from '../../vendors/rocketchat';
import type { AttemptView } from '../model/attempts';
import type { AgentKnown, CallbellKnown, OmnichannelKnown } from '../replies/known';
import { callbellState, clockOf, presenceLabel } from '../replies/applied';
import { omnichannelNow } from '../replies/report';
import type { Page } from './order';
import { plain } from '../../ui/plain';
import { userLocale } from '../../i18n';
import { duration } from '../timeline/format';
import type { Overrunning } from '../timeline/overrun';

/** Ids of the board's surface and buttons (the status feature's `st.` prefix routes them here). */
export const BOARD = {
	viewPrefix: 'st.board.',
	refresh: 'st.board.refresh',
	previous: 'st.board.previous',
	next: 'st.board.next',
} as const;

/** A button's value: the room and the page it shows. */
export const boardValue = (roomId: string, page: number) => `${roomId}:${page}`;
export function parseBoardValue(value: unknown): { roomId: string; page: number } | undefined {
	const m = typeof value === 'string' ? /^([^:\s]{1,64}):(\d{1,6})$/.exec(value) : null;
	return m ? { roomId: m[1], page: Number(m[2]) } : undefined;
}

const DOT: Record<Presence, string> = { online: '🟢', away: '🟡', busy: '🔴', offline: '⚪' };

export interface BoardContent {
	appId: string;
	roomId: string;
	label: string;
	total: number;
	page: Page<AgentKnown>;
	callbellNames: Record<string, string>;
	now: number;
	/** members holding a preset past its allowed time (status_preset_limits), by user id */
	over?: Readonly<Record<string, Overrunning>>;
}

/** Linked to nothing: no Callbell user and not an Omnichannel agent; the app cannot mirror this member anywhere. */
const linkedToNothing = (f: AgentKnown): boolean => !f.callbell.linked && f.omnichannel.state === 'not_agent';

/** A system's state as confirmed, marked when a change is still queued (the words of `/st list`: report.ts). */
const queued = (tr: Translator, state: string, last: AttemptView<unknown>) => (last.state === 'pending' ? tr('st_board_queued', { state }) : state);

function callbellText(tr: Translator, cb: CallbellKnown, names: Record<string, string>): string {
	if (!cb.linked) return tr('st_board_cb_unlinked');
	return tr('st_board_cb', { state: queued(tr, cb.confirmed ? callbellState(tr, cb.confirmed, names) : tr('st_board_cb_unknown'), cb.last) });
}

function omnichannelText(tr: Translator, oc: OmnichannelKnown): string {
	if (oc.state === 'not_agent') return tr('st_board_omni_none');
	if (oc.state === 'not_followed') return tr('st_board_omni_unfollowed');
	return tr('st_board_omni', { state: queued(tr, omnichannelNow(tr, oc), oc.last) });
}

/** One member: presence, name, text and until on the first line; Callbell and Omnichannel (or "linked to nothing") on the second. */
export function memberText(tr: Translator, f: AgentKnown, names: Record<string, string>, viewer: IUser, over?: Overrunning, now = Date.now()): string {
	const name = f.user.name?.trim() || f.user.username;
	const rc = f.rocketchat;
	const first = `${DOT[rc.status]} *${name}* @${f.user.username} · ${presenceLabel(tr, rc.status)}${rc.text ? tr('st_text_part', { text: rc.text }) : ''}${
		rc.until !== undefined ? tr('st_until_part', { time: clockOf(rc.until, viewer.utcOffset) }) : ''
	}`;
	const second = linkedToNothing(f) ? tr('st_board_unlinked') : `${callbellText(tr, f.callbell, names)} · ${omnichannelText(tr, f.omnichannel)}`;
	const locale = userLocale(viewer);
	const mark = over ? `\n${tr('st_board_over', { preset: over.preset, time: duration(now - over.since, locale), limit: duration(over.limitMs, locale) })}` : '';
	return `${first}\n${second}${mark}`;
}

/** The board's blocks: valid on a contextual bar and in a message alike (section, context, divider, actions). */
export function boardBlocks(tr: Translator, viewer: IUser, c: BoardContent): MessageSurfaceLayout & ContextualBarSurfaceLayout {
	const { appId, roomId, page } = c;
	const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
	const button = (actionId: string, label: string, target: number, primary = false): ButtonElement => ({
		type: 'button',
		appId,
		blockId: 'st.board.actions',
		actionId,
		value: boardValue(roomId, target),
		text: plain(label),
		...(primary ? { style: 'primary' as const } : {}),
	});
	const rows =
		page.items.length === 0
			? [{ type: 'section' as const, appId, blockId: 'st.board.empty', text: mrkdwn(tr('st_board_empty')) }]
			: page.items.map((f) => ({ type: 'section' as const, appId, blockId: `st.board.member.${f.user.id}`, text: mrkdwn(memberText(tr, f, c.callbellNames, viewer, c.over?.[f.user.id], c.now)) }));
	return [
		{ type: 'section', appId, blockId: 'st.board.header', text: mrkdwn(tr('st_board_header', { room: c.label, count: c.total, page: page.page + 1, pages: page.pages })) },
		{ type: 'context', appId, blockId: 'st.board.as_of', elements: [mrkdwn(tr('st_board_as_of', { time: clockOf(c.now, viewer.utcOffset) }))] },
		{ type: 'divider', appId, blockId: 'st.board.top' },
		...rows,
		{ type: 'divider', appId, blockId: 'st.board.bottom' },
		{
			type: 'actions',
			appId,
			blockId: 'st.board.actions',
			elements: [
				button(BOARD.refresh, tr('st_board_refresh'), page.page, true),
				...(page.hasPrevious ? [button(BOARD.previous, tr('st_board_prev'), page.page - 1)] : []),
				...(page.hasNext ? [button(BOARD.next, tr('st_board_next'), page.page + 1)] : []),
			],
		},
	];
}
