import type { Fate, OutboxItem } from '../../delivery/outbox';
import type { VendorFailure } from '../../vendors/errors';
import type { CallbellAttempt, StatusStore } from './store';
import type { CbOutcome } from './types';

/**
 * The last attempt per system, and what it stands at now. An attempt is written when a change is
 * applied; a queued one is resolved later from its outbox item (delivered, still waiting, failed or
 * dropped), never taken for applied before the outbox says so.
 */

/** What reading an attempt needs of delivery: where an item stands and, while it is kept, its last error. */
export interface OutboxView {
	fate(id: string): Promise<Fate>;
	get(id: string): Promise<OutboxItem | undefined>;
}

export type AttemptView<T> =
	/** nothing outstanding: the confirmed state is all there is to say */
	| { state: 'done'; target?: T; delivered?: boolean }
	| { state: 'pending'; target: T; error?: VendorFailure }
	| { state: 'failed'; target?: T; error?: VendorFailure; dropped?: boolean };

interface Attempt<T> {
	target?: T;
	state: 'done' | 'queued' | 'failed';
	outboxId?: string;
	error?: VendorFailure;
}

export async function resolveAttempt<T>(attempt: Attempt<T> | undefined, outbox: OutboxView): Promise<AttemptView<T>> {
	if (!attempt || attempt.state === 'done') return { state: 'done' };
	const target = attempt.target;
	if (!attempt.outboxId) return attempt.state === 'failed' ? { state: 'failed', target, error: attempt.error } : { state: 'done' };
	const fate = await outbox.fate(attempt.outboxId);
	if (fate === 'delivered') return { state: 'done', target, delivered: true };
	const error = (await outbox.get(attempt.outboxId))?.lastError ?? attempt.error;
	if (fate === 'waiting' && target !== undefined) return { state: 'pending', target, ...(error ? { error } : {}) };
	return { state: 'failed', target, ...(error ? { error } : {}), ...(fate === 'dropped' ? { dropped: true } : {}) };
}

/**
 * Remembers how the Callbell half of a change went (nothing to remember for an agent without a Callbell
 * user). A settled attempt reads exactly like none, so it is written only to close an open one (queued
 * or failed): a change that simply went through costs no write. Returns whether an attempt is open now.
 */
export async function recordCallbellAttempt(store: StatusStore, userId: string, cb: CbOutcome, at: number, wasOpen: boolean): Promise<boolean> {
	const open = cb.state === 'queued' || cb.state === 'failed';
	if (!open && !wasOpen) return false;
	let attempt: CallbellAttempt;
	switch (cb.state) {
		case 'not_linked':
			await store.clearCallbellAttempt(userId);
			return false;
		case 'done':
		case 'unchanged':
			attempt = { at, target: targetOf(cb.ledger), state: 'done' };
			break;
		case 'queued':
			attempt = { at, target: targetOf(cb.ledger), state: 'queued', outboxId: cb.outboxId, ...(cb.error ? { error: cb.error } : {}) };
			break;
		case 'failed':
			attempt = { at, target: cb.target ? targetOf(cb.target) : {}, state: 'failed', error: cb.error, ...(cb.outboxId ? { outboxId: cb.outboxId } : {}) };
			break;
	}
	await store.saveCallbellAttempt(userId, attempt);
	return open;
}

/** A Callbell state with only the fields it has (a ledger without its pending change). */
export const targetOf = (l: { available?: boolean; customStatusUuid?: string | null }) => ({
	...(l.available !== undefined ? { available: l.available } : {}),
	...(l.customStatusUuid !== undefined ? { customStatusUuid: l.customStatusUuid } : {}),
});
