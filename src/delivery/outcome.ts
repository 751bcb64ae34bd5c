import type { IModify, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppContext } from '../context';
import type { VendorFailure } from '../vendors/errors';
import type { Operation } from './operation';
import type { Asker } from './item';

/** What submitting an operation ends in, and the protocol callers above delivery rely on. */

export type Outcome =
	| { state: 'done'; id: string }
	| { state: 'queued'; id: string; at: number; error?: VendorFailure }
	| { state: 'failed'; id: string; error: VendorFailure }
	/** The vendor may have applied it: not sent again by itself; `id` is the item a person can retry or drop. */
	| { state: 'unknown'; id: string; error: VendorFailure; resentAt?: number };

export type Fate = 'waiting' | 'failed' | 'unknown' | 'delivered' | 'dropped';

export interface Requester {
	userId: string;
	username: string;
	roomId?: string;
}

/** One asker's final outcome of one item, to be told. */
export interface Notice {
	asker: Asker;
	op: Operation;
	outcome: Outcome;
}

/**
 * How askers hear, later, how their queued operations ended; handed in by the UI layer (delivery never
 * renders). Called with the notices of one person in one place (the same user and room, in the order
 * they settled): a drain gathers a run's notices and tells each person once, every item named.
 */
export type Notify = (notices: Notice[]) => Promise<void>;
/** Builds a `Notify` for one app call (a scheduler job) from that call's accessors. */
export type NotifierFactory = (call: { ctx: AppContext; read: IRead; modify: IModify }) => Notify;

/**
 * The in-flight protocol the status feature's ledger relies on (its other side: src/status/callbell/ledger.ts).
 * - `submit` answers `queued` with an id for a change not applied yet: the ledger keeps `{id, after}`.
 * - `fate(id)` is `delivered` only when the vendor applied it (itself, or the item it was merged into);
 *   anything else — `unknown` included, which is also what a record nobody remembers reads as — means
 *   "not known to be applied": the ledger must not move.
 * - `withdraw(id)` takes a change back only while it waits; `false` once it is being sent or settled:
 *   then the vendor may end up with that change, so a caller that wants another state submits it (it
 *   goes after the one in flight) instead of assuming the vendor kept the old one.
 * - `withdrawTelling(id)` is `withdraw` that also says whether an earlier attempt may have reached the
 *   vendor anyway (a timeout after sending): the caller then cannot assume the vendor kept the old state.
 */
/**
 * `ordered`: the caller keeps the order of the coalescing key itself and knows no item of it is live
 * (the status turn: its agent's claim is held, and the ledger has no change queued). The outbox then
 * takes no claim of the key and reads none of its items; an inline send of an operation that is safe to
 * repeat is not journaled either (no record written and removed around it): the record is made only
 * when it has to wait or failed. Its limiter slot is the instance's, in memory (Limiter.acquireLocal). A crash mid-send is then the caller's to repair (the turn's claim is
 * left behind: src/status/turn/turn.ts).
 */
export interface SubmitOptions {
	ordered?: boolean;
}

export interface InFlightDelivery {
	submit(op: Operation, who: Requester, label: string, coalesceKey?: string, opts?: SubmitOptions): Promise<Outcome>;
	fate(id: string): Promise<Fate>;
	withdraw(id: string): Promise<boolean>;
	withdrawTelling(id: string): Promise<{ mayHaveApplied: boolean } | undefined>;
}
