import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../../i18n';
import { describeFailure } from '../../ui/failures';
import type { VendorFailure } from '../../vendors/errors';
import type { AttemptView } from '../model/attempts';
import type { AgentKnown, CallbellTarget, OmnichannelKnown } from './known';
import { CALLBELL_CREDENTIAL, callbellState, clockOf, omnichannelReason, omnichannelState, presenceLabel } from './applied';

/**
 * What the app knows of an agent (known.ts) as words: the lines of `/st list` and the `/st` form, and
 * the state of each system that the team board's rows use too, so both say the same.
 */

/** Omnichannel as confirmed: available, not available, or not confirmed yet (the board and `/st list`). */
export function omnichannelNow(tr: Translator, oc: Extract<OmnichannelKnown, { state: 'followed' }>): string {
	return oc.confirmed ? omnichannelState(tr, oc.confirmed) : tr('st_oc_unconfirmed');
}

/** The report as lines: per system what is confirmed, then what is pending or failed. */
export function reportLines(tr: Translator, known: AgentKnown, callbellNames: Record<string, string>, user: IUser): string[] {
	const rc = known.rocketchat;
	const lines = [
		tr('st_list_now_rc', {
			status: presenceLabel(tr, rc.status),
			text: rc.text ? tr('st_text_part', { text: rc.text }) : '',
			until: rc.until !== undefined ? tr('st_until_part', { time: clockOf(rc.until, user.utcOffset) }) : '',
		}),
	];

	const cb = known.callbell;
	// `/st link` only where the admin allows it (callbell_self_link); otherwise who does it
	if (!cb.linked) lines.push(cb.selfLink ? tr('st_list_now_cb_unlinked') : tr('st_list_now_cb_unlinked_admin', { username: user.username }));
	else {
		const cbState = (l: CallbellTarget) => callbellState(tr, l, callbellNames);
		lines.push(cb.confirmed ? tr('st_list_now_cb', { state: cbState(cb.confirmed) }) : tr('st_list_now_cb_unknown', { uuid: cb.uuid }));
		const known = (t: CallbellTarget | undefined): t is CallbellTarget => !!t && (t.available !== undefined || t.customStatusUuid !== undefined);
		lines.push(...attemptLines(tr, cb.last, (t) => (known(t) ? cbState(t) : undefined), (e, final) => describeFailure(tr, e, CALLBELL_CREDENTIAL, { final })));
		if (linkGone(cb.last, cb.uuid)) lines.push(tr('st_list_relink', { uuid: cb.uuid, username: user.username }));
	}

	// an agent the app does not follow in Omnichannel has no line: `/st` changes nothing there
	const oc = known.omnichannel;
	if (oc.state === 'followed') {
		lines.push(tr('st_list_now_oc', { state: omnichannelNow(tr, oc) }));
		lines.push(...attemptLines(tr, oc.last, (t) => (t ? omnichannelState(tr, t) : undefined), (e, final) => omnichannelReason(tr, e, { final })));
	}
	return lines;
}

/**
 * Callbell answered 404 for the linked user: the link itself is wrong (a 404 is final, so it keeps
 * failing). A change that also set a custom status may have got its 404 for that status instead; then
 * only a message naming the user's uuid counts.
 */
function linkGone(last: AttemptView<CallbellTarget>, uuid: string): boolean {
	if (last.state !== 'failed' || last.error?.kind !== 'not_found' || last.error.vendor !== 'callbell') return false;
	return typeof last.target?.customStatusUuid !== 'string' || last.error.message.includes(uuid);
}

function attemptLines<T>(tr: Translator, last: AttemptView<T>, state: (t: T | undefined) => string | undefined, reason: (e: VendorFailure, final: boolean) => string): string[] {
	switch (last.state) {
		case 'done':
			return [];
		case 'pending':
			return [tr('st_list_pending', { state: state(last.target) ?? '?', reason: last.error ? tr('st_list_reason_part', { reason: reason(last.error, false) }) : '' })];
		case 'failed': {
			const target = state(last.target);
			if (last.dropped) return [tr('st_list_dropped', { state: target ?? '?' })];
			const why = last.error ? reason(last.error, true) : '?';
			return [target ? tr('st_list_failed', { state: target, reason: why }) : tr('st_list_failed_plain', { reason: why })];
		}
	}
}
