import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { Requester } from '../../delivery/outbox';
import type { OffStatus } from '../../parse/st-hours';
import { isPresence } from '../../vendors/rocketchat';
import type { CallbellEvent, CallbellInbound, CallbellSessionEvent } from '../callbell/inbound';
import type { Ledgers } from '../callbell/ledger';
import type { CallbellOutbound } from '../callbell/outbound';
import { applyBoundary, type BoundaryOutcome } from '../hours/boundary';
import type { Boundary } from '../hours/hours';
import { Identity } from '../model/identity';
import { stateToken, type StatusStore } from '../model/store';
import type { Applied, ApplyFn, OcOutcome, RcOutcome, Source, Want } from '../model/types';
import type { OmnichannelFollow } from '../omnichannel/follow';
import { resolveWant, type UnknownPreset, type WantRequest } from '../presets/want';
import { rcPresets } from '../presets/lists';
import { fromRocketChat } from './rocketchat';
import type { TimelineStore } from '../timeline/store';
import type { Timers } from './timer';
import type { RetryJob } from './retry';
import type { AgentTurns } from './turn';

/** A change someone asks for: a status (presence and text, or a preset), or `clear` (text and timer go, presence stays). */
export type StatusRequest = WantRequest | { kind: 'clear' };

/** Who asked, and through what. */
export interface AskedBy {
	source: Source;
	requester: Requester;
}

export type Changed = { ok: true; applied: Applied; hadTimer: boolean } | { ok: false; problem: UnknownPreset };

export interface ChangeDeps {
	a: Accessors;
	store: StatusStore;
	identity: Identity;
	omnichannel: OmnichannelFollow;
	inbound: CallbellInbound;
	outbound: CallbellOutbound;
	ledgers: Ledgers;
	turns: AgentTurns;
	timers: Timers;
	timeline: TimelineStore;
	apply: ApplyFn;
	now: () => number;
}

/**
 * The one way into an agent's status. `change` is what `/st`, the form, a manager and the bot endpoint
 * ask for; `restore` is a timer ending, `boundary` a working-hours boundary; the `from*` entries are
 * the other systems telling what happened there. Each runs in the agent's turn (turn.ts) and applies
 * through the one apply step (apply.ts).
 */
export class StatusChanges {
	constructor(private readonly d: ChangeDeps) {}

	public async change(user: IUser, request: StatusRequest, by: AskedBy): Promise<Changed> {
		if (request.kind === 'clear') return this.clear(user, by);
		// the preset is looked up before the turn: an unknown name takes no turn, a slow list holds none
		const want = await resolveWant(request, () => rcPresets(this.d.a.read, this.d.a.http, this.d.store));
		if (!want.ok) return want;
		const quiet = await this.unchanged(user, want.want, by);
		if (quiet) return { ok: true, applied: quiet, hadTimer: false };
		const preset = request.kind === 'preset' ? { preset: want.want.text } : {};
		const applied = await this.d.turns.run(user, (turn) => this.d.apply(turn, want.want, { ...by, ...preset }), undefined, { fresh: true });
		return { ok: true, applied, hadTimer: false };
	}

	/**
	 * A change that changes nothing, found before the turn (no claim, nothing written): Rocket.Chat shows
	 * `want` (as the caller read the user, at the start of this call) and the app applied it last, no timer
	 * runs or is asked for, the agent is known (indexed, enrolled), Omnichannel does not follow them, and
	 * Callbell has it with nothing queued. Anything less certain takes the turn. Such a repeat is not a
	 * change: it moves no sequence and no time (a Callbell change made before it is still news).
	 */
	private async unchanged(user: IUser, want: Want, by: AskedBy): Promise<Applied | undefined> {
		if (want.until !== undefined || user.status !== want.presence || (user.statusText ?? '') !== want.text) return undefined;
		const omnichannel = await this.d.omnichannel.skipped(user);
		if (!omnichannel) return undefined;
		return this.d.store.withAgent(user.id, () => this.known(user, want, by, omnichannel));
	}

	/** `unchanged`, on the agent's records (read in one call). */
	private async known(user: IUser, want: Want, by: AskedBy, omnichannel: OcOutcome): Promise<Applied | undefined> {
		const sync = await this.d.store.sync(user.id);
		const known = sync.applied?.status === want.presence && sync.applied.statusText === want.text && sync.timerUntil === 0 && sync.hoursEnrolled === true && sync.indexed === Identity.indexedKey(user);
		if (!known) return undefined;
		const rocketchat: RcOutcome = { state: 'done', status: want.presence, statusText: want.text };
		const uuid = await this.d.identity.callbellUuid(user);
		if (!uuid) return { rocketchat, callbell: { state: 'not_linked' }, omnichannel, callbellNames: {} };
		const ledger = await this.d.ledgers.read(user.id, uuid);
		const names: Record<string, string> = {};
		if (!ledger || !(await this.d.outbound.has(want, ledger, by.requester, names))) return undefined;
		return { rocketchat, callbell: { state: 'unchanged', ledger }, omnichannel, callbellNames: names };
	}

	/** The expiry job: restore what was there before, unless the agent changed status since. */
	public async restore(userId: string, token: string): Promise<Applied | undefined> {
		const user = await this.d.a.read.getUserReader().getById(userId);
		if (!user) return undefined;
		return this.d.turns.run(user, async (turn) => {
			const timer = await this.d.store.timer(userId);
			if (!timer || timer.token !== token) return undefined;
			await this.d.store.clearTimer(userId);
			if (stateToken(turn.sync) !== token) return undefined;
			const prior = timer.restore.callbell;
			const target = prior && prior.available !== undefined ? { available: prior.available, customStatusUuid: prior.customStatusUuid ?? null } : undefined;
			const want = { presence: timer.restore.rc.status, text: timer.restore.rc.statusText };
			return this.d.apply(turn, want, { source: 'timer', requester: { userId, username: turn.user.username }, ends: token, ...(target ? { callbell: { kind: 'target', target } } : {}) });
		});
	}

	/**
	 * A change Rocket.Chat refused until another integration's status ended (turn/retry.ts): its
	 * Rocket.Chat half again, unless the agent's status changed since or a timed change has run out.
	 */
	public async retry(job: RetryJob): Promise<Applied | undefined> {
		if (job.want.until !== undefined && job.want.until <= this.d.now()) return undefined;
		const user = await this.d.a.read.getUserReader().getById(job.userId);
		if (!user) return undefined;
		return this.d.turns.run(user, async (turn) => {
			if (stateToken(turn.sync) !== job.token) return undefined;
			const opts = { source: job.source, requester: job.requester, callbell: { kind: 'none' as const }, ...(job.at !== undefined ? { at: job.at } : {}), ...(job.preset !== undefined ? { preset: job.preset } : {}) };
			return this.d.apply(turn, job.want, opts);
		});
	}

	/** A boundary of the agent's working hours (the rules: hours/boundary.ts). */
	public boundary(user: IUser, due: Boundary, previous: Boundary, off: OffStatus): Promise<BoundaryOutcome> {
		return this.d.turns.run(user, (turn) => applyBoundary(this.d.store, turn, due, previous, off, this.d.apply));
	}

	public fromRocketChat(user: IUser, currentStatus: string): Promise<Applied | undefined> {
		return fromRocketChat(this.d, user, currentStatus);
	}

	/** Callbell's webhook: only for agents who have a Callbell user (linked or mapped); nobody else is changed. */
	public async fromCallbell(user: IUser, event: CallbellEvent): Promise<Applied | 'echo' | 'stale' | 'not_linked'> {
		const uuid = await this.d.identity.callbellUuid(user);
		if (!uuid) return 'not_linked';
		return this.d.turns.run(user, (turn) => this.d.inbound.event(turn, uuid, event, this.d.apply));
	}

	/** A Callbell login or logout (already mapped to a presence): the same agents as the webhook above. */
	public async fromCallbellSession(user: IUser, event: CallbellSessionEvent): Promise<Applied | 'stale' | 'not_linked'> {
		if (!(await this.d.identity.callbellUuid(user))) return 'not_linked';
		return this.d.turns.run(user, (turn) => this.d.inbound.session(turn, event, this.d.apply));
	}

	/**
	 * The sweep's repair of an agent whose last turn never ended (its instance died in it): Callbell is
	 * sent the state Rocket.Chat shows, whatever the ledger says (the turn is in doubt, Turn.inDoubt), so
	 * the systems agree again even if the agent changes nothing. Nothing else moves (no timer, no
	 * sequence). False when another turn repaired it first.
	 */
	public async repair(userId: string): Promise<boolean> {
		const user = await this.d.a.read.getUserReader().getById(userId);
		if (!user) {
			// a deleted user: their dead claims go, or they would take a place of every sweep's repairs for ever
			await this.d.turns.clear(userId);
			return false;
		}
		return this.d.turns.run(user, async (turn) => {
			if (!turn.inDoubt) return false;
			const uuid = await this.d.identity.callbellUuid(turn.user);
			const shown = { presence: isPresence(turn.user.status) ? turn.user.status : 'online', text: turn.user.statusText ?? '' } as const;
			if (uuid) await this.d.outbound.mirror(turn, uuid, shown, { requester: { userId, username: turn.user.username } }, {});
			return true;
		});
	}

	/** `/st clear`: text and timer go, presence stays. Says whether a timer was running. */
	private clear(user: IUser, by: AskedBy): Promise<Changed> {
		return this.d.turns.run(user, async (turn) => {
			const timer = await this.d.timers.of(turn);
			const hadTimer = !!timer && timer.token === stateToken(turn.sync) && timer.until > this.d.now();
			const presence = isPresence(turn.user.status) ? turn.user.status : 'online';
			return { ok: true, applied: await this.d.apply(turn, { presence, text: '' }, by), hadTimer };
		});
	}
}
