import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors';
import type { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit';
import type { ButtonElement, InputBlock, ModalSurfaceLayout } from '@rocket.chat/ui-kit';
import type { MessageKey, Translator } from '../i18n';
import { parseLeadPairs, UUID_RE } from '../parse/lead';
import type { Parsed, Problem } from '../parse/problems';
import { LEAD_FIELDS, LEAD_STATUSES, type LeadFields, leadFieldOf } from '../vendors/lead-fields';
import { plain, plainText } from '../ui/plain';
import { problemText } from './replies';

/**
 * The `/lead <uuid>` form: the same fields as the command line, validated by the same parser.
 * The view id carries the lead uuid and the room to answer in: `lead.update.<uuid>.<roomId>`.
 */
export const LEAD_VIEW_PREFIX = 'lead.update.';

/** One input per row of `LEAD_FIELDS`: block and action id from its key, its label, its input kind. */
const blockIdOf = (key: string) => `lead.f.${key}`;

export const leadViewId = (uuid: string, roomId: string | undefined) => `${LEAD_VIEW_PREFIX}${uuid}.${roomId ?? ''}`;

/** `{uuid, roomId}` from a view id this module made, or undefined. */
export function parseLeadViewId(viewId: string): { uuid: string; roomId?: string } | undefined {
	if (!viewId.startsWith(LEAD_VIEW_PREFIX)) return undefined;
	const [uuid, roomId] = viewId.slice(LEAD_VIEW_PREFIX.length).split('.');
	if (!uuid || !UUID_RE.test(uuid)) return undefined;
	return { uuid, roomId: roomId || undefined };
}


/** Typed with Rocket.Chat's ui-kit (compile time); sandbox/contracts/uikit.ts checks the opened view. */
export function leadModal(appId: string, uuid: string, roomId: string | undefined, tr: Translator): IUIKitSurfaceViewParam {
	const blocks: ModalSurfaceLayout = [{ type: 'section', blockId: 'lead.f.intro', appId, text: { type: 'mrkdwn', text: tr('lead_modal_intro', { uuid }) } }];
	for (const f of LEAD_FIELDS) {
		const element: InputBlock['element'] =
			f.input === 'status'
				? { type: 'static_select', appId, blockId: blockIdOf(f.key), actionId: f.key, placeholder: plain(tr(f.label)), options: LEAD_STATUSES.map((s) => ({ text: plain(s), value: s })) }
				: { type: 'plain_text_input', appId, blockId: blockIdOf(f.key), actionId: f.key, multiline: f.input === 'lines' };
		blocks.push({ type: 'input', blockId: blockIdOf(f.key), appId, optional: true, label: plain(tr(f.label)), element });
	}
	const button = (id: string, label: MessageKey): ButtonElement => ({ type: 'button', appId, blockId: id, actionId: id, text: plain(tr(label)) });
	return {
		id: leadViewId(uuid, roomId),
		type: 'modal' as UIKitSurfaceType,
		title: plain(tr('lead_modal_title')),
		blocks,
		submit: button('lead.f.submit', 'lead_modal_submit'),
		close: button('lead.f.close', 'lead_modal_close'),
	};
}

/** The view state (`{blockId: {actionId: value}}`) as the `/lead` key=value pairs, then the same validation. */
export function parseLeadModalState(state: unknown): Parsed<LeadFields> & { empty?: boolean } {
	const s = (state && typeof state === 'object' ? state : {}) as Record<string, Record<string, unknown> | undefined>;
	const pairs: Array<{ key: string; value: string }> = [];
	const problems: Problem[] = [];
	for (const f of LEAD_FIELDS) {
		const raw = s[blockIdOf(f.key)]?.[f.key];
		const value = typeof raw === 'string' ? raw.trim() : '';
		if (!value) continue;
		if (f.repeat === 'keyed') {
			// one `name=value` per line, each fed to the parser as `<prefix>.name=value`
			for (const line of value.split('\n').map((l) => l.trim()).filter(Boolean)) {
				const eq = line.indexOf('=');
				if (eq <= 0) problems.push({ field: f.key, problem: 'not_key_value', value: line });
				else pairs.push({ key: `${f.aliases[0]}.${line.slice(0, eq).trim()}`, value: line.slice(eq + 1).trim() });
			}
		} else pairs.push({ key: f.key, value });
	}
	const parsed = parseLeadPairs(pairs);
	if (!parsed.ok) problems.push(...parsed.problems);
	if (problems.length) return { ok: false, problems };
	if (pairs.length === 0) return { ok: false, problems: [], empty: true };
	return parsed;
}

/** Errors keyed by block id, for `viewErrorResponse`: each problem under the field it belongs to, as plain text. */
export function modalErrors(tr: Translator, problems: ReadonlyArray<Problem>): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const p of problems) {
		// a field's key, alias, `attr.<name>` or contract name finds its block; anything else goes under the first
		const row = leadFieldOf(p.field)?.row ?? LEAD_FIELDS.find((f) => f.key === p.field || f.contract === p.field);
		const block = blockIdOf((row ?? LEAD_FIELDS[0]).key);
		const msg = plainText(problemText(tr, p));
		errors[block] = errors[block] ? `${errors[block]}; ${msg}` : msg;
	}
	return errors;
}
