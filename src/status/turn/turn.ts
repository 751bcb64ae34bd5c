import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import { Claims } from '../../store/claim';
import { withKeyLock } from '../../store/lock';
import { isPresence } from '../../vendors/rocketchat';
import type { StatusDeps } from './deps';
import { WorkingHours } from '../hours/plan';
import { CANCELLABLE_JOB } from '../model/job-ids';
import { recordCallbellAttempt } from '../model/attempts';
import { CallbellMirror } from '../callbell/outbound';
import { OmnichannelFollow } from '../omnichannel/follow';
import { ECHO_MAX, type RcState, type SyncRecord } from '../model/store';
import type { Applied, ApplyOptions, RcOutcome, Want } from '../model/types';

export const EXPIRE_JOB = 'status.expire';

/**
 * An agent's turn is held in persistence (a claim, src/store/claim.ts) so that instances of a cluster
 * take it one at a time too. The lease outlasts any turn (one engine call is cut off after 30 s): past
 * it, the claim of an instance that died mid-turn is ignored. A turn waits at most TURN_WAIT_MS for
 * one held elsewhere (an inline Callbell send holds it up to the HTTP timeout), then goes ahead
 * anyway and says so in the log: a stuck claim must never stop an agent's status for half a minute.
 */
export const TURN_LEASE_MS = 30_000;
export const TURN_WAIT_MS = 10_000;

/** One agent's turn on the per-agent path: the user as Rocket.Chat has it now, and the sync record to update. */
export interface Turn {
	user: IUser;
	sync: SyncRecord;
}

/**
 * The one per-agent path every change takes, whatever its source. Per agent, changes run one at a
 * time — in this instance behind a keyed lock, across the instances of a cluster behind a claim in
 * persistence (TURN_LEASE_MS) — each on the user as Rocket.Chat has it at that moment, and each gets
 * the next number of the agent's sequence: the state token that a timer restores only while it is
 * still the newest change. (Without the claim, two instances changing one agent at the same moment
 * each compared with the ledger as it was before the other, and the systems could stay apart.)
 */
export class StatusSync {
	public readonly mirror: CallbellMirror;
	private readonly omnichannel: OmnichannelFollow;

	constructor(private readonly d: StatusDeps) {
		this.mirror = new CallbellMirror(d);
		this.omnichannel = new OmnichannelFollow(d);
	}

	/**
	 * `settled`, when given, looks at the sync record first and may end the turn there (its answer is
	 * the result): an event that needs nothing written costs one read and takes no claim. When it
	 * ends the turn by changing the sync record (`save`), it looks again with the claim held, on the
	 * record as it is then, and that is saved.
	 */
	public run<T>(who: IUser, fn: (turn: Turn) => Promise<T>, settled?: (sync: SyncRecord) => Promise<{ result: T; save?: boolean } | undefined>): Promise<T> {
		return withKeyLock(`st:agent:${who.id}`, async () => {
			const peek = settled ? await settled(await this.d.store.sync(who.id)) : undefined;
			if (peek && !peek.save) return peek.result;
			return this.held(who.id, async () => {
				const sync = await this.d.store.sync(who.id);
				if (peek) {
					const early = await (settled as NonNullable<typeof settled>)(sync);
					if (early) {
						if (early.save) await this.d.store.saveSync(who.id, sync);
						return early.result;
					}
				}
				const user = (await this.d.a.read.getUserReader().getById(who.id)) ?? who;
				return fn({ user, sync });
			});
		});
	}

	/** Runs `fn` holding the agent's claim (see TURN_LEASE_MS). */
	private async held<T>(userId: string, fn: () => Promise<T>): Promise<T> {
		const claims = new Claims(this.d.store.raw(), this.d.now);
		const claim = await claims.acquire(`st:agent:${userId}`, TURN_LEASE_MS, { waitMs: TURN_WAIT_MS });
		if (!claim) this.d.ctx.logger.warn(`status: the turn of user ${userId} was held elsewhere for ${TURN_WAIT_MS / 1000} s; going ahead without it`);
		try {
			return await fn();
		} finally {
			if (claim) await claims.release(claim);
		}
	}

	/** Whether anything but Rocket.Chat follows this agent's status (a Callbell user, Omnichannel availability). */
	public async linkedToSomething(user: IUser): Promise<boolean> {
		return (await this.d.identity.callbellUuid(user)) !== undefined || (await this.omnichannel.applies(user));
	}

	/** The state token of the agent's newest change. */
	public static token(sync: SyncRecord): string {
		return `s${sync.seq}`;
	}

	/**
	 * Applies one change inside the agent's turn: Rocket.Chat (unless it came from there), the timer,
	 * then Callbell, then Omnichannel availability (which follows the presence whatever the source).
	 */
	public async apply(turn: Turn, want: Want, opts: ApplyOptions): Promise<Applied> {
		const { user, sync } = turn;
		sync.indexed = await this.d.identity.remember(user, sync.indexed);
		// working hours: every agent the app sees is enrolled once (the admin default may cover them)
		if (!sync.hoursEnrolled) {
			await new WorkingHours(this.d.a, this.d.now).enroll(user);
			sync.hoursEnrolled = true;
		}
		const now = this.d.now();
		const before: RcState = { status: isPresence(user.status) ? user.status : 'online', statusText: user.statusText ?? '' };
		const oldToken = StatusSync.token(sync);
		const oldTimer = await this.timer(turn);
		const ledgerBefore = await this.mirror.ledger(user.id);
		const lastBy = sync.lastBy;
		sync.seq += 1;
		sync.changedAt = Math.max(sync.changedAt ?? 0, opts.at ?? now);
		sync.lastBy = opts.source === 'webhook' ? 'callbell' : 'app';
		sync.lastSource = opts.source;
		const token = StatusSync.token(sync);

		// Timer: one restore job per agent, replaced by the next timer (a timer over a live timer keeps the original "before").
		if (oldTimer?.jobId) await this.cancelJob(oldTimer.jobId);
		if (want.until !== undefined) {
			const inherited = oldTimer && oldTimer.token === oldToken ? oldTimer.restore : undefined;
			// Callbell goes back to exactly what it had only when that came from Callbell itself (the
			// mapping cannot say it); otherwise it follows the restored Rocket.Chat state, which may be
			// newer than what Callbell had (a menu change not yet mirrored).
			const callbellBefore = lastBy === 'callbell' && ledgerBefore ? { available: ledgerBefore.available, customStatusUuid: ledgerBefore.customStatusUuid } : undefined;
			const restore = inherited ?? { rc: before, ...(callbellBefore ? { callbell: callbellBefore } : {}) };
			const jobId = await this.d.a.modify.getScheduler().scheduleOnce({ id: EXPIRE_JOB, when: new Date(want.until), data: { userId: user.id, token } });
			await this.d.store.saveTimer(user.id, { token, until: want.until, restore, ...(typeof jobId === 'string' ? { jobId } : {}) });
		} else if (oldTimer) {
			await this.d.store.clearTimer(user.id);
		}
		sync.timerUntil = want.until ?? 0;

		// Rocket.Chat (not for changes that came from Rocket.Chat itself). The write is announced
		// before it is made, so its echo event is recognised even when several are in flight.
		let rocketchat: RcOutcome = { state: 'done', status: want.presence, statusText: want.text, ...(want.until !== undefined ? { until: want.until } : {}) };
		const writes = opts.source !== 'rocketchat' && (before.status !== want.presence || before.statusText !== want.text);
		// (Rocket.Chat reports presence changes only: a text-only write has no echo to wait for)
		if (writes && before.status !== want.presence) sync.echoes = [...sync.echoes, { seq: sync.seq, status: want.presence, statusText: want.text, at: now }].slice(-ECHO_MAX);
		sync.applied = { status: want.presence, statusText: want.text };
		await this.d.store.saveSync(user.id, sync);
		if (writes) {
			try {
				const done = await this.d.a.modify.getUpdater().getUserUpdater().updateStatus(user, want.text, want.presence);
				if (done === false) rocketchat = { state: 'failed', reason: 'user updater refused' };
			} catch (e) {
				rocketchat = { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
			}
			if (rocketchat.state === 'failed') {
				sync.echoes = sync.echoes.filter((e) => e.seq !== sync.seq);
				delete sync.applied;
				await this.d.store.saveSync(user.id, sync);
				await this.d.audit.add({ at: now, userId: opts.requester.userId, username: opts.requester.username, action: 'rocketchat.status', vendor: 'rocketchat', object: `@${user.username}`, outcome: 'failed', detail: rocketchat.reason });
			}
		}

		const names: Record<string, string> = {};
		const uuid = await this.d.identity.callbellUuid(user);
		const callbell = await this.mirror.mirror(user, uuid, want, opts, ledgerBefore, names);
		const open = await recordCallbellAttempt(this.d.store, user.id, callbell, now, sync.cbAttemptOpen !== false);
		const omnichannel = await this.omnichannel.follow(user, want, opts.requester, sync.omnichannel);
		if (open !== sync.cbAttemptOpen || omnichannel.record) {
			sync.cbAttemptOpen = open;
			if (omnichannel.record) sync.omnichannel = omnichannel.record;
			await this.d.store.saveSync(user.id, sync);
		}
		return { rocketchat, callbell, omnichannel: omnichannel.outcome, callbellNames: names };
	}

	/**
	 * Callbell showed a state the ledger does not know (an event older than the app's last change, so
	 * not applied): the app's write after it may have set only some fields, leaving others as someone
	 * changed them in Callbell. Those fields are sent again from what Rocket.Chat shows now. Nothing
	 * in Rocket.Chat changes and the sequence does not move: this is a repair, not a change.
	 * With `send` false only the ledger learns what Callbell showed (the last change came from Callbell
	 * itself, a session event, so Rocket.Chat's state is no target for Callbell).
	 */
	public async resync(turn: Turn, seen: { available: boolean; customStatusUuid?: string | null }, requester: Requester, send = true): Promise<void> {
		const ledger = await this.mirror.ledger(turn.user.id);
		const known = ledger?.pending?.after ?? ledger;
		if (!known) return;
		const drift = known.available !== seen.available || (seen.customStatusUuid !== undefined && seen.customStatusUuid !== (known.customStatusUuid ?? null));
		if (!drift) return;
		const uuid = await this.d.identity.callbellUuid(turn.user);
		// what Callbell showed becomes what the app knows it has (a queued change stays queued)
		const doubted = { available: seen.available, customStatusUuid: seen.customStatusUuid !== undefined ? seen.customStatusUuid : known.customStatusUuid, ...(ledger?.pending ? { pending: ledger.pending } : {}) };
		await this.d.store.saveLedger(turn.user.id, doubted);
		if (!send) return;
		const now = { presence: isPresence(turn.user.status) ? turn.user.status : 'online', text: turn.user.statusText ?? '' } as const;
		await this.mirror.mirror(turn.user, uuid, now, { requester }, doubted, {});
	}

	/**
	 * Changes the agent's sync record outside a change (a queued Omnichannel availability found
	 * delivered): on a fresh read, under the agent's lock, so it never undoes a change being applied.
	 */
	public update(userId: string, fn: (sync: SyncRecord) => boolean): Promise<void> {
		return withKeyLock(`st:agent:${userId}`, async () => {
			const sync = await this.d.store.sync(userId);
			if (fn(sync)) await this.d.store.saveSync(userId, sync);
		});
	}

	/** Ends the agent's timer (its job too) without applying anything: the agent changed status elsewhere. */
	public async dropTimer(turn: Turn): Promise<void> {
		turn.sync.seq += 1;
		turn.sync.changedAt = Math.max(turn.sync.changedAt ?? 0, this.d.now());
		turn.sync.lastBy = 'app';
		const timer = await this.timer(turn);
		turn.sync.timerUntil = 0;
		turn.sync.lastSource = 'rocketchat';
		await this.d.store.saveSync(turn.user.id, turn.sync);
		if (!timer) return;
		if (timer.jobId) await this.cancelJob(timer.jobId);
		await this.d.store.clearTimer(turn.user.id);
	}

	/** The agent's timer record, read only when the sync record does not already say there is none. */
	public async timer(turn: Turn) {
		return turn.sync.timerUntil === 0 ? undefined : this.d.store.timer(turn.user.id);
	}

	/** Whether the agent may have a timer running (a past end still counts until its job has run). */
	public static mayHaveTimer(sync: SyncRecord): boolean {
		return sync.timerUntil !== 0;
	}

	private async cancelJob(jobId: string): Promise<void> {
		if (!CANCELLABLE_JOB.test(jobId)) return; // never a processor name: that would cancel every agent's timer
		try {
			await this.d.a.modify.getScheduler().cancelJob(jobId);
		} catch (e) {
			// the job ran or vanished already; a stale job is harmless anyway (its token no longer matches)
			this.d.ctx.logger.debug(`status timer job ${jobId} not cancelled: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
}
