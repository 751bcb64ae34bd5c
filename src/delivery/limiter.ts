import * as z from '../zod';
import type { KeyValueStore } from '../store/kv';
import { optional } from '../store/read-back';
import { admit, heldUntil, type RateLimit, tokenTag, type WindowSlot } from './policy';
import type { Clock, SerialLock } from './runtime';

/**
 * The sliding-window limiter per channel and token, kept in persistence so that every server instance,
 * and the instance that replaces one after a restart, sees the same window.
 *
 * Every slot is a record of its own, written before the request leaves and held until the vendor
 * answered plus a window, or, when no answer ever comes (a timeout, a crash mid-send), until the
 * sender's lease ends plus a window: the vendor may count a request at any moment up to then. So
 * nothing in flight is forgotten by a restart, and no slot lives only in memory.
 *
 * Persistence has no compare-and-set, so a slot is taken the way src/store/claim.ts takes a claim:
 * write your own record first, then list the window's records, and go only if fewer than the limit
 * were already held besides yours. Of any limit + 1 slots that went, the one that listed last would
 * have seen all the others (each wrote before it listed): it would not have gone. Two takers that
 * see each other may both back off; at least one of them looks again within moments. Within one
 * instance, takers queue on the instance's lock, so a drain's workers never collide with one another.
 *
 * A drain holds its answers (`holdAnswers`): instead of writing each slot again when its vendor
 * answered, the next slot it takes carries those answers (`answered`, by token), and every reader
 * applies them; what is left is written when the drain ends (`flushAnswers`). Until an answer is
 * written a slot only looks held longer (through its lease): never a request more than the limit.
 */
export class Limiter {
	/** While held: the answers not yet written, by slot id. */
	private unwritten?: Map<string, { slot: Slot; at: number }>;

	constructor(
		private readonly kv: KeyValueStore,
		private readonly lock: SerialLock,
		private readonly clock: Clock,
	) {}

	/**
	 * Takes a slot now, held until `answered` (or until `leaseMs` from now when no answer comes), or
	 * says how long until one may free. The token is only ever hashed into the key.
	 */
	public acquire(channel: string, credential: string, limit: RateLimit, leaseMs: number): Promise<{ ok: true; slot: Slot } | { ok: false; waitMs: number }> {
		const window = `${channel}:${tokenTag(credential)}`;
		return this.lock.run(async () => {
			const at = this.clock.now();
			// Refused a moment ago on this instance, and no slot can have freed since: say so without asking persistence.
			const full = memoOf(this.lock).fullUntil.get(window) ?? 0;
			if (full > at) return { ok: false as const, waitMs: full - at };
			const carried = this.unwrittenOf(window);
			const mine: SlotRecord = {
				token: `s${at.toString(36)}${Math.random().toString(36).slice(2, 10)}`,
				instance: this.lock.id,
				at,
				leaseUntil: at + leaseMs,
				...(carried.length > 0 ? { answered: Object.fromEntries(carried.map((u) => [u.slot.record.token, u.at])) } : {}),
			};
			const slot: Slot = { id: slotId(window, mine.token), window, record: mine };
			await this.kv.put(slot.id, mine, [slotsTag(window)]);
			const held = await this.others(window, mine.token, limit);
			const now = this.clock.now();
			// Another instance's slot stamped no earlier than mine, not yet answered, may be a taker racing
			// this one that backs off too: it is never what makes this instance wait long.
			const racing = (s: SlotRecord) => s.instance !== mine.instance && s.answeredAt === undefined && s.at >= at;
			const settled = held.filter((s) => !racing(s));
			const memo = memoOf(this.lock);
			if (admit(held, limit, now).ok) {
				// The answers it carries are written now (they stay with it as long as the slots they answer can count).
				for (const u of carried) this.unwritten?.delete(u.slot.id);
				// Taken. If that filled the window, this instance's next taker waits without asking again.
				const after = admit([...settled, mine], limit, now);
				if (!after.ok) memo.fullUntil.set(window, now + after.waitMs);
				return { ok: true as const, slot };
			}
			await this.kv.remove(slot.id);
			// Refused only because of a racing taker? Look again shortly rather than a window later (of two
			// such takers, the one stamped first always sees the other so).
			const verdict = admit(settled, limit, now);
			const waitMs = verdict.ok ? RACE_RETRY_MS + Math.floor(Math.random() * RACE_RETRY_MS) : verdict.waitMs;
			memo.fullUntil.set(window, now + waitMs);
			return { ok: false as const, waitMs };
		});
	}

	/**
	 * Takes a slot of this instance's alone, in memory: for a request that cannot wait for a round trip to
	 * persistence (an agent's own status change, sent inline in their turn). The instance's own slots, kept
	 * and persisted alike, count against the limit; another instance's in-memory ones cannot be seen, so
	 * a cluster may exceed the limit by what its instances send inline at the same moment — the vendor's
	 * 429 then queues the rest, and the drain paces it across instances with persisted slots.
	 */
	public acquireLocal(channel: string, credential: string, limit: RateLimit, leaseMs: number): Promise<{ ok: true; slot: Slot } | { ok: false; waitMs: number }> {
		const window = `${channel}:${tokenTag(credential)}`;
		return this.lock.run(async () => {
			const at = this.clock.now();
			const mine = liveLocal(memoOf(this.lock), window, limit.windowMs, at);
			const verdict = admit(mine, limit, at);
			if (!verdict.ok) return { ok: false as const, waitMs: verdict.waitMs };
			const record: SlotRecord = { token: `l${at.toString(36)}${Math.random().toString(36).slice(2, 10)}`, instance: this.lock.id, at, leaseUntil: at + leaseMs };
			mine.push(record);
			return { ok: true as const, slot: { id: slotId(window, record.token), window, record, local: true } };
		});
	}

	/** The vendor answered: it counted the request by now, so the slot is held a window from now. */
	public async answered(slot: Slot): Promise<void> {
		const at = this.clock.now();
		if (slot.local) slot.record.answeredAt = at;
		else if (this.unwritten) this.unwritten.set(slot.id, { slot, at });
		else await this.write(slot, at);
	}

	/** From now on answers travel with the next slot taken (a drain run); `flushAnswers` writes the rest. */
	public holdAnswers(): void {
		this.unwritten ??= new Map();
	}

	/** Writes the answers no slot carried yet, and stops holding them. */
	public async flushAnswers(): Promise<void> {
		const left = [...(this.unwritten?.values() ?? [])];
		this.unwritten = undefined;
		for (const u of left) await this.write(u.slot, u.at);
	}

	private async write(slot: Slot, answeredAt: number): Promise<void> {
		await this.kv.put(slot.id, { ...slot.record, answeredAt } satisfies SlotRecord, [slotsTag(slot.window)]);
	}

	private unwrittenOf(window: string): Array<{ slot: Slot; at: number }> {
		return [...(this.unwritten?.values() ?? [])].filter((u) => u.slot.window === window);
	}

	/**
	 * The slots of the window that still count, besides `mine`, with the answers other slots carry (and
	 * this taker's own, not written yet) applied; those that no longer count are removed on the way.
	 */
	private async others(window: string, mine: string, limit: RateLimit): Promise<SlotRecord[]> {
		const slots: SlotRecord[] = [];
		const answers = new Map(this.unwrittenOf(window).map((u) => [u.slot.record.token, u.at]));
		for (const raw of await this.kv.list<unknown>(slotsTag(window))) {
			const read = slotSchema.safeParse(raw);
			if (!read.success) continue; // counts for nothing; another version's record is that version's to remove
			slots.push(read.data);
			for (const [token, at] of Object.entries(read.data.answered ?? {})) answers.set(token, Math.max(at, answers.get(token) ?? at));
		}
		const held: SlotRecord[] = [];
		for (const s of slots) {
			if (s.token === mine) continue;
			const known = s.answeredAt ?? answers.get(s.token);
			const slot = known === undefined ? s : { ...s, answeredAt: known };
			if (heldUntil(slot, limit.windowMs) > this.clock.now()) held.push(slot);
			else await this.kv.remove(slotId(window, s.token));
		}
		return held.concat(await this.legacy(window, limit), liveLocal(memoOf(this.lock), window, limit.windowMs, this.clock.now()));
	}

	/**
	 * Versions before slot records kept one log per window (its send times). Its slots are honoured
	 * until they age out, then the log is removed; once it is gone, this instance stops looking.
	 */
	private async legacy(window: string, limit: RateLimit): Promise<SlotRecord[]> {
		const { legacyGone } = memoOf(this.lock);
		if (legacyGone.has(window)) return [];
		const log = await this.kv.get<{ sent?: unknown }>(legacyLogId(window));
		const now = this.clock.now();
		const live = (Array.isArray(log?.sent) ? log.sent : [])
			.filter((t): t is number => typeof t === 'number')
			.map((t) => ({ token: `legacy${t}`, instance: 'legacy', at: t, leaseUntil: t, answeredAt: t }))
			.filter((s) => heldUntil(s, limit.windowMs) > now);
		if (live.length === 0) {
			if (log !== undefined) await this.kv.remove(legacyLogId(window));
			legacyGone.add(window);
		}
		return live;
	}
}

export interface Slot {
	id: string;
	window: string;
	record: SlotRecord;
	/** kept in this instance's memory only (`acquireLocal`) */
	local?: true;
}

interface SlotRecord extends WindowSlot {
	token: string;
	/** The instance (app runtime) that took it: two takers of one instance never race (they queue on its lock). */
	instance: string;
	/** When the vendor answered earlier slots of the same taker, by their token (answers it carried, not written to those slots). */
	answered?: Record<string, number>;
}

/** Slot records are input like any record read back: anything else counts for nothing. */
const slotSchema = z.object({
	token: z.string().check(z.minLength(1)),
	instance: z.string(),
	at: z.number(),
	leaseUntil: z.number(),
	answeredAt: optional(z.number()),
	answered: optional(z.record(z.string(), z.number())),
});

const slotId = (window: string, token: string) => `limiter-slot:${window}:${token}`;
const slotsTag = (window: string) => `limiter-slots:${window}`;
/** The log versions before slot records wrote, one per window. */
const legacyLogId = (window: string) => `limiter:${window}`;
/**
 * What an instance (known by its lock) remembers to save persistence calls, never to let a request
 * through (slots live in persistence): per window, until when its last refusal holds (the earliest
 * any slot could free, so the drain's other workers wait without asking again), and whether the old
 * log is gone.
 */
interface InstanceMemo {
	fullUntil: Map<string, number>;
	legacyGone: Set<string>;
	/** per window, the slots this instance took in memory (`acquireLocal`) that may still count */
	local: Map<string, SlotRecord[]>;
}
const memos = new WeakMap<SerialLock, InstanceMemo>();
function memoOf(lock: SerialLock): InstanceMemo {
	let memo = memos.get(lock);
	if (!memo) memos.set(lock, (memo = { fullUntil: new Map(), legacyGone: new Set(), local: new Map() }));
	return memo;
}

/** The instance's in-memory slots of `window` that still count (the list itself, pruned: `acquireLocal` adds to it). */
function liveLocal(memo: InstanceMemo, window: string, windowMs: number, now: number): SlotRecord[] {
	const live = (memo.local.get(window) ?? []).filter((s) => heldUntil(s, windowMs) > now);
	memo.local.set(window, live);
	return live;
}

/** After a race, look again within one to two of these. */
const RACE_RETRY_MS = 25;
