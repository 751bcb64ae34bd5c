import { z } from 'zod';
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
 * see each other may both back off; they try again shortly. Within one instance, takers queue on the
 * instance's lock, so a drain's workers never collide with one another.
 */
export class Limiter {
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
			const mine: SlotRecord = { token: `s${at.toString(36)}${Math.random().toString(36).slice(2, 10)}`, instance: this.lock.id, at, leaseUntil: at + leaseMs };
			const slot: Slot = { id: slotId(window, mine.token), window, record: mine };
			await this.kv.put(slot.id, mine, [slotsTag(window)]);
			const held = await this.others(window, mine.token, limit);
			const now = this.clock.now();
			const verdict = admit(held, limit, now);
			if (verdict.ok) return { ok: true as const, slot };
			await this.kv.remove(slot.id);
			// Refused only because another instance took a slot at this very moment (stamped no earlier than
			// mine)? It may have backed off too: look again shortly rather than a window later. Of two such
			// takers, the one stamped first always sees the other so.
			const racing = (s: SlotRecord) => s.instance !== mine.instance && s.answeredAt === undefined && s.at >= at;
			const waitMs = held.some(racing) && admit(held.filter((s) => !racing(s)), limit, now).ok ? RACE_RETRY_MS + Math.floor(Math.random() * RACE_RETRY_MS) : verdict.waitMs;
			return { ok: false as const, waitMs };
		});
	}

	/** The vendor answered: it counted the request by now, so the slot is held a window from now. */
	public async answered(slot: Slot): Promise<void> {
		await this.kv.put(slot.id, { ...slot.record, answeredAt: this.clock.now() } satisfies SlotRecord, [slotsTag(slot.window)]);
	}

	/** The slots of the window that still count, besides `mine`; those that no longer count are removed on the way. */
	private async others(window: string, mine: string, limit: RateLimit): Promise<SlotRecord[]> {
		const held: SlotRecord[] = [];
		for (const raw of await this.kv.list<unknown>(slotsTag(window))) {
			const read = slotSchema.safeParse(raw);
			if (!read.success) continue; // counts for nothing; another version's record is that version's to remove
			if (read.data.token === mine) continue;
			if (heldUntil(read.data, limit.windowMs) > this.clock.now()) held.push(read.data);
			else await this.kv.remove(slotId(window, read.data.token));
		}
		return held.concat(await this.legacy(window, limit));
	}

	/**
	 * Versions before slot records kept one log per window (its send times). Its slots are honoured
	 * until they age out, then the log is removed; once it is gone, this instance stops looking.
	 */
	private async legacy(window: string, limit: RateLimit): Promise<SlotRecord[]> {
		const gone = legacyGone.get(this.lock) ?? new Set<string>();
		if (gone.has(window)) return [];
		const log = await this.kv.get<{ sent?: unknown }>(legacyLogId(window));
		const now = this.clock.now();
		const live = (Array.isArray(log?.sent) ? log.sent : [])
			.filter((t): t is number => typeof t === 'number')
			.map((t) => ({ token: `legacy${t}`, instance: 'legacy', at: t, leaseUntil: t, answeredAt: t }))
			.filter((s) => heldUntil(s, limit.windowMs) > now);
		if (live.length === 0) {
			if (log !== undefined) await this.kv.remove(legacyLogId(window));
			legacyGone.set(this.lock, gone.add(window));
		}
		return live;
	}
}

export interface Slot {
	id: string;
	window: string;
	record: SlotRecord;
}

interface SlotRecord extends WindowSlot {
	token: string;
	/** The instance (app runtime) that took it: two takers of one instance never race (they queue on its lock). */
	instance: string;
}

/** Slot records are input like any record read back: anything else counts for nothing. */
const slotSchema = z.object({ token: z.string().min(1), instance: z.string(), at: z.number(), leaseUntil: z.number(), answeredAt: optional(z.number()) });

const slotId = (window: string, token: string) => `limiter-slot:${window}:${token}`;
const slotsTag = (window: string) => `limiter-slots:${window}`;
/** The log versions before slot records wrote, one per window. */
const legacyLogId = (window: string) => `limiter:${window}`;
/** Per instance (its lock), the windows whose old log it found gone: a look-up saved, never a slot (slots live in persistence). */
const legacyGone = new WeakMap<SerialLock, Set<string>>();

/** After a race, look again within one to two of these. */
const RACE_RETRY_MS = 25;
