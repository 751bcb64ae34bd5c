import type { EventAccessors } from '../accessors';
import type { AppContext } from '../context';
import { AuditLog } from '../store/audit';
import { Claims } from '../store/claim';
import { cacheKey } from '../store/caches';
import { KeyValueStore } from '../store/kv';
import { mayHaveApplied } from '../vendors/errors';
import { DrainArming } from './arming';
import { OutboxCensus } from './census';
import { Drain, type DrainHost } from './drain';
import { Limiter } from './limiter';
import { kindRule, type Operation, replacesOlder, splitByRepeatSafety, vendorOf } from './operation';
import { senderLeaseMs } from './policy';
import type { Fate, InFlightDelivery, Notify, Outcome, Requester, SubmitOptions } from './outcome';
import type { OutboxItem, Unreadable } from './item';
import { newItemId, OutboxRecords, senderClaim } from './records';
import { type Clock, instanceLock, realClock, type SerialLock } from './runtime';
import { type AttemptResult, Sender } from './sender';
import { Teller } from './tell';
import { SettingsTransport, type Transport } from './transport';

export { credentialSettingOf, CUSTOM_STATUSES_KEY, mergeOps, objectsOf, type Operation, vendorOf } from './operation';
export type { Asker, OutboxItem } from './item';
export { DRAIN_JOB } from './arming';
export type { Fate, InFlightDelivery, Notice, NotifierFactory, Notify, Outcome, Requester, SubmitOptions } from './outcome';

export interface OutboxOptions {
	notify?: Notify;
	clock?: Clock;
	lock?: SerialLock;
	transport?: Transport;
}

/** How long one call (a command, an endpoint) may spend sending inline before it only queues. */
const INLINE_BUDGET_MS = 5000;

/**
 * The outbox: every vendor write is a record before it is sent. A call sends its own new item inline
 * (within a budget); everything else is the `delivery.drain` job's (src/delivery/drain.ts). Items of
 * one coalescing key go out in submission order. Records, limiter windows and claims live in
 * persistence, so every server instance shares them.
 */
export class Outbox implements InFlightDelivery, DrainHost {
	public readonly records: OutboxRecords;
	public readonly census: OutboxCensus;
	public readonly claims: Claims;
	public readonly sender: Sender;
	public readonly clock: Clock;
	private readonly audit: AuditLog;
	private readonly kv: KeyValueStore;
	private readonly transport: Transport;
	private readonly startedAt: number;
	private readonly teller: Teller;

	/** When the next drain runs (./arming.ts): without `modify` nothing is armed, and the sweep takes what is queued. */
	public readonly arming: DrainArming;

	constructor(
		ctx: AppContext,
		{ read, persis, http, modify }: EventAccessors,
		opts: OutboxOptions = {},
	) {
		this.clock = opts.clock ?? realClock;
		this.startedAt = this.clock.now();
		this.kv = new KeyValueStore(read.getPersistenceReader(), persis);
		this.arming = new DrainArming(this.kv, this.clock, modify);
		this.records = new OutboxRecords(this.kv);
		this.census = new OutboxCensus(this.kv, this.records);
		this.claims = new Claims(this.kv, () => this.clock.now());
		this.audit = new AuditLog(this.kv);
		this.transport = opts.transport ?? new SettingsTransport(read, http);
		this.sender = new Sender(this.transport, new Limiter(this.kv, opts.lock ?? instanceLock, this.clock), this.clock);
		this.teller = new Teller(opts.notify, (m) => ctx.logger.warn(m));
	}

	/** Accepts one operation: the answer is done, queued (sent later by a job), failed or unknown. */
	public async submit(op: Operation, who: Requester, label: string, coalesceKey?: string, opts: SubmitOptions = {}): Promise<Outcome> {
		const now = this.clock.now();
		const item: OutboxItem = {
			id: newItemId(now),
			op,
			state: 'pending',
			attempts: 0,
			createdAt: now,
			updatedAt: now,
			nextAttemptAt: now,
			order: now,
			userId: who.userId,
			username: who.username,
			...(who.roomId ? { roomId: who.roomId } : {}),
			...(coalesceKey ? { coalesceKey } : {}),
			label,
			announce: true,
		};
		// Items of one key go out in order, one sender at a time: without the key's claim, or behind an
		// older item of the key still waiting, this one waits too (a drain sends them merged). Inline
		// sends also stop once this call's budget is spent.
		// (A new item without a key is known to nobody else yet: it needs no claim.)
		const lease = await this.leaseMs();
		const inline = now - this.startedAt <= INLINE_BUDGET_MS;
		// An ordered key (SubmitOptions): nothing of it is live and its order is the caller's.
		if (opts.ordered && inline && !splitByRepeatSafety(op).unsafe) {
			Object.assign(item, { state: 'sending', attempts: 1, announce: false, leaseUntil: now + lease });
			return this.apply(item, await this.sender.attempt(item, { local: true }), { journaled: false });
		}
		const claim = inline && coalesceKey && !opts.ordered ? await this.claims.take(senderClaim(item), lease) : undefined;
		try {
			// Read also without the claim: a queued item must still be ordered after every live one it saw.
			const ahead = coalesceKey && !opts.ordered ? (await this.records.ofKey(coalesceKey)).filter((i) => i.state === 'pending' || i.state === 'sending') : [];
			// A newer status replaces what waits before it (a drain merges it the same way): with the key's
			// claim, nobody else is sending them, so they go now, settled as merged into this one.
			if (claim && replacesOlder(op) && ahead.length > 0 && ahead.every((i) => i.state === 'pending')) {
				for (const old of ahead.splice(0)) {
					await this.records.settle({ id: old.id, at: now, fate: 'merged', into: item.id });
					await this.records.remove(old.id);
				}
			}
			if (!inline || (coalesceKey && !claim && !opts.ordered) || ahead.length > 0) {
				const at = Math.max(now, ...ahead.map((i) => i.nextAttemptAt));
				item.order = Math.max(now, ...ahead.map((i) => i.order + 1));
				await this.records.save(item);
				await this.arming.arm(at);
				return { state: 'queued', id: item.id, at };
			}
			// Written as already being sent by this call (with a lease), so no drain picks it up meanwhile.
			Object.assign(item, { state: 'sending', attempts: 1, announce: false, leaseUntil: now + lease });
			await this.records.save(item);
			return await this.apply(item, await this.sender.attempt(item));
		} finally {
			if (claim) await this.claims.release(claim);
		}
	}

	/** The scheduler job's work: see src/delivery/drain.ts. */
	public drain(): Promise<{ sent: number; left: number }> {
		return new Drain(this).run();
	}

	/** Every item (of one user when given), oldest first, and the records that could not be read. */
	public async list(userId?: string): Promise<{ items: OutboxItem[]; unreadable: Unreadable[] }> {
		const all = await this.records.all(userId);
		return { items: all.items.sort((a, b) => a.createdAt - b.createdAt), unreadable: all.unreadable };
	}

	public get(id: string): Promise<OutboxItem | undefined> {
		return this.records.get(id);
	}

	/** Makes a failed, unknown or waiting item due now: an explicit "send it again". */
	public async retry(id: string): Promise<OutboxItem | undefined> {
		const item = await this.records.get(id);
		if (!item || item.state === 'sending') return undefined;
		const now = this.clock.now();
		Object.assign(item, { state: 'pending', nextAttemptAt: now, createdAt: now, updatedAt: now, announce: true });
		await this.records.save(item);
		await this.arming.arm(now);
		return item;
	}

	/** Gives up on an item (an unreadable one too). Its settlement remembers it, so it never reads as delivered. */
	public async drop(id: string): Promise<boolean> {
		if (!(await this.records.exists(id))) return false;
		await this.records.remove(id);
		await this.records.settle({ id, at: this.clock.now(), fate: 'dropped' });
		return true;
	}

	/** Takes back an operation no longer wanted. Only a waiting item can be withdrawn (not one being sent): false then. */
	public async withdraw(id: string): Promise<boolean> {
		return (await this.withdrawTelling(id)) !== undefined;
	}

	/**
	 * `withdraw`, also saying whether an earlier attempt may have reached the vendor anyway (its last
	 * failure was a timeout or a lost connection after sending: `mayHaveApplied`). Undefined when it could
	 * not be taken back. Only the last attempt's failure is kept, so an earlier uncertain one is not seen.
	 */
	public async withdrawTelling(id: string): Promise<{ mayHaveApplied: boolean } | undefined> {
		const item = await this.records.get(id);
		if (!item || item.state !== 'pending') return undefined;
		const uncertain = item.attempts > 0 && item.lastError !== undefined && mayHaveApplied(item.lastError);
		return (await this.drop(id)) ? { mayHaveApplied: uncertain } : undefined;
	}

	/** Where an item stands; "no record at all" is `unknown`, never taken for delivered. */
	public async fate(id: string): Promise<Fate> {
		for (let hop = 0, at = id; hop < 5; hop++) {
			const item = await this.records.get(at);
			if (item) return item.state === 'failed' ? 'failed' : item.state === 'unknown' ? 'unknown' : 'waiting';
			const settled = await this.records.settlement(at);
			if (!settled) return 'unknown';
			if (settled.fate !== 'merged') return settled.fate;
			at = settled.into;
		}
		return 'unknown';
	}

	public auditLog(): AuditLog {
		return this.audit;
	}

	public async leaseMs(): Promise<number> {
		return senderLeaseMs(await this.transport.timeoutMs());
	}

	/**
	 * Writes what an attempt of a claimed item ended in, and tells the askers who were told "queued".
	 * An item dropped while it was being sent is not brought back. An item sent without a record
	 * (`journaled: false`, SubmitOptions) is this call's alone: its record is written only if it waits.
	 */
	public async apply(item: OutboxItem, result: AttemptResult, { journaled = true }: { journaled?: boolean } = {}): Promise<Outcome> {
		const now = this.clock.now();
		// Until its lease ends nobody else may take a sending item (a drain takes one only once its lease ran
		// out), only drop it, after which removing it again is harmless: a delivery within the lease needs no
		// look first. Anything else rewrites the record, and must not bring back one dropped meanwhile.
		const leased = journaled && result.kind === 'delivered' && item.state === 'sending' && item.leaseUntil !== undefined && now < item.leaseUntil;
		const current = !journaled ? item : leased ? undefined : await this.records.get(item.id);
		const owned = leased || (current?.state === 'sending' && current.attempts === item.attempts);
		// Told "queued" earlier, so they hear the end of it now (the call that sends inline replies itself).
		const told = [item, ...(item.merged ?? [])].filter((a) => a.announce).map((a) => ({ ...a }));
		const stale = kindRule(item.op).staleCache;
		if (stale && result.kind !== 'wait') await this.kv.remove(cacheKey(stale));
		let outcome: Outcome;
		switch (result.kind) {
			case 'delivered':
				outcome = { state: 'done', id: item.id };
				if (owned && journaled) await this.records.remove(item.id);
				if (item.announce || item.merged?.length) await this.records.settle({ id: item.id, at: now, fate: 'delivered' });
				await this.record(item, 'done');
				break;
			case 'wait':
				outcome = { state: 'queued', id: item.id, at: result.at };
				if (owned) await this.requeue(item, { attempts: item.attempts - 1, nextAttemptAt: result.at });
				return outcome;
			case 'retry':
				outcome = { state: 'queued', id: item.id, at: result.at, error: result.error };
				if (owned) await this.requeue(item, { nextAttemptAt: result.at, lastError: result.error });
				return outcome;
			case 'failed':
				outcome = { state: 'failed', id: item.id, error: result.error };
				if (owned) await this.records.save({ ...item, state: 'failed', updatedAt: now, lastError: result.error, leaseUntil: undefined });
				await this.record(item, 'failed', result.error.message);
				break;
			case 'ambiguous': {
				// The unsafe part waits for a person; the safe part (if any) goes again on its own.
				// (A new id per attempt: the same item can leave an unknown part more than once, merged riders' notes too.)
				const unknown: OutboxItem = result.safe ? { ...item, id: `${item.id}u${item.attempts}`, coalesceKey: undefined } : item;
				Object.assign(unknown, { op: result.unsafe, state: 'unknown', updatedAt: now, lastError: result.error, leaseUntil: undefined, announce: true });
				if (owned || result.safe) await this.records.save(unknown);
				if (result.safe && owned) {
					if (result.retryAt !== undefined) await this.requeue(item, { op: result.safe, nextAttemptAt: result.retryAt, lastError: result.error });
					else await this.records.save({ ...item, op: result.safe, state: 'failed', updatedAt: now, lastError: result.error, leaseUntil: undefined });
				}
				outcome = { state: 'unknown', id: unknown.id, error: result.error, ...(result.retryAt !== undefined ? { resentAt: result.retryAt } : {}) };
				await this.record(unknown, 'unknown', result.error.message);
				break;
			}
		}
		await this.teller.tell(told.map((asker) => ({ asker, op: item.op, outcome })));
		return outcome;
	}

	/** From now on outcomes are gathered, and each person is told once at `releaseNotices` (a drain run). */
	public holdNotices(): void {
		this.teller.hold();
	}

	public releaseNotices(): Promise<void> {
		return this.teller.release();
	}

	private async requeue(item: OutboxItem, patch: Partial<OutboxItem>): Promise<void> {
		const next: OutboxItem = { ...item, ...patch, state: 'pending', updatedAt: this.clock.now(), leaseUntil: undefined, announce: true };
		await this.records.save(next);
		await this.arming.arm(next.nextAttemptAt);
	}

	private async record(item: OutboxItem, outcome: 'done' | 'failed' | 'unknown', detail?: string): Promise<void> {
		const at = this.clock.now();
		for (const asker of [item, ...(item.merged ?? [])]) {
			await this.audit.add({ at, userId: asker.userId, username: asker.username, action: item.op.kind, vendor: vendorOf(item.op), object: asker.label, outcome, ...(detail ? { detail } : {}) });
		}
	}
}
