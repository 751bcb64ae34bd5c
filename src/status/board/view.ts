import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { ButtonElement, ContextualBarSurfaceLayout, MessageSurfaceLayout } from '@rocket.chat/ui-kit';
import type { Translator } from '../../i18n';
import type { Presence } from '../../vendors/rocketchat';
import { callbellState, clockOf, presenceLabel } from '../replies';
import { linkedToNothing, type MemberFacts, type OmnichannelFact } from './facts';
import type { Page } from './order';

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
const OMNICHANNEL: Record<OmnichannelFact, 'st_board_omni_available' | 'st_board_omni_not_available' | 'st_board_omni_agent' | 'st_board_omni_none'> = {
	available: 'st_board_omni_available',
	'not-available': 'st_board_omni_not_available',
	agent: 'st_board_omni_agent',
	none: 'st_board_omni_none',
};

export interface BoardContent {
	appId: string;
	roomId: string;
	label: string;
	total: number;
	page: Page<MemberFacts>;
	callbellNames: Record<string, string>;
	now: number;
}

function callbellText(tr: Translator, f: MemberFacts, names: Record<string, string>): string {
	if (!f.callbell) return tr('st_board_cb_unlinked');
	const ledger = f.callbell.ledger;
	if (!ledger || ledger.available === undefined) return ledger?.pending ? tr('st_board_cb_queued', { state: tr('st_board_cb_unknown') }) : tr('st_board_cb_unknown');
	const state = callbellState(tr, ledger, names);
	return tr('st_board_cb', { state: ledger.pending ? tr('st_board_cb_queued', { state }) : state });
}

/** One member: presence, name, text and until on the first line; Callbell and Omnichannel (or "linked to nothing") on the second. */
export function memberText(tr: Translator, f: MemberFacts, names: Record<string, string>, viewer: IUser): string {
	const name = f.user.name?.trim() || f.user.username;
	const first = `${DOT[f.presence]} *${name}* @${f.user.username} · ${presenceLabel(tr, f.presence)}${f.text ? tr('st_text_part', { text: f.text }) : ''}${
		f.until !== undefined ? tr('st_until_part', { time: clockOf(f.until, viewer.utcOffset) }) : ''
	}`;
	const second = linkedToNothing(f) ? tr('st_board_unlinked') : `${callbellText(tr, f, names)} · ${tr(OMNICHANNEL[f.omnichannel])}`;
	return `${first}\n${second}`;
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
		text: { type: 'plain_text', text: label, emoji: true },
		...(primary ? { style: 'primary' as const } : {}),
	});
	const rows =
		page.items.length === 0
			? [{ type: 'section' as const, appId, blockId: 'st.board.empty', text: mrkdwn(tr('st_board_empty')) }]
			: page.items.map((f) => ({ type: 'section' as const, appId, blockId: `st.board.member.${f.user.id}`, text: mrkdwn(memberText(tr, f, c.callbellNames, viewer)) }));
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
