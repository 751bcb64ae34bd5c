import type { Claim, Claims } from '../store/claim';
import { oldestStubs, type OutboxCensus } from './census';
import { kindRule, mergeable, mergeOps } from './operation';
import { LEASE_MARGIN_MS } from './policy';
import type { Outcome } from './outcome';
import type { Asker, ItemStub, OutboxItem, Scan } from './item';
import { type OutboxRecords, senderClaim } from './records';
import type { Clock } from './runtime';
import { type AttemptResult, lostSender, type Sender } from './sender';
import type { DrainArming } from './arming';

/** What a drain works with (the outbox gives it): records, claims, one attempt, the writer of results, arming. */
export interface DrainHost {
	readonly records: OutboxRecords;
	readonly census: OutboxCensus;
	readonly claims: Claims;
	readonly sender: Sender;
	readonly clock: Clock;
	leaseMs(): Promise<number>;
	apply(item: OutboxItem, result: AttemptResult): Promise<Outcome>;
	readonly arming: DrainArming;
	/** Gather the run's notices, so each asker is told once, when released. */
	holdNotices(): void;
	releaseNotices(): Promise<void>;
}

/** A drain never runs longer than this, well inside the engine's 30 s call limit. */
const DRAIN_BUDGET_MS = 15000;
/** How many sends a drain keeps in flight. */
const DRAIN_WORKERS = 4;
/** A drain waits in place for a limiter slot that frees within this long. */
const IN_DRAIN_WAIT_MS = 3000;
/**
 * The key's claim and the item's `leaseUntil` last the HTTP timeout plus LEASE_MARGIN_MS from when they
 * were taken: a request must leave while a whole HTTP timeout of them is left, or its answer could come
 * after another instance took the item for a lost sender and settled it as "may have applied". Waits
 * for slots therefore end this long before the margin does (the attempt's own reads before it sends).
 */
const SEND_BEFORE_MARGIN_ENDS_MS = 2000;

/** What choosing an item needs: an item's stub, or the item. */
type Timing = Pick<ItemStub, 'state' | 'nextAttemptAt' | 'leaseUntil' | 'updatedAt'>;

const live = (i: Timing) => i.state === 'pending' || i.state === 'sending';
/** When a sender's hold on an item ends (records of older versions carry no lease: a minute after their last write). */
const leaseEnd = (i: Timing) => i.leaseUntil ?? i.updatedAt + 60000;

/**
 * One run of the `delivery.drain` job (also the recurring sweep's work): sends what is due, oldest
 * first, at the limiter's pace, for at most DRAIN_BUDGET_MS — and always arms its successor while
 * work is left, whatever happened (`finally`). Per coalescing key only the oldest item goes, carrying
 * the ones queued behind it merged in; an item whose sender's lease ran out is settled as an outcome
 * the app cannot know. Each asker hears the run's outcomes of their items once, at its end (tell.ts). Claims (src/store/claim.ts) keep two drains, on one instance or several, from
 * sending one item twice.
 */
export class Drain {
	private readonly started: number;
	/** The run's first read, while this run has changed nothing: its successor is armed from it (a long queue is read once). */
	private unchanged?: Scan;

	constructor(private readonly outbox: DrainHost) {
		this.started = outbox.clock.now();
	}

	public async run(): Promise<{ sent: number; left: number }> {
		let sent = 0;
		let left = 0;
		this.outbox.holdNotices();
		this.outbox.sender.holdAnswers();
		try {
			sent = await this.sendDue();
		} finally {
			left = await this.close();
		}
		return { sent, left };
	}

	/** What a run does last, each step whatever became of the one before. Returns how many items are live. */
	private async close(): Promise<number> {
		try {
			// The limiter slots' answers no later slot carried (until written, those slots only look held longer).
			await this.outbox.sender.flushAnswers();
		} finally {
			try {
				return await this.armSuccessor();
			} finally {
				// One message per asker (and room) for the whole run, however many of their items it settled.
				await this.outbox.releaseNotices();
			}
		}
	}

	private async sendDue(): Promise<number> {
		// Stubs, not whole items: every head is read again whole before it is sent.
		const scan = await this.outbox.records.scan(undefined, oldestStubs);
		const items = scan.stubs;
		const leftovers = this.mergedAway(items);
		if (leftovers.length === 0) this.unchanged = scan;
		for (const i of leftovers) await this.outbox.records.remove(i.id);
		const alive = items.filter((i) => live(i) && !leftovers.includes(i)).sort((a, b) => a.order - b.order || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
		// Per key, only the oldest live item may go; the rest of that key ride along with it.
		const heads: ItemStub[] = [];
		const followers = new Map<string, ItemStub[]>();
		for (const item of alive) {
			const key = item.coalesceKey;
			if (key && followers.has(key)) followers.get(key)!.push(item);
			else {
				if (key) followers.set(key, []);
				if (this.due(item)) heads.push(item);
			}
		}
		const blocked = new Set<string>();
		let next = 0;
		let sent = 0;
		const worker = async () => {
			while (next < heads.length && this.outbox.clock.now() - this.started <= DRAIN_BUDGET_MS) {
				const head = heads[next++];
				const channel = kindRule(head).channel;
				if (blocked.has(channel)) continue;
				this.unchanged = undefined;
				const riders = head.coalesceKey ? (followers.get(head.coalesceKey) ?? []).filter((f) => f.state === 'pending') : [];
				const result = await this.sendOne(head, riders);
				if (result === 'no-slot') blocked.add(channel);
				if (result === 'settled') sent++;
			}
		};
		await Promise.all(Array.from({ length: DRAIN_WORKERS }, worker));
		return sent;
	}

	private due(item: Timing): boolean {
		const now = this.outbox.clock.now();
		if (item.state === 'pending') return item.nextAttemptAt <= now;
		return leaseEnd(item) < now;
	}

	/** Items an interrupted merge already copied into another item (their content went with it). */
	private mergedAway(items: ItemStub[]): ItemStub[] {
		const merged = new Set(items.flatMap((i) => i.mergedIds));
		return items.filter((i) => merged.has(i.id) && i.state === 'pending');
	}

	private async sendOne(head: ItemStub, riders: ItemStub[]): Promise<'settled' | 'queued' | 'no-slot' | 'skipped'> {
		const { outbox } = this;
		const lease = await outbox.leaseMs();
		const leasedAt = outbox.clock.now();
		const claims: Claim[] = [];
		try {
			// The key's claim covers the riders too: per key, one sender at a time, on any instance.
			const claim = await outbox.claims.take(senderClaim(head), lease);
			if (!claim) return 'skipped';
			claims.push(claim);
			const item = await outbox.records.get(head.id);
			if (!item || !live(item) || !this.due(item)) return 'skipped';
			if (item.state === 'sending') {
				// Its sender stopped before the vendor answered: the vendor may have applied it. Whoever
				// asked cannot hear it from that sender any more, so the end of it is announced.
				item.announce = true;
				await outbox.apply(item, await outbox.sender.classify(item, lostSender(item)));
				return 'settled';
			}
			const merged: Asker[] = [];
			for (const rider of riders) {
				const fresh = await outbox.records.get(rider.id);
				if (!fresh || fresh.state !== 'pending') continue;
				if (!mergeable(item.op, fresh.op)) break;
				item.op = mergeOps(item.op, fresh.op);
				merged.push(asker(fresh), ...(fresh.merged ?? []));
			}
			const now = outbox.clock.now();
			Object.assign(item, { state: 'sending', attempts: item.attempts + 1, updatedAt: now, leaseUntil: now + lease, merged: [...(item.merged ?? []), ...merged] });
			// Saved with the riders inside before the riders go: a crash in between leaves leftovers the next drain removes.
			await outbox.records.save(item);
			for (const m of merged) {
				await outbox.records.settle({ id: m.id, at: now, fate: 'merged', into: item.id });
				await outbox.records.remove(m.id);
			}
			let result = await outbox.sender.attempt(item);
			// A slot frees soon: wait for it here rather than re-arming the job, while the budget allows.
			while (result.kind === 'wait') {
				const wait = result.at - outbox.clock.now();
				const sendsAt = outbox.clock.now() + wait;
				if (wait > IN_DRAIN_WAIT_MS || sendsAt - this.started > DRAIN_BUDGET_MS || sendsAt - leasedAt > LEASE_MARGIN_MS - SEND_BEFORE_MARGIN_ENDS_MS) break;
				await outbox.clock.sleep(Math.max(1, wait));
				result = await outbox.sender.attempt(item);
			}
			const outcome = await outbox.apply(item, result);
			if (result.kind === 'wait') return 'no-slot';
			return outcome.state === 'queued' ? 'queued' : 'settled';
		} finally {
			for (const c of claims) await outbox.claims.release(c);
		}
	}

	/** While any item is live, a drain is armed for the earliest moment one is due; the census is counted. Returns how many are live. */
	private async armSuccessor(): Promise<number> {
		// Read again after sending: items changed; others may have been queued meanwhile (they arm a drain themselves).
		const scan = this.unchanged ?? (await this.outbox.records.scan(undefined, oldestStubs));
		const times = scan.stubs.filter(live).map((i) => (i.state === 'pending' ? i.nextAttemptAt : leaseEnd(i) + 1));
		if (times.length > 0) await this.outbox.arming.rearm(Math.min(...times));
		await this.outbox.census.recount(scan, this.outbox.clock.now());
		return times.length;
	}
}

const asker = (i: OutboxItem): Asker => ({
	id: i.id,
	userId: i.userId,
	username: i.username,
	...(i.roomId ? { roomId: i.roomId } : {}),
	label: i.label,
	announce: i.announce,
});
