import { mayHaveApplied, type VendorFailure } from '../vendors/errors';
import type { Limiter } from './limiter';
import { kindRule, type Operation, splitByRepeatSafety, vendorOf } from './operation';
import { nextAttempt, senderLeaseMs } from './policy';
import type { OutboxItem } from './item';
import type { Clock } from './runtime';
import type { Transport } from './transport';

/**
 * One attempt of one claimed item: take a limiter slot (in persistence, before the request leaves),
 * send, and classify what happened. Decides
 * nothing about records; the outbox writes the result. The rule it keeps: after an outcome the app
 * cannot know, only the part of the operation that is safe to repeat is ever sent again.
 */
export type AttemptResult =
	| { kind: 'delivered' }
	/** No limiter slot: not sent, not an attempt. */
	| { kind: 'wait'; at: number }
	| { kind: 'retry'; at: number; error: VendorFailure }
	| { kind: 'failed'; error: VendorFailure }
	/** The vendor may or may not have applied `unsafe`; `safe` (if any) goes again at `retryAt`, or failed when past the give-up age. */
	| { kind: 'ambiguous'; error: VendorFailure; unsafe: Operation; safe?: Operation; retryAt?: number };

export class Sender {
	constructor(
		private readonly transport: Transport,
		private readonly limiter: Limiter,
		private readonly clock: Clock,
	) {}

	/** `local`: the limiter slot is this instance's, in memory (Limiter.acquireLocal): for an inline send on an ordered key. */
	public async attempt(item: OutboxItem, { local = false }: { local?: boolean } = {}): Promise<AttemptResult> {
		const [limit, credential, timeoutMs] = await Promise.all([this.transport.limit(item.op), this.transport.credential(item.op), this.transport.timeoutMs()]);
		const channel = kindRule(item.op).channel;
		const leaseMs = senderLeaseMs(timeoutMs);
		const slot = local ? await this.limiter.acquireLocal(channel, credential, limit, leaseMs) : await this.limiter.acquire(channel, credential, limit, leaseMs);
		if (!slot.ok) return { kind: 'wait', at: this.clock.now() + slot.waitMs };
		// The slot is held on the promise that its request arrives within the slot's lease. A runtime that
		// stalled since taking it (a slow engine call) may be too late to keep that promise: it does not
		// send, and takes a fresh slot on the next attempt (the stale one frees by itself).
		if (this.clock.now() + timeoutMs > slot.slot.record.leaseUntil) return { kind: 'wait', at: this.clock.now() };
		const result = await this.transport.send(item.op);
		// Any answer (an error too) means the vendor counted the request by now, and one that never left
		// is never counted. After a timeout of a request that left it may still arrive and be counted
		// later: the slot stays held through its lease, as after a crash.
		const mayStillArrive = !result.ok && result.error.kind === 'unavailable' && result.error.cause === 'timeout' && result.error.sent === 'unknown';
		if (!mayStillArrive) await this.limiter.answered(slot.slot);
		if (result.ok) return { kind: 'delivered' };
		return this.classify(item, result.error);
	}

	/** A drain's answers travel with its next limiter slot instead of a write each (src/delivery/limiter.ts). */
	public holdAnswers(): void {
		this.limiter.holdAnswers();
	}

	public flushAnswers(): Promise<void> {
		return this.limiter.flushAnswers();
	}

	/** What a failure means for this item: retry, give up, or (maybe applied) resend only the safe part. */
	public async classify(item: OutboxItem, error: VendorFailure): Promise<AttemptResult> {
		const policy = await this.transport.retryPolicy();
		const next = nextAttempt(error, item.attempts, item.createdAt, this.clock.now(), policy);
		if (mayHaveApplied(error)) {
			const { safe, unsafe } = splitByRepeatSafety(item.op);
			if (unsafe) return { kind: 'ambiguous', error, unsafe, ...(safe ? { safe } : {}), ...(safe && next.retry ? { retryAt: next.at } : {}) };
		}
		return next.retry ? { kind: 'retry', at: next.at, error } : { kind: 'failed', error };
	}
}

/** The failure recorded for an item whose sender stopped (its lease ran out) before the vendor answered. */
export function lostSender(item: OutboxItem): VendorFailure {
	return { kind: 'unavailable', vendor: vendorOf(item.op), cause: 'timeout', sent: 'unknown', message: 'the server instance sending it stopped before the vendor answered' };
}
