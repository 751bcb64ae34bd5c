import * as z from '../zod';
import type { KeyValueStore } from '../store/kv';
import { type OutboxItem, readItem, type Scan, type ItemStub, scanRecords, type Unreadable } from './item';

/**
 * The outbox's records in persistence: where each item, settlement and tag lives, and how the queue is
 * read. Keys and tags live here and nowhere else; what a record must hold to be an item: ./item.ts.
 */

/** How an item that left the outbox ended; `merged` points at the item it went out with. */
export type Settlement = { id: string; at: number } & ({ fate: 'delivered' | 'dropped' } | { fate: 'merged'; into: string });

const settlementSchema = z.union([
	z.object({ id: z.string(), at: z.number(), fate: z.enum(['delivered', 'dropped']) }),
	z.object({ id: z.string(), at: z.number(), fate: z.literal('merged'), into: z.string() }),
]);

const ITEM = (id: string) => `outbox:${id}`;
const SETTLED = (id: string) => `outbox-settled:${id}`;
/** Written by versions before settlements existed; still read. */
const OLD_TOMBSTONE = (id: string) => `outbox-dropped:${id}`;
/**
 * A long queue is read in parts, one at a time, so the whole of it is never in memory at once: the
 * whole queue by part, one user's items by that user's part. An item's part is named by its id
 * (`p<part>…`), so every save finds the tags the record was created with (a record's tags cannot change:
 * `put` matches on all of them). Never lowered: an item is read only under its part's tags. Each part
 * costs the sweep and every drain one persistence read.
 */
export const PARTS = 2;
/** Items of a version before parts (and of such an instance during an upgrade) are read under these: still read. */
const TAG_ALL = 'outbox';
const tagUser = (userId: string) => `outbox:user:${userId}`;
const tagPart = (part: number) => `outbox:part:${part}`;
const tagUserPart = (userId: string, part: number) => `outbox:user:${userId}:part:${part}`;
const tagKey = (key: string) => `outbox:key:${key}`;
const TAG_SETTLED = 'outbox-settled';
const PART_NUMBERS = Array.from({ length: PARTS }, (_, part) => part);

/** The part an id names; none for an id of a version before parts. */
const partOf = (id: string): number | undefined => {
	const part = Number(/^p(\d)/.exec(id)?.[1] ?? PARTS);
	return part < PARTS ? part : undefined;
};
/** The tags an item is listed under: the whole queue's and its user's, of its part or of the version before parts. */
const tagsOf = (item: Pick<OutboxItem, 'id' | 'userId' | 'coalesceKey'>): string[] => {
	const part = partOf(item.id);
	const tags = part === undefined ? [TAG_ALL, tagUser(item.userId)] : [tagPart(part), tagUserPart(item.userId, part)];
	return item.coalesceKey ? [...tags, tagKey(item.coalesceKey)] : tags;
};
/** Where the queue (one user's, when given) is read: what versions before parts wrote, then each part. */
const sourcesOf = (userId?: string): string[] =>
	userId ? [tagUser(userId), ...PART_NUMBERS.map((p) => tagUserPart(userId, p))] : [TAG_ALL, ...PART_NUMBERS.map(tagPart)];

/** What an item id looks like, a new one or one of a version before parts: for readers that find ids in text. */
export const ITEM_ID = /(?:p\d|ob)[0-9a-z]+/;
/** A new item's id, in a part chosen at random (`random` in [0, 1)). */
export const newItemId = (now: number, random: () => number = Math.random): string => `p${Math.min(PARTS - 1, Math.floor(random() * PARTS))}${now.toString(36)}${random().toString(36).slice(2, 10)}`;

export class OutboxRecords {
	constructor(private readonly kv: KeyValueStore) {}

	public async get(id: string): Promise<OutboxItem | undefined> {
		const raw = await this.kv.get<unknown>(ITEM(id));
		if (raw === undefined) return undefined;
		const read = readItem(raw);
		return read.ok ? read.item : undefined;
	}

	/** Whether a record exists under this id, readable or not (an admin may drop an unreadable one). */
	public async exists(id: string): Promise<boolean> {
		return (await this.kv.get<unknown>(ITEM(id))) !== undefined;
	}

	/** Every item (of one user when given), split into readable ones and the rest. */
	public async all(userId?: string): Promise<{ items: OutboxItem[]; unreadable: Unreadable[] }> {
		const all = { items: [] as OutboxItem[], unreadable: [] as Unreadable[] };
		for (const tag of sourcesOf(userId)) {
			const part = this.split(await this.kv.list<unknown>(tag));
			all.items.push(...part.items);
			all.unreadable.push(...part.unreadable);
		}
		return all;
	}

	/**
	 * Every item's stub (of one user when given), and whole items of those `pick` chooses: see
	 * `scanRecords`. Read part by part, each part's records dropped before the next is read; `pick` must
	 * choose from the whole among what it chose from each part (the oldest n do).
	 */
	public async scan(userId?: string, pick?: (stubs: ItemStub[]) => ItemStub[]): Promise<Scan> {
		const whole: Scan = { stubs: [], unreadable: [], items: [] };
		for (const tag of sourcesOf(userId)) {
			const part = scanRecords(await this.kv.list<unknown>(tag), pick);
			whole.stubs.push(...part.stubs);
			whole.unreadable.push(...part.unreadable);
			whole.items.push(...part.items);
		}
		if (!pick) return whole;
		const read = new Map(whole.items.map((i) => [i.id, i]));
		return { ...whole, items: pick(whole.stubs).flatMap((s) => read.get(s.id) ?? []) };
	}

	public async ofKey(key: string): Promise<OutboxItem[]> {
		return (await this.split(await this.kv.list<unknown>(tagKey(key)))).items;
	}

	public async save(item: OutboxItem): Promise<void> {
		await this.kv.put(ITEM(item.id), item, tagsOf(item));
	}

	public async remove(id: string): Promise<void> {
		await this.kv.remove(ITEM(id));
	}

	public async settle(settlement: Settlement): Promise<void> {
		await this.kv.put(SETTLED(settlement.id), settlement, [TAG_SETTLED]);
	}

	public async settlement(id: string): Promise<Settlement | undefined> {
		const parsed = settlementSchema.safeParse(await this.kv.get<unknown>(SETTLED(id)));
		if (parsed.success) return parsed.data;
		return (await this.kv.get<unknown>(OLD_TOMBSTONE(id))) !== undefined ? { id, at: 0, fate: 'dropped' } : undefined;
	}

	/** Removes settlements older than `before` (their own lifetime, independent of the audit's). */
	public async pruneSettlements(before: number): Promise<number> {
		let n = 0;
		for (const raw of await this.kv.list<unknown>(TAG_SETTLED)) {
			const s = settlementSchema.safeParse(raw);
			const id = s.success ? s.data.id : raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
			if (typeof id === 'string' && (!s.success || s.data.at < before)) {
				await this.kv.remove(SETTLED(id));
				n++;
			}
		}
		return n;
	}

	private split(raws: unknown[]): { items: OutboxItem[]; unreadable: Unreadable[] } {
		const items: OutboxItem[] = [];
		const unreadable: Unreadable[] = [];
		for (const raw of raws) {
			const read = readItem(raw);
			if (read.ok) items.push(read.item);
			else unreadable.push(read.unreadable);
		}
		return { items, unreadable };
	}
}

/** Who may send an item: per coalescing key one sender at a time (that keeps the key's order), else per item. */
export const senderClaim = (item: Pick<OutboxItem, 'id' | 'coalesceKey'>): string => (item.coalesceKey ? `outbox-key:${item.coalesceKey}` : `outbox:${item.id}`);
