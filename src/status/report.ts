import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../i18n';
import { readSettings, SettingId } from '../settings';
import { describeFailure } from '../ui/failures';
import type { VendorFailure } from '../vendors/errors';
import { isPresence, type Presence } from '../vendors/rocketchat';
import { type AttemptView, type OutboxView, resolveAttempt } from './attempts';
import { isOmnichannelAgent, type OmnichannelStatus } from './omnichannel-map';
import { CALLBELL_CREDENTIAL, callbellState, clockOf, omnichannelReason, omnichannelState, presenceLabel } from './replies';
import type { Ledger, StatusStore } from './store';

/**
 * What each system has for one agent, from what the app already knows (no vendor call): Rocket.Chat
 * as the server shows the user now; Callbell and Omnichannel as last confirmed, plus the last change
 * still pending in the outbox or failed (with the vendor's reason). The intended state is never shown
 * as applied. `/st list` and the `/st` form show it.
 */

type CallbellTarget = { available?: boolean; customStatusUuid?: string | null };

export interface SystemsReport {
	rocketchat: { status: Presence; text: string; until?: number };
	callbell: { linked: false } | { linked: true; uuid: string; confirmed?: Ledger; last: AttemptView<CallbellTarget>; names: Record<string, string> };
	/** absent while omnichannel_follow_status is off, or for a user who is not an Omnichannel agent */
	omnichannel?: { confirmed?: OmnichannelStatus; last: AttemptView<OmnichannelStatus> };
}

export interface ReportSources {
	store: StatusStore;
	outbox: OutboxView;
	read: Parameters<typeof readSettings>[0];
	callbellUuid(user: IUser): Promise<string | undefined>;
	/** the Callbell ledger, a delivered change promoted */
	callbellLedger(userId: string): Promise<Ledger | undefined>;
	timerUntil(userId: string): Promise<number | undefined>;
}

export async function readReport(src: ReportSources, user: IUser): Promise<SystemsReport> {
	const until = await src.timerUntil(user.id);
	const rocketchat = { status: isPresence(user.status) ? user.status : 'online', text: user.statusText ?? '', ...(until !== undefined ? { until } : {}) } as const;

	const uuid = await src.callbellUuid(user);
	let callbell: SystemsReport['callbell'] = { linked: false };
	if (uuid) {
		const [confirmed, attempt, cached] = await Promise.all([src.callbellLedger(user.id), src.store.callbellAttempt(user.id), src.store.cache<{ id: string; name: string }>('callbell-statuses')]);
		const names: Record<string, string> = {};
		for (const s of cached?.list ?? []) names[s.id] = s.name;
		callbell = { linked: true, uuid, ...(confirmed ? { confirmed } : {}), last: await resolveAttempt(attempt, src.outbox), names };
	}

	let omnichannel: SystemsReport['omnichannel'];
	if ((await readSettings(src.read, 'omnichannel'))[SettingId.OmnichannelFollowStatus] && isOmnichannelAgent(user)) {
		const record = (await src.store.omnichannel(user.id)) ?? {};
		const last = await resolveAttempt(record.last, src.outbox);
		if (last.state === 'done' && last.delivered && record.last) {
			// the outbox delivered it since: Rocket.Chat has it now
			Object.assign(record, { confirmed: record.last.target, confirmedAt: record.last.at, last: { ...record.last, state: 'done' } });
			await src.store.saveOmnichannel(user.id, record);
		}
		omnichannel = { ...(record.confirmed ? { confirmed: record.confirmed } : {}), last };
	}
	return { rocketchat, callbell, ...(omnichannel ? { omnichannel } : {}) };
}

/** The report as lines: per system what is confirmed, then what is pending or failed. */
export function reportLines(tr: Translator, report: SystemsReport, user: IUser): string[] {
	const rc = report.rocketchat;
	const lines = [
		tr('st_list_now_rc', {
			status: presenceLabel(tr, rc.status),
			text: rc.text ? tr('st_text_part', { text: rc.text }) : '',
			until: rc.until !== undefined ? tr('st_until_part', { time: clockOf(rc.until, user.utcOffset) }) : '',
		}),
	];

	const cb = report.callbell;
	if (!cb.linked) lines.push(tr('st_list_now_cb_unlinked'));
	else {
		const cbState = (l: CallbellTarget) => callbellState(tr, l, cb.names);
		lines.push(cb.confirmed?.available !== undefined ? tr('st_list_now_cb', { state: cbState(cb.confirmed) }) : tr('st_list_now_cb_unknown', { uuid: cb.uuid }));
		const known = (t: CallbellTarget | undefined): t is CallbellTarget => !!t && (t.available !== undefined || t.customStatusUuid !== undefined);
		lines.push(...attemptLines(tr, cb.last, (t) => (known(t) ? cbState(t) : undefined), (e, final) => describeFailure(tr, e, CALLBELL_CREDENTIAL, { final })));
		if (linkGone(cb.last, cb.uuid)) lines.push(tr('st_list_relink', { uuid: cb.uuid, username: user.username }));
	}

	const oc = report.omnichannel;
	if (oc) {
		lines.push(oc.confirmed ? tr('st_list_now_oc', { state: omnichannelState(tr, oc.confirmed) }) : tr('st_list_now_oc_unknown'));
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
