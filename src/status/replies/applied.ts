import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { credentialSettingOf } from '../../delivery/outbox';
import type { Translator } from '../../i18n';
import { reportParseErrorText } from '../timeline/text';
import type { StParseError } from '../../parse/status';
import { utcOffsetOf, zoneName } from '../../parse/utc-offset';
import { describeFailure } from '../../ui/failures';
import type { VendorFailure } from '../../vendors/errors';
import type { OmnichannelStatus, Presence } from '../../vendors/rocketchat';
import type { Applied, CbOutcome } from '../model/types';
import type { Ledger } from '../model/store';
import type { OcOutcome } from '../model/types';

export const CALLBELL_CREDENTIAL = credentialSettingOf({ kind: 'callbell.status', userUuid: '', change: {} });
const OMNICHANNEL_CREDENTIAL = credentialSettingOf({ kind: 'omnichannel.status', agentId: '', status: 'available' });

/** `17:30` in the agent's own offset; with the date when it is not within the next day; `—` for no real moment. */
export function clockOf(at: number, utcOffset: unknown): string {
	const offset = utcOffsetOf(utcOffset);
	const local = new Date(at + offset.ms);
	if (Number.isNaN(local.getTime())) return '—';
	const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
	const day = at - Date.now() > 20 * 3_600_000 ? `${local.toISOString().slice(0, 10)} ` : '';
	return `${day}${hhmm} (${zoneName(offset)})`;
}

/** `UTC`, `UTC+1`, `UTC−3`, `UTC+5:30`: the agent's offset as replies name it (UTC for one that is no real offset). */
export const zoneOf = (utcOffset: unknown): string => zoneName(utcOffsetOf(utcOffset));

/** The line a reply gains when the agent's offset is no real one and times were read and shown in UTC. */
export function offsetNote(tr: Translator, user: IUser): string | undefined {
	return utcOffsetOf(user.utcOffset).ignored ? tr('st_offset_ignored') : undefined;
}

export const presenceLabel = (tr: Translator, p: Presence): string => tr(`st_presence_${p}`);

/** `said`: the word the agent used for this presence (`ocupada`), said back instead of the catalogue's (`ocupado`). */
export function rcLine(tr: Translator, status: Presence, text: string, until: number | undefined, user: IUser, said?: string): string {
	return tr('st_rc_done', {
		status: said ?? presenceLabel(tr, status),
		text: text ? tr('st_text_part', { text }) : '',
		until: until !== undefined ? tr('st_until_part', { time: clockOf(until, user.utcOffset) }) : '',
	});
}

export function callbellState(tr: Translator, ledger: Ledger, names: Record<string, string>): string {
	const state = ledger.available === undefined ? '?' : tr(ledger.available ? 'st_cb_available' : 'st_cb_unavailable');
	const id = ledger.customStatusUuid;
	return typeof id === 'string' ? tr('st_cb_custom', { state, name: names[id] ?? id }) : state;
}

export function callbellLine(tr: Translator, cb: CbOutcome, names: Record<string, string>): string {
	switch (cb.state) {
		case 'done':
			return tr('st_cb_done', { state: callbellState(tr, cb.ledger, names) });
		case 'unchanged':
			return tr('st_cb_unchanged', { state: callbellState(tr, cb.ledger, names) });
		case 'not_linked':
			return tr('st_cb_not_linked');
		case 'queued':
			return cb.error ? tr('st_cb_queued', { reason: describeFailure(tr, cb.error, CALLBELL_CREDENTIAL) }) : tr('st_cb_queued_plain');
		case 'failed':
			return tr(cb.step === 'custom_statuses' ? 'st_cb_lookup_failed' : 'st_cb_failed', { reason: describeFailure(tr, cb.error, CALLBELL_CREDENTIAL) });
	}
}

export const omnichannelState = (tr: Translator, status: OmnichannelStatus): string => tr(status === 'available' ? 'st_oc_available' : 'st_oc_not_available');

/** Why Rocket.Chat refused an availability: a 403 names the permissions the admin lacks. */
export function omnichannelReason(tr: Translator, error: VendorFailure, opts: { final?: boolean } = {}): string {
	if (error.kind === 'unauthorized' && error.status === 403) return tr('st_oc_forbidden', { message: error.message });
	return describeFailure(tr, error, OMNICHANNEL_CREDENTIAL, opts);
}

/** The "Omnichannel:" line; none when the setting is off or the user is not an Omnichannel agent. */
export function omnichannelLine(tr: Translator, oc: OcOutcome): string | undefined {
	switch (oc.state) {
		case 'off':
		case 'not_agent':
			return undefined;
		case 'done':
			return tr('st_oc_done', { state: omnichannelState(tr, oc.status) });
		case 'queued':
			return oc.error ? tr('st_oc_queued', { state: omnichannelState(tr, oc.status), reason: omnichannelReason(tr, oc.error) }) : tr('st_oc_queued_plain', { state: omnichannelState(tr, oc.status) });
		case 'failed':
			return tr('st_oc_failed', { state: omnichannelState(tr, oc.status), reason: omnichannelReason(tr, oc.error, { final: true }) });
	}
}

/**
 * One line per system. `said`: the agent's own word for the presence they asked for (`/st ocupada`):
 * the Rocket.Chat line says it back, in the agent's grammatical gender, rather than the catalogue's
 * name of the status.
 */
export function appliedText(tr: Translator, result: Applied, user: IUser, said?: { presence: Presence; word: string }): string {
	const r = result.rocketchat;
	const rc =
		r.state === 'done'
			? rcLine(tr, r.status, r.statusText, r.until, user, said?.presence === r.status ? said.word : undefined)
			: r.retryAt !== undefined
				? tr('st_rc_deferred', { time: clockOf(r.retryAt, user.utcOffset) })
				: tr('st_rc_failed', { reason: r.reason });
	// on a server with presence claims: what the change waits behind, and Away claimed as busy
	const notes = r.state === 'done' ? [...(r.shownAs ? [tr('st_rc_away_busy')] : []), ...(r.waits ? [tr(`st_rc_waits_${r.waits}`)] : [])] : [];
	const oc = omnichannelLine(tr, result.omnichannel);
	return [rc, ...notes, callbellLine(tr, result.callbell, result.callbellNames), ...(oc ? [oc] : [])].join('\n');
}

/** One line for what was wrong, then the usage. */
export function parseErrorText(tr: Translator, error: StParseError): string {
	let line: string;
	switch (error.code) {
		case 'bad_duration':
			line = tr('st_err_bad_duration', { value: error.value });
			break;
		case 'duration_range':
			line = tr('st_err_duration_range');
			break;
		case 'text_too_long':
			line = tr('st_err_text_too_long', { length: error.length, max: error.max });
			break;
		case 'link_usage':
			line = tr('st_err_link_usage');
			break;
		case 'bad_uuid':
			line = tr('st_err_bad_uuid', { value: error.value });
			break;
		case 'preset_usage':
			return tr('st_err_preset_usage');
		case 'bad_type':
			return `${tr('st_err_bad_type', { value: error.value })}\n${tr('st_err_preset_usage')}`;
		case 'target_usage':
			return tr('st_err_target_usage');
		case 'team_usage':
			return tr('st_err_team_usage');
		case 'report_usage':
		case 'report_bad_date':
		case 'report_range_order':
		case 'report_range_too_long':
			return reportParseErrorText(tr, error);
		case 'hours':
			return error.problem === 'usage' ? tr('st_err_hours_usage') : `${tr(`st_err_hours_${error.problem}`, { value: error.value })}\n${tr('st_err_hours_usage')}`;
	}
	return `${line}\n${tr('st_usage')}`;
}

/** JSON for the bot endpoint: the outcome per system. */
export function appliedJson(result: Applied): Record<string, unknown> {
	const rc = result.rocketchat;
	const cb = result.callbell;
	return {
		rocketchat: rc.state === 'done' ? { state: 'done', status: rc.status, text: rc.statusText, ...(rc.until !== undefined ? { until: new Date(rc.until).toISOString() } : {}) } : { state: 'failed', reason: rc.reason, ...(rc.retryAt !== undefined ? { retryAt: new Date(rc.retryAt).toISOString() } : {}) },
		callbell:
			cb.state === 'done' || cb.state === 'unchanged'
				? { state: cb.state === 'done' ? 'done' : 'skipped', reason: cb.state === 'unchanged' ? 'unchanged' : undefined, available: cb.ledger.available, customStatusUuid: cb.ledger.customStatusUuid }
				: cb.state === 'not_linked'
					? { state: 'skipped', reason: 'not_linked' }
					: cb.state === 'queued'
						? { state: 'queued', reason: cb.error?.message }
						: { state: 'failed', reason: cb.error.message, kind: cb.error.kind, ...(cb.step ? { step: cb.step } : {}), ...(cb.error.kind === 'unauthorized' ? { setting: CALLBELL_CREDENTIAL } : {}) },
		...omnichannelJson(result.omnichannel),
	};
}

/** The bot endpoint's `omnichannel` field (absent while omnichannel_follow_status is off). */
function omnichannelJson(oc: OcOutcome): Record<string, unknown> {
	switch (oc.state) {
		case 'off':
			return {};
		case 'not_agent':
			return { omnichannel: { state: 'skipped', reason: 'not_agent' } };
		case 'done':
			return { omnichannel: { state: 'done', status: oc.status } };
		case 'queued':
			return { omnichannel: { state: 'queued', status: oc.status, ...(oc.error ? { reason: oc.error.message } : {}) } };
		case 'failed':
			return { omnichannel: { state: 'failed', status: oc.status, reason: oc.error.message, kind: oc.error.kind, ...(oc.error.kind === 'unauthorized' ? { setting: OMNICHANNEL_CREDENTIAL } : {}) } };
	}
}
