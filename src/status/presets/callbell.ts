import type { AppContext } from '../../context';
import { credentialSettingOf, CUSTOM_STATUSES_KEY, type InFlightDelivery, type Operation, type Outcome, type Requester } from '../../delivery/outbox';
import type { Accessors } from '../../accessors';
import { savedText, type Translator } from '../../i18n';
import { readSettings, SettingId } from '../../settings';
import { describeFailure } from '../../ui/failures';
import { PRESET_EMOJI } from './diff';
import { type PresetAdmin, presetAdmin, type PresetChange } from './presets';
import type { StatusStore } from '../model/store';

/**
 * `/st preset add|rename|remove` in both systems: Rocket.Chat first (as before); then, with
 * `custom_statuses_in_callbell` on, the Callbell custom status of the same name through the outbox
 * (by name, repeat-safe: src/delivery/custom-statuses.ts). Off, Callbell is not called at all.
 * `set` changes only the presence, which a Callbell custom status does not have: nothing to send.
 */
export async function presetAdminBoth({ a, store, outbox }: PresetCall, tr: Translator, req: PresetAdmin, who: Requester): Promise<string> {
	const result = await presetAdmin(a.read, a.http, store, tr, req);
	const op = result.changed ? callbellOpFor(result.changed) : undefined;
	if (!op || !result.changed) return result.text;
	if (!(await readSettings(a.read, 'callbell'))[SettingId.CustomStatusesInCallbell]) return result.text;
	const outcome = await submitCallbell(outbox, op, who);
	return `${tr('st_preset_rc_line', { text: result.text })}\n${callbellPresetLine(tr, op, outcome)}`;
}

/** The outbox operations on Callbell custom statuses. */
export type CustomStatusOp = Extract<Operation, { kind: 'callbell.customStatus.create' | 'callbell.customStatus.update' | 'callbell.customStatus.delete' }>;

/** The Callbell write a Rocket.Chat preset change asks for (none for a presence change). */
export function callbellOpFor(change: PresetChange): CustomStatusOp | undefined {
	switch (change.kind) {
		case 'added':
			return { kind: 'callbell.customStatus.create', name: change.name, emoji: PRESET_EMOJI[change.statusType] };
		case 'renamed':
			return { kind: 'callbell.customStatus.update', name: change.from, to: change.to };
		case 'removed':
			return { kind: 'callbell.customStatus.delete', name: change.name };
		case 'updated':
			return undefined;
	}
}

/** What a preset command works with: the call's accessors, the status store and the call's one outbox (its inline budget is the call's). */
export interface PresetCall {
	ctx: AppContext;
	a: Accessors;
	store: StatusStore;
	outbox: InFlightDelivery;
}

/** Sends `op` through the call's outbox: past its inline budget, the rest is queued for the drain instead of holding the call past the engine's limit. */
export function submitCallbell(outbox: InFlightDelivery, op: CustomStatusOp, who: Requester): Promise<Outcome> {
	return outbox.submit(op, who, savedText('st_preset_cb_label', { name: op.kind === 'callbell.customStatus.update' && op.to !== undefined ? op.to : op.name }), CUSTOM_STATUSES_KEY);
}

/** "Callbell: …" for one custom-status write: done (what it did), queued, failed (why) or unknown. */
export function callbellPresetLine(tr: Translator, op: CustomStatusOp, outcome: Outcome): string {
	const credential = credentialSettingOf(op);
	switch (outcome.state) {
		case 'done':
			return doneLine(tr, op);
		case 'queued':
			return outcome.error ? tr('st_preset_cb_queued', { reason: describeFailure(tr, outcome.error, credential) }) : tr('st_preset_cb_queued_plain');
		case 'failed':
			return tr('st_preset_cb_failed', { reason: describeFailure(tr, outcome.error, credential, { final: true }) });
		case 'unknown':
			return tr('st_preset_cb_unknown', { reason: describeFailure(tr, outcome.error, credential, { final: true }), id: outcome.id });
	}
}

function doneLine(tr: Translator, op: CustomStatusOp): string {
	switch (op.kind) {
		case 'callbell.customStatus.create':
			return tr('st_preset_cb_created', { name: op.name });
		case 'callbell.customStatus.update':
			return op.to !== undefined && op.to !== op.name ? tr('st_preset_cb_renamed', { from: op.name, to: op.to }) : tr('st_preset_cb_updated', { name: op.to ?? op.name });
		case 'callbell.customStatus.delete':
			return tr('st_preset_cb_removed', { name: op.name });
	}
}
