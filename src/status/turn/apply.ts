import type { Accessors } from '../../accessors';
import type { AuditLog } from '../../store/audit';
import { isPresence } from '../../vendors/rocketchat';
import type { Ledgers } from '../callbell/ledger';
import type { CallbellOutbound } from '../callbell/outbound';
import { WorkingHours } from '../hours/plan';
import { recordCallbellAttempt } from '../model/attempts';
import type { Identity } from '../model/identity';
import { ECHO_MAX, type RcState, stateToken, type StatusStore } from '../model/store';
import type { Applied, ApplyOptions, RcOutcome, Turn, Want } from '../model/types';
import type { OmnichannelFollow } from '../omnichannel/follow';
import type { TimelineStore } from '../timeline/store';
import { armRetry } from './retry';
import { recordChange } from './record';
import type { Timers } from './timer';
import { writeRocketChat } from './write';

export interface ApplyDeps {
	a: Accessors;
	store: StatusStore;
	identity: Identity;
	audit: AuditLog;
	ledgers: Ledgers;
	callbell: CallbellOutbound;
	omnichannel: OmnichannelFollow;
	timers: Timers;
	timeline: TimelineStore;
	now: () => number;
}

/**
 * Applies one change inside the agent's turn: the agent's sequence moves on (its number is the state
 * token a timer restores only while it is still the newest), then Rocket.Chat (unless the change came
 * from there), the timer, Callbell, and Omnichannel availability (which follows the presence whatever
 * the source).
 */
export function applier(d: ApplyDeps): (turn: Turn, want: Want, opts: ApplyOptions) => Promise<Applied> {
	return async (turn, want, opts) => {
		const { user, sync } = turn;
		sync.indexed = await d.identity.remember(user, sync.indexed);
		// working hours: every agent the app sees is enrolled once (the admin default may cover them)
		if (!sync.hoursEnrolled) {
			await new WorkingHours(d.a, d.now).enroll(user);
			sync.hoursEnrolled = true;
		}
		const now = d.now();
		const before: RcState = { status: isPresence(user.status) ? user.status : 'online', statusText: user.statusText ?? '' };
		const oldToken = stateToken(sync);
		const oldTimer = await d.timers.of(turn);
		const uuid = await d.identity.callbellUuid(user);
		const ledgerBefore = uuid ? await d.ledgers.of(turn, uuid) : undefined;
		const lastBy = sync.lastBy;
		sync.seq += 1;
		sync.changedAt = Math.max(sync.changedAt ?? 0, opts.at ?? now);
		sync.lastBy = opts.source === 'webhook' ? 'callbell' : 'app';
		sync.lastSource = opts.source;
		const token = stateToken(sync);

		// Timer: a timer over a live timer keeps the original "before".
		if (oldTimer) await d.timers.cancelJob(oldTimer.jobId);
		if (want.until !== undefined) {
			const inherited = oldTimer && oldTimer.token === oldToken ? oldTimer.restore : undefined;
			// Callbell goes back to exactly what it had only when that came from Callbell itself (the
			// mapping cannot say it); otherwise it follows the restored Rocket.Chat state, which may be
			// newer than what Callbell had (a menu change not yet mirrored).
			const callbellBefore = lastBy === 'callbell' && ledgerBefore ? { available: ledgerBefore.available, customStatusUuid: ledgerBefore.customStatusUuid } : undefined;
			await d.timers.arm(turn, want.until, token, inherited ?? { rc: before, ...(callbellBefore ? { callbell: callbellBefore } : {}) });
		} else if (oldTimer) {
			await d.store.clearTimer(user.id);
		}
		sync.timerUntil = want.until ?? 0;

		// Rocket.Chat (not for changes that came from Rocket.Chat itself). The write is announced
		// before it is made, so its echo event is recognised even when several are in flight.
		let rocketchat: RcOutcome = { state: 'done', status: want.presence, statusText: want.text, ...(want.until !== undefined ? { until: want.until } : {}) };
		const writes = opts.source !== 'rocketchat' && (before.status !== want.presence || before.statusText !== want.text);
		// (Rocket.Chat reports presence changes only: a text-only write has no echo to wait for)
		if (writes && before.status !== want.presence) sync.echoes = [...sync.echoes, { seq: sync.seq, status: want.presence, statusText: want.text, at: now }].slice(-ECHO_MAX);
		sync.applied = { status: want.presence, statusText: want.text };
		await d.store.saveSync(user.id, sync);
		if (writes) {
			const written = await writeRocketChat(d.a, user, want, opts, token, d.now);
			if (!written.ok) rocketchat = { state: 'failed', reason: written.detail, ...(written.retryAt !== undefined ? { retryAt: written.retryAt } : {}) };
			else if (rocketchat.state === 'done') rocketchat = { ...rocketchat, ...written.note };
			if (rocketchat.state === 'failed') {
				sync.echoes = sync.echoes.filter((e) => e.seq !== sync.seq);
				delete sync.applied;
				await d.store.saveSync(user.id, sync);
				await d.audit.add({ at: now, userId: opts.requester.userId, username: opts.requester.username, action: 'rocketchat.status', vendor: 'rocketchat', object: `@${user.username}`, outcome: 'failed', detail: rocketchat.reason });
				// refused until another integration's status ends: applied again then, unless a newer change came first
				if (rocketchat.retryAt !== undefined) await armRetry(d.a, user.id, rocketchat.retryAt, token, want, opts);
			}
		}

		const names: Record<string, string> = {};
		const callbell = await d.callbell.mirror(turn, uuid, want, opts, names);
		const open = await recordCallbellAttempt(d.store, user.id, callbell, now, sync.cbAttemptOpen !== false);
		const omnichannel = await d.omnichannel.follow(user, want, opts.requester, sync.omnichannel);
		if (open !== sync.cbAttemptOpen || omnichannel.record) {
			sync.cbAttemptOpen = open;
			if (omnichannel.record) sync.omnichannel = omnichannel.record;
			await d.store.saveSync(user.id, sync);
		}
		// time in status: what the agent shows from now on (Rocket.Chat as it is after this change)
		const shown = rocketchat.state === 'done' ? { presence: want.presence, text: want.text } : { presence: before.status, text: before.statusText };
		await recordChange(d, user, { at: now, ...shown, ...(opts.preset !== undefined && rocketchat.state === 'done' ? { preset: opts.preset } : {}), source: opts.source, requester: opts.requester, callbell, callbellNames: names, omnichannel: omnichannel.outcome });
		return { rocketchat, callbell, omnichannel: omnichannel.outcome, callbellNames: names };
	};
}
