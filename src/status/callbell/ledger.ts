import type { InFlightDelivery } from '../../delivery/outbox';
import type { Ledger, StatusStore } from '../model/store';
import type { CallbellState, Turn } from '../model/types';

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

	constructor(
		private readonly store: StatusStore,
		private readonly outbox: InFlightDelivery,
	) {}

	/** The ledger of `uuid` for the agent `userId`, a delivered change promoted. */
	public async read(userId: string, uuid: string): Promise<Ledger | undefined> {
		const ledger = await this.store.ledger(userId);
		if (!ledger || (ledger.uuid !== undefined && ledger.uuid !== uuid)) return undefined;
		if (!ledger.pending) return ledger;
		const fate = await this.outbox.fate(ledger.pending.outboxId);
		if (fate === 'waiting') return ledger;
		const next: Ledger = fate === 'delivered' ? { ...ledger.pending.after } : confirmedOf(ledger);
		await this.store.saveLedger(userId, { ...next, uuid });
		return { ...next, uuid };
	}

	/** The ledger as this turn knows it (read at most once per turn, then kept up to date by `save`). */
	public of(turn: Turn, uuid: string): Promise<Ledger | undefined> {
		const held = this.perTurn.get(turn);
		if (held && held.uuid === uuid) return held.ledger;
		const ledger = this.read(turn.user.id, uuid);
		this.perTurn.set(turn, { uuid, ledger });
		return ledger;
	}

	public async save(turn: Turn, uuid: string, ledger: Ledger): Promise<void> {
		const kept: Ledger = { ...ledger, uuid };
		await this.store.saveLedger(turn.user.id, kept);
		this.perTurn.set(turn, { uuid, ledger: Promise.resolve(kept) });
	}
}

/** What Callbell confirmed, without the queued change. */
export const confirmedOf = (ledger: Ledger | undefined): CallbellState => ({ available: ledger?.available, customStatusUuid: ledger?.customStatusUuid });

/** What Callbell will have once the queued change (if any) is delivered. */
export const expectedOf = (ledger: Ledger | undefined): Ledger | undefined => ledger?.pending?.after ?? ledger;
