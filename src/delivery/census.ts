import * as z from '../zod';
import type { KeyValueStore } from '../store/kv';
import { type ItemStub, type OutboxItem, readItem, type Scan, type Unreadable } from './item';
import type { OutboxRecords } from './records';

/**
 * What `/inbox-bridge queue` shows of the outbox: how many items wait, by kind, the unreadable records
 * and the oldest items whole. Counting needs every record (persistence has no count), so a long queue
 * is counted by the delivery run that reads every record anyway (the drain, or the sweep every minute):
 * it leaves a census, and the listing reads that one record instead of thousands. The census is never
 * updated, only replaced by a count made from scratch, so two instances writing it can only leave one
 * that is a run old, which the next run replaces: nothing to drift. A short queue is counted when asked.
 */

/** From this many records the delivery run leaves a census and the listing reads it. */
export const CENSUS_FROM = 1000;
/** How many of the oldest items, and of the unreadable records, the listing shows. */
export const SHOWN = 25;

export interface QueueOverview {
	/** Readable items per operation kind, in the order of each kind's oldest item. */
	byKind: Array<[kind: string, count: number]>;
	unreadableCount: number;
	/** The first SHOWN unreadable records. */
	unreadable: Unreadable[];
	/** The SHOWN oldest items, oldest first. */
	oldest: OutboxItem[];
	/** When the overview was counted by a delivery run (a long queue) instead of now. */
	asOf?: number;
}

const CENSUS_KEY = 'outbox-census';
const censusSchema = z.object({
	at: z.number(),
	byKind: z.array(z.tuple([z.string(), z.int().check(z.gte(0))])),
	unreadableCount: z.int().check(z.gte(0)),
	unreadable: z.array(z.object({ id: z.nullish(z.string()), problem: z.string() })),
	oldest: z.array(z.unknown()),
});

/** The SHOWN oldest stubs, oldest first (ties in storage order, as a stable sort leaves them). */
export function oldestStubs(stubs: ItemStub[]): ItemStub[] {
	return [...stubs].sort((a, b) => a.createdAt - b.createdAt).slice(0, SHOWN);
}

/** The overview of a scan whose picked items are `oldestStubs` of its stubs. */
export function overviewOf(scan: Scan, asOf?: number): QueueOverview {
	const byKind = new Map<string, number>();
	for (const s of [...scan.stubs].sort((a, b) => a.createdAt - b.createdAt)) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
	const oldest = [...scan.items].sort((a, b) => a.createdAt - b.createdAt);
	return { byKind: [...byKind], unreadableCount: scan.unreadable.length, unreadable: scan.unreadable.slice(0, SHOWN), oldest, ...(asOf !== undefined ? { asOf } : {}) };
}

export class OutboxCensus {
	constructor(private readonly kv: KeyValueStore, private readonly records: OutboxRecords) {}

	/** The queue as the listing shows it (one user's items only: counted now, no census). */
	public async overview(userId?: string): Promise<QueueOverview> {
		if (userId === undefined) {
			const census = await this.read();
			if (census) return census;
		}
		return overviewOf(await this.records.scan(userId, oldestStubs));
	}

	/**
	 * After a delivery run's scan (its picked items `oldestStubs`): a long queue leaves a census made
	 * from scratch; a short one removes a census left from when it was long.
	 */
	public async recount(scan: Scan, at: number): Promise<void> {
		if (scan.stubs.length + scan.unreadable.length >= CENSUS_FROM) {
			const o = overviewOf(scan);
			await this.kv.put(CENSUS_KEY, { at, byKind: o.byKind, unreadableCount: o.unreadableCount, unreadable: o.unreadable, oldest: o.oldest });
		} else if ((await this.kv.get<unknown>(CENSUS_KEY)) !== undefined) {
			await this.kv.remove(CENSUS_KEY);
		}
	}

	/** The census, validated: a broken one reads as absent (the queue is then counted now). */
	private async read(): Promise<QueueOverview | undefined> {
		const parsed = censusSchema.safeParse(await this.kv.get<unknown>(CENSUS_KEY));
		if (!parsed.success) return undefined;
		const { at, byKind, unreadableCount, unreadable, oldest } = parsed.data;
		return {
			byKind,
			unreadableCount,
			unreadable: unreadable.map((u) => (u.id ? { id: u.id, problem: u.problem } : { problem: u.problem })),
			oldest: oldest.flatMap((raw) => {
				const read = readItem(raw);
				return read.ok ? [read.item] : [];
			}),
			asOf: at,
		};
	}
}
