import type { IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { MessageSurfaceLayout } from '@rocket.chat/ui-kit';
import { callbellClient } from '../../vendors/clients';
import type { Requester } from '../../delivery/outbox';
import type { Accessors } from '../../accessors';
import { translator, type Translator, userLocale } from '../../i18n';
import { isAdmin } from '../../roles';
import { SettingId } from '../../settings';
import { describeFailure } from '../../ui/failures';
import { tellUser } from '../../ui/reply';
import { callbellPresetLine, type CustomStatusOp, type PresetCall, submitCallbell } from './callbell';
import { diffPresets, isFixable, isInSync, PRESET_EMOJI, type PresetDiff } from './diff';
import { keepCallbellStatuses, rcPresets } from './lists';
import { StatusStore } from '../model/store';
import { plain } from '../../ui/plain';

/**
 * `/st preset sync` (admins): what differs between Rocket.Chat presets and Callbell custom statuses,
 * with a Fix button. Fix makes Callbell follow Rocket.Chat — creates what Callbell lacks, gives twins
 * Rocket.Chat's spelling and a missing emoji — and never removes anything: a Callbell-only status may
 * be in use by agents or by `callbell_status_map`, so it is listed for an admin to remove in Callbell.
 * Both lists are read fresh; the button reads them again when pressed (the message may be old).
 */
export const SYNC_FIX_ACTION = 'st.preset.sync.fix';

export interface StMessage {
	text: string;
	blocks: MessageSurfaceLayout;
}

type Compared = { ok: true; diff: PresetDiff } | { ok: false; text: string };

async function compare(a: Accessors, store: StatusStore, tr: Translator): Promise<Compared> {
	const [rc, cb] = await Promise.all([rcPresets(a.read, a.http, store, true), (await callbellClient(a.read, a.http)).listCustomStatuses()]);
	const problems: string[] = [];
	// a read for this reply only: nothing retries it, so the sentence never promises a retry
	if (!rc.ok) problems.push(tr('st_sync_unavailable', { reason: describeFailure(tr, rc.error, SettingId.RocketChatAdminToken, { final: true }) }));
	if (!cb.ok) problems.push(tr('st_sync_unavailable', { reason: describeFailure(tr, cb.error, SettingId.CallbellApiToken, { final: true }) }));
	if (!rc.ok || !cb.ok) return { ok: false, text: problems.join('\n') };
	await keepCallbellStatuses(store, cb.value);
	return { ok: true, diff: diffPresets(rc.value, cb.value) };
}

/**
 * The reply stays a message, whatever the vendors list: each line names at most `SHOWN_NAMES` statuses
 * (each at most LIST_LIMITS.nameLength characters, see src/vendors/limits.ts) and counts the rest.
 */
export const SHOWN_NAMES = 20;
/** Fix sends at most this many writes per press (each one is a vendor round trip inside the 30 s call); pressing again does the rest. */
export const FIX_MAX_WRITES = 20;

/** At most SHOWN_NAMES items, comma-separated, then how many more there are. */
const bounded = (tr: Translator, items: string[]): string => {
	const shown = items.slice(0, SHOWN_NAMES).join(', ');
	return items.length > SHOWN_NAMES ? `${shown} ${tr('st_sync_more', { count: items.length - SHOWN_NAMES })}` : shown;
};
const quoted = (tr: Translator, names: string[]): string => bounded(tr, names.map((n) => `“${n}”`));

export function diffText(tr: Translator, d: PresetDiff): string[] {
	const lines: string[] = [];
	if (d.onlyInRocketChat.length) lines.push(tr('st_sync_only_rc', { names: quoted(tr, d.onlyInRocketChat.map((p) => p.name)) }));
	if (d.onlyInCallbell.length) lines.push(tr('st_sync_only_cb', { names: quoted(tr, d.onlyInCallbell.map((s) => s.name)) }));
	if (d.duplicatesInCallbell.length) lines.push(tr('st_sync_duplicates_cb', { names: quoted(tr, d.duplicatesInCallbell.map((s) => s.name)) }));
	const cased = d.different.filter((x) => x.name);
	if (cased.length) lines.push(tr('st_sync_case', { pairs: bounded(tr, cased.map((x) => `“${x.preset.name}” ≠ “${x.callbell.name}”`)) }));
	const noEmoji = d.different.filter((x) => x.emoji);
	if (noEmoji.length) lines.push(tr('st_sync_no_emoji', { names: quoted(tr, noEmoji.map((x) => x.callbell.name)) }));
	return lines;
}

/** The sync report: plain text when both agree (or one cannot be read), a message with the Fix button otherwise. */
export async function presetSync({ ctx, a, store }: PresetCall, tr: Translator): Promise<string | StMessage> {
	const compared = await compare(a, store, tr);
	if (!compared.ok) return compared.text;
	const d = compared.diff;
	if (isInSync(d)) return tr('st_sync_same');
	const lines = [tr('st_sync_title'), ...diffText(tr, d)];
	if (!isFixable(d)) return [...lines, tr('st_sync_nothing_to_fix')].join('\n');
	const text = [...lines, tr('st_sync_fix_hint')].join('\n');
	const appId = ctx.appId;
	const blocks = [
		{ type: 'section', blockId: 'st.preset.sync.text', appId, text: { type: 'mrkdwn', text } },
		{
			type: 'actions',
			blockId: 'st.preset.sync.actions',
			appId,
			elements: [{ type: 'button', appId, blockId: 'st.preset.sync.actions', actionId: SYNC_FIX_ACTION, value: 'fix', style: 'primary', text: plain(tr('st_sync_fix_button')) }],
		},
	] satisfies MessageSurfaceLayout; // Rocket.Chat's ui-kit types (compile time); sandbox/contracts/uikit.ts checks the sent ones
	return { text, blocks };
}

/** The Fix button: admins only; compares again, then one outbox write per missing or differing twin. */
export async function fixPresets({ a, store, outbox }: PresetCall, user: IUser, who: Requester, tr: Translator): Promise<string> {
	if (!isAdmin(user)) return tr('admin_only', { command: '/st preset sync' });
	// The call's one outbox, made before the look-ups: its inline budget covers the press, and what does
	// not fit in it is queued for the drain (the call stays inside the engine's 30 s).
	const compared = await compare(a, store, tr);
	if (!compared.ok) return compared.text;
	const d = compared.diff;
	const ops: CustomStatusOp[] = [
		...d.onlyInRocketChat.map((p): CustomStatusOp => ({ kind: 'callbell.customStatus.create', name: p.name, emoji: PRESET_EMOJI[p.statusType] })),
		...d.different.map(
			(x): CustomStatusOp => ({
				kind: 'callbell.customStatus.update',
				name: x.callbell.name,
				...(x.name ? { to: x.preset.name } : {}),
				...(x.emoji ? { emoji: PRESET_EMOJI[x.preset.statusType] } : {}),
			}),
		),
	];
	const lines = [tr('st_sync_fix_title')];
	if (ops.length === 0) lines.push(tr('st_sync_nothing_to_fix'));
	for (const op of ops.slice(0, FIX_MAX_WRITES)) lines.push(callbellPresetLine(tr, op, await submitCallbell(outbox, op, who)));
	if (ops.length > FIX_MAX_WRITES) lines.push(tr('st_sync_fix_again', { count: ops.length - FIX_MAX_WRITES }));
	const left = [...d.onlyInCallbell, ...d.duplicatesInCallbell];
	if (left.length) lines.push(tr('st_sync_left_in_cb', { names: quoted(tr, left.map((s) => s.name)) }));
	return lines.join('\n');
}

/** UIKit: the Fix button of a sync report (the status feature's only button). */
export async function onPresetSyncFix(call: PresetCall, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
	const data = context.getInteractionData();
	const done = context.getInteractionResponder().successResponse();
	if (data.actionId !== SYNC_FIX_ACTION) return done;
	const user = data.user;
	const tr = translator(userLocale(user));
	const roomId = data.room?.id;
	const text = await fixPresets(call, user, { userId: user.id, username: user.username, ...(roomId ? { roomId } : {}) }, tr);
	if ((await tellUser(call.a.read, call.a.modify, user, roomId, text)) === 'none') call.ctx.logger.warn(`${SYNC_FIX_ACTION}: could not answer ${user.username}`);
	return done;
}
