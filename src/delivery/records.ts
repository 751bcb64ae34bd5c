import * as z from '../zod';
import { optional } from '../store/read-back';
import type { KeyValueStore } from '../store/kv';
import { SENT, type Sent, VENDORS, type VendorFailure } from '../vendors/errors';
import { nullishField, type OperationKind, type Operation, operationSchema, operationShape, type OptionalField } from './operation';

/**
 * The outbox's records in persistence, validated when read: a record some other version of the app
 * wrote (an unknown kind after a downgrade, a field missing) is reported as unreadable and skipped,
 * never allowed to stop the others. Keys and tags live here and nowhere else.
 *
 * Lifecycle of an item (the whole of it):
 *   pending  → sending   a drain (or the call that submitted it) claims it, with a lease;
 *   sending  → (gone)    the vendor applied it: removed, settled `delivered`;
 *   sending  → pending   a retryable failure, or no limiter slot: tried again at `nextAttemptAt`;
 *   sending  → failed | unknown   a final failure, or an outcome the app cannot know for a part that is
 *                        unsafe to repeat: kept for a person to retry or drop;
 *   sending past its lease (the instance died) is treated as an outcome the app cannot know.
 */

export type ItemState = 'pending' | 'sending' | 'failed' | 'unknown';

/** Someone who asked for an operation and is told how it ends (an item merged into another keeps its asker). */
export interface Asker {
	id: string;
	userId: string;
	username: string;
	roomId?: string;
	label: string;
	/** The asker was told "queued", so the final outcome is announced later. */
	announce: boolean;
}

export interface OutboxItem extends Asker {
	op: Operation;
	state: ItemState;
	attempts: number;
	createdAt: number;
	updatedAt: number;
	nextAttemptAt: number;
	/** While `sending`: after this moment the sender is presumed dead. */
	leaseUntil?: number;
	lastError?: VendorFailure;
	/** Items of one key go out in the order they were submitted; a drain merges the waiting ones. */
	coalesceKey?: string;
	/** Order within the key: above every live item of the key its submitter saw (the clock alone can tie). */
	order: number;
	/** Items merged into this one: each is told the outcome under its own label. */
	merged?: Asker[];
}

/** How an item that left the outbox ended; `merged` points at the item it went out with. */
export type Settlement = { id: string; at: number } & ({ fate: 'delivered' | 'dropped' } | { fate: 'merged'; into: string });

export interface Unreadable {
	/** The record's own id when it has one (so an admin can drop it). */
	id?: string;
	problem: string;
}

/** A vendor failure's fields; the kinds' own fields (status, cause, limit…) are kept as read (passthrough), not checked one by one. */
const failureObject = (opt: OptionalField) =>
	z.looseObject({
		kind: z.enum(['unauthorized', 'not_found', 'rate_limited', 'invalid', 'unavailable', 'not_configured']),
		vendor: z.enum(VENDORS),
		message: z.string(),
		sent: opt(z.enum(SENT)),
	});

/** A vendor failure as read back from persistence (also used by the status records that remember one). */
export const failureSchema = z.pipe(
	failureObject(optional),
	z.transform(({ sent, ...f }): VendorFailure => ({ ...f, sent: (sent as Sent | undefined) ?? sentBeforeTheField(f) }) as VendorFailure),
);

function sentBeforeTheField(f: { kind: string; status?: unknown }): Sent {
	if (f.kind === 'not_configured') return 'no';
	return typeof f.status === 'number' && f.status > 0 ? 'yes' : 'unknown';
}
const askerShape = (opt: OptionalField) => ({
	id: z.string().check(z.minLength(1)),
	userId: z.string().check(z.minLength(1)),
	username: z.string(),
	roomId: opt(z.string()),
	label: z.string(),
	announce: z.boolean(),
});
/** An item's fields, optional ones read by `opt`: the same acceptance whatever `opt` builds. */
const itemObject = (opt: OptionalField, op: z.ZodMiniType, failure: z.ZodMiniType) =>
	z.object({
		...askerShape(opt),
		op,
		state: z.enum(['pending', 'sending', 'failed', 'unknown']),
		attempts: z.int().check(z.gte(0)),
		createdAt: z.number(),
		updatedAt: z.number(),
		nextAttemptAt: z.number(),
		leaseUntil: opt(z.number()),
		lastError: opt(failure),
		coalesceKey: opt(z.string()),
		order: z.optional(z.number()),
		merged: opt(z.array(z.object(askerShape(opt)))),
	});
const itemSchema = itemObject(optional, operationSchema, failureSchema);
/** Accepts exactly the records `itemSchema` accepts, without building items (no transform: ~10× cheaper). */
const itemShape = itemObject(nullishField, operationShape, failureObject(nullishField));
const settlementSchema = z.union([
	z.object({ id: z.string(), at: z.number(), fate: z.enum(['delivered', 'dropped']) }),
	z.object({ id: z.string(), at: z.number(), fate: z.literal('merged'), into: z.string() }),
]);

const ITEM = (id: string) => `outbox:${id}`;
const SETTLED = (id: string) => `outbox-settled:${id}`;
/** Written by versions before settlements existed; still read. */
const OLD_TOMBSTONE = (id: string) => `outbox-dropped:${id}`;
const TAG_ALL = 'outbox';
const TAG_SETTLED = 'outbox-settled';
const tagUser = (userId: string) => `outbox:user:${userId}`;
const tagKey = (key: string) => `outbox:key:${key}`;

export function readItem(raw: unknown): { ok: true; item: OutboxItem } | { ok: false; unreadable: Unreadable } {
	const parsed = itemSchema.safeParse(raw);
	if (parsed.success) return { ok: true, item: { ...parsed.data, order: parsed.data.order ?? parsed.data.createdAt } as OutboxItem };
	return { ok: false, unreadable: unreadableOf(raw, parsed.error) };
}

function unreadableOf(raw: unknown, error: z.core.$ZodError): Unreadable {
	const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
	const issue = error.issues[0];
	const problem = issue ? `${issue.path.map(String).join('.') || 'record'}: ${issue.message}` : 'unreadable';
	return id ? { id, problem } : { problem };
}

/** What choosing and counting need of an item: read from a record exactly as readable as `readItem` finds it. */
export interface ItemStub {
	id: string;
	userId: string;
	kind: OperationKind;
	state: ItemState;
	createdAt: number;
	updatedAt: number;
	nextAttemptAt: number;
	leaseUntil?: number;
	coalesceKey?: string;
	order: number;
	/** The ids of the items merged into this one. */
	mergedIds: string[];
}

/** Many records at once: a stub of every readable item (storage order), the unreadable ones, whole items of the picked stubs. */
export interface Scan {
	stubs: ItemStub[];
	unreadable: Unreadable[];
	items: OutboxItem[];
}

/**
 * Reads many records cheaply: each is checked by `itemShape` (the same acceptance as `readItem`,
 * without building the item) and only the stubs `pick` chooses are read whole. Nothing but the
 * stubs is kept once this returns.
 */
export function scanRecords(raws: unknown[], pick: (stubs: ItemStub[]) => ItemStub[] = () => []): Scan {
	const stubs: ItemStub[] = [];
	const unreadable: Unreadable[] = [];
	const rawOf = new Map<ItemStub, unknown>();
	for (const raw of raws) {
		const shape = itemShape.safeParse(raw);
		if (!shape.success) {
			unreadable.push(unreadableOf(raw, shape.error));
			continue;
		}
		const r = shape.data as z.infer<typeof itemShape>;
		const stub: ItemStub = {
			id: r.id,
			userId: r.userId,
			kind: (r.op as { kind: OperationKind }).kind,
			state: r.state,
			createdAt: r.createdAt,
			updatedAt: r.updatedAt,
			nextAttemptAt: r.nextAttemptAt,
			order: r.order ?? r.createdAt,
			mergedIds: ((r.merged as Asker[] | null | undefined) ?? []).map((m) => m.id),
			...(typeof r.leaseUntil === 'number' ? { leaseUntil: r.leaseUntil } : {}),
			...(typeof r.coalesceKey === 'string' ? { coalesceKey: r.coalesceKey } : {}),
		};
		stubs.push(stub);
		rawOf.set(stub, raw);
	}
	const items = pick(stubs).flatMap((stub) => {
		const read = readItem(rawOf.get(stub));
		return read.ok ? [read.item] : [];
	});
	return { stubs, unreadable, items };
}

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

	/** Every item, split into readable ones and the rest. */
	public async all(): Promise<{ items: OutboxItem[]; unreadable: Unreadable[] }> {
		return this.split(await this.kv.list<unknown>(TAG_ALL));
	}

	public async ofUser(userId: string): Promise<{ items: OutboxItem[]; unreadable: Unreadable[] }> {
		return this.split(await this.kv.list<unknown>(tagUser(userId)));
	}

	/** Every item's stub (of one user when given), and whole items of those `pick` chooses: see `scanRecords`. */
	public async scan(userId?: string, pick?: (stubs: ItemStub[]) => ItemStub[]): Promise<Scan> {
		return scanRecords(await this.kv.list<unknown>(userId ? tagUser(userId) : TAG_ALL), pick);
	}

	public async ofKey(key: string): Promise<OutboxItem[]> {
		return (await this.split(await this.kv.list<unknown>(tagKey(key)))).items;
	}

	public async save(item: OutboxItem): Promise<void> {
		const tags = [TAG_ALL, tagUser(item.userId)];
		if (item.coalesceKey) tags.push(tagKey(item.coalesceKey));
		await this.kv.put(ITEM(item.id), item, tags);
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
