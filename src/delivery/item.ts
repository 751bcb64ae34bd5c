import * as z from '../zod';
import { optional } from '../store/read-back';
import { SENT, type Sent, VENDORS, type VendorFailure } from '../vendors/errors';
import { nullishField, type OperationKind, type Operation, operationSchema, operationShape, type OptionalField } from './operation';

/**
 * An outbox item: its type, and how a record read back from persistence becomes one. A record some
 * other version of the app wrote (an unknown kind after a downgrade, a field missing) is reported as
 * unreadable and skipped, never allowed to stop the others.
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

