import { type IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { UIKitSurfaceType, type IUIKitResponse, type UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../../context';
import type { Accessors } from '../../accessors';
import { type Translator, translator, userLocale } from '../../i18n';
import type { BoardTarget } from '../../parse/st-team';
import { hasAnyRole } from '../../roles';
import { readSettings, SettingId } from '../../settings';
import type { AuditLog } from '../../store/audit';
import { replyEphemeral, tellUser } from '../../ui/reply';
import { type KnownSources, presenceOf, readKnown } from '../replies/known';
import { parsePresetLimits } from '../timeline/limits';
import { type Overrunning, overrunningNow } from '../timeline/overrun';
import { TimelineStore } from '../timeline/store';
import { askedFor, labelOf, membersFor, resolveRoom } from './members';
import { orderMembers, pageOf } from './order';
import { BOARD, boardBlocks, parseBoardValue } from './view';
import { plain } from '../../ui/plain';

/**
 * `/st team [#room | @team-name]`: everyone's status in a room or team, one page (20) at a time,
 * available first. Shown in a contextual bar opened with the command's trigger (Refresh, Previous and
 * Next update it in place); where no bar can open, as an ephemeral message whose buttons answer with a
 * new one. It reads only what the app and Rocket.Chat already hold — never a vendor.
 * Who may: a role in `status_board_roles`, and membership of the room (admins: any room); a room that
 * does not exist and one the viewer may not see get the same answer. Opening a board and every refusal
 * are audited; Refresh and paging are reads, not audited.
 */

type Built = { ok: true; room: IRoom; label: string; blocks: ReturnType<typeof boardBlocks> } | { ok: false; text: string; hidden?: true };

const ACTION = 'status.board';

/** What the board works with (a call's status services): the reading behind `/st list`, the audit, the call. */
export interface BoardServices extends KnownSources {
	ctx: AppContext;
	a: Accessors;
	audit: AuditLog;
}

/**
 * The board's page, or why not. `resolve` finds the room; `hidden` is the one answer for a room that
 * does not exist and for one the viewer may not see (the same words, so nothing tells them apart).
 */
async function build(s: BoardServices, viewer: IUser, resolve: () => Promise<IRoom | undefined>, hidden: string, page: number, tr: Translator): Promise<Built> {
	const { ctx, a, audit } = s;
	const roles = (await readSettings(a.read, 'team'))[SettingId.StatusBoardRoles];
	if (!hasAnyRole(viewer, roles)) {
		await audit.add({ at: Date.now(), userId: viewer.id, username: viewer.username, action: ACTION, vendor: 'rocketchat', object: '/st team', outcome: 'refused', detail: `needs one of: ${roles.join(', ') || '(no role configured)'}` });
		return { ok: false, text: tr('st_board_refused', { roles: roles.length ? roles.join(', ') : '-' }) };
	}
	const room = await resolve();
	const members = room ? await membersFor(a.read, viewer, room) : undefined;
	if (!room || !members) return { ok: false, text: hidden, hidden: true };
	const label = labelOf(room);
	const ordered = orderMembers(members.map((user) => ({ user, username: user.username, name: user.name, presence: presenceOf(user) })));
	const shown = pageOf(ordered, page);
	const now = Date.now();
	// what the app knows of the page's members: the same reading as `/st list` (replies/known.ts), without failure details
	const { agents, callbellNames } = await readKnown(s, shown.items.map((m) => m.user), { detail: false });
	// holds past a preset's allowed time (one timeline read per member shown, only when a preset has a limit)
	const limits = parsePresetLimits((await readSettings(a.read, 'team'))[SettingId.StatusPresetLimits]).limits;
	const timeline = new TimelineStore(s.store.raw());
	const over: Record<string, Overrunning> = {};
	for (const m of agents) {
		const o = await overrunningNow(timeline, m.user.id, limits, now);
		if (o) over[m.user.id] = o;
	}
	const blocks = boardBlocks(tr, viewer, { appId: ctx.appId, roomId: room.id, label, total: ordered.length, page: { ...shown, items: agents }, callbellNames, now, over });
	return { ok: true, room, label, blocks };
}

const viewOf = (tr: Translator, built: Extract<Built, { ok: true }>): IUIKitSurfaceViewParam => ({
	id: `${BOARD.viewPrefix}${built.room.id}`,
	type: UIKitSurfaceType.CONTEXTUAL_BAR,
	title: plain(tr('st_board_title')),
	blocks: built.blocks,
});

export interface BoardCall {
	s: BoardServices;
	viewer: IUser;
	/** the room the command was typed in */
	room: IRoom;
	triggerId?: string;
	tr: Translator;
	reply(text: string): Promise<void>;
}

/** The command: the first page, in a contextual bar (or a message where none can open), or the reason why not. */
export async function openBoard(c: BoardCall, target: BoardTarget): Promise<void> {
	const { ctx, a, audit } = c.s;
	const asked = askedFor(target, c.room);
	const built = await build(c.s, c.viewer, () => resolveRoom(a.read, target, c.room), c.tr('st_board_not_visible', { target: asked }), 0, c.tr);
	if (!built.ok) {
		// the viewer reads their own audit: one wording for both cases there too
		if (built.hidden) await audit.add({ at: Date.now(), userId: c.viewer.id, username: c.viewer.username, action: ACTION, vendor: 'rocketchat', object: asked, outcome: 'refused', detail: 'no such room, or not a member' });
		return c.reply(built.text);
	}
	await audit.add({ at: Date.now(), userId: c.viewer.id, username: c.viewer.username, action: ACTION, vendor: 'rocketchat', object: built.label, outcome: 'done' });
	if (c.triggerId) {
		try {
			await a.modify.getUiController().openSurfaceView(viewOf(c.tr, built), { triggerId: c.triggerId }, c.viewer);
			return;
		} catch (e) {
			ctx.logger.warn(`team board: no contextual bar (${e instanceof Error ? e.message : String(e)}); sent as a message`);
		}
	}
	await replyEphemeral(a.read, a.modify, c.viewer, c.room, c.tr('st_board_title'), built.blocks);
}

/** Refresh, Previous, Next: the same checks again (roles, membership), then the page they name. */
export async function onBoardAction(s: BoardServices, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
	const { ctx, a } = s;
	const data = context.getInteractionData();
	const done = context.getInteractionResponder().successResponse();
	if (data.actionId !== BOARD.refresh && data.actionId !== BOARD.previous && data.actionId !== BOARD.next) return done;
	const where = parseBoardValue(data.value);
	if (!where) return done;
	const viewer = data.user;
	const tr = translator(userLocale(viewer));
	// a forged or stale button: the answer names no room, whether the id is unknown or private
	const resolve = async () => (await a.read.getRoomReader().getById(where.roomId)) ?? undefined;
	const built = await build(s, viewer, resolve, tr('st_board_gone'), where.page, tr);
	if (!built.ok) {
		if ((await tellUser(a.read, a.modify, viewer, data.room?.id, built.text)) === 'none') ctx.logger.warn(`team board: could not answer ${viewer.username}`);
	} else if (data.container?.type === 'view') {
		await a.modify.getUiController().updateSurfaceView(viewOf(tr, built), { triggerId: data.triggerId }, viewer);
	} else {
		// a board sent as a message: an ephemeral message cannot be edited, so the page comes as a new one
		await replyEphemeral(a.read, a.modify, viewer, data.room ?? built.room, tr('st_board_title'), built.blocks);
	}
	return done;
}
