import type { InFlightDelivery } from '../../delivery/outbox';
import type { Ledger, StatusStore } from '../model/store';
import type { Turn } from '../model/types';

/**
 * The ledger: what the app knows a Callbell user has (confirmed), plus at most one change of the app's
 * queued for it. It belongs to the Callbell user, not to the agent: a ledger kept for another uuid
 * (the agent was re-linked since) is no knowledge of the new user, who has been told nothing yet.
 * A queued change is promoted only once the outbox says it was delivered (any other fate — waiting,
 * failed, dropped, no record at all — is not delivered).
 */
export class Ledgers {
	/** Read once per turn: a turn that reads it for an event and again for the apply pays one read. */
	private readonly perTurn = new WeakMap<Turn, { uuid: string; ledger: Promise<Ledger | undefined> }>();
	/** Per turn: whether the agent's ledger record held a queued change when read (of whichever Callbell user). */
	private readonly queued = new WeakMap<Turn, boolean>();

	constructor(
		private readonly store: StatusStore,
		private readonly outbox: InFlightDelivery,
	) {}

	/** The ledger of `uuid` for the agent `userId`, a delivered change promoted. */
	public async read(userId: string, uuid: string, seen?: (queued: boolean) => void): Promise<Ledger | undefined> {
		const ledger = await this.store.ledger(userId);
		seen?.(!!ledger?.pending);
		if (!ledger || (ledger.uuid !== undefined && ledger.uuid !== uuid)) return undefined;
		if (!ledger.pending) return ledger;
		const fate = await this.outbox.fate(ledger.pending.outboxId);
		if (fate === 'waiting') return ledger;
		// (states Callbell may hold instead stay possible: the delivered change may not have covered them)
		const next: Ledger = fate === 'delivered' ? { ...ledger.pending.after, ...(ledger.unsure ? { unsure: ledger.unsure } : {}) } : confirmedOf(ledger);
		await this.store.saveLedger(userId, { ...next, uuid });
		return { ...next, uuid };
	}

	/**
	 * The ledger as this turn knows it (read at most once per turn, then kept up to date by `save`). In a
	 * turn in doubt (Turn.inDoubt) nothing confirmed is known: every field reads as unknown, so the next
	 * change sends Callbell the whole state (a status is safe to repeat).
	 */
	public of(turn: Turn, uuid: string): Promise<Ledger | undefined> {
		const held = this.perTurn.get(turn);
		if (held && held.uuid === uuid) return held.ledger;
		const ledger = this.read(turn.user.id, uuid, (queued) => this.queued.set(turn, queued)).then((l) => (turn.inDoubt ? doubted(l) : l));
		this.perTurn.set(turn, { uuid, ledger });
		return ledger;
	}

	/**
	 * Whether this turn may send the agent's Callbell change on an ordered key (SubmitOptions): the
	 * ledger, read in this turn, had no change queued (no item of the key is live: every one is made in a
	 * turn and kept in the ledger until settled), and the previous turn ended.
	 */
	public async ordered(turn: Turn, uuid: string): Promise<boolean> {
		await this.of(turn, uuid);
		return !turn.inDoubt && this.queued.get(turn) === false;
	}

	public async save(turn: Turn, uuid: string, ledger: Ledger): Promise<void> {
		const kept: Ledger = { ...ledger, uuid };
		await this.store.saveLedger(turn.user.id, kept);
		this.perTurn.set(turn, { uuid, ledger: Promise.resolve(kept) });
		this.queued.set(turn, !!kept.pending);
	}
}

/** A ledger of which nothing confirmed is known (its queued change stays). */
const doubted = (ledger: Ledger | undefined): Ledger | undefined => (ledger?.pending ? { pending: ledger.pending } : undefined);

/** What Callbell confirmed, without the queued change. */
export const confirmedOf = (ledger: Ledger | undefined): Ledger => ({ available: ledger?.available, customStatusUuid: ledger?.customStatusUuid, ...(ledger?.unsure ? { unsure: ledger.unsure } : {}) });

/** What Callbell will have once the queued change (if any) is delivered. */
export const expectedOf = (ledger: Ledger | undefined): Ledger | undefined => ledger?.pending?.after ?? ledger;
