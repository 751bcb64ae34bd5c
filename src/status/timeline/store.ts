import type { KeyValueStore } from '../../store/kv';
import { decode, encode, type DayLog } from './codec';
import { DAY_MS, dayStart, daysBetween, utcDay } from '../../parse/days';
import { sameState, stateOf, type State, type Transition } from './transition';

/**
 * Each agent's status changes, one persistence record per agent per UTC day.
 * - The agent's current day is the *head* (`tl:<userId>`); when the first change of a later UTC day
 *   arrives, the head is archived under its day (`tl:<userId>:<day>`) and a new head starts, carrying
 *   the state the old one ended in and naming its day (`prev`). So a change costs one read and one
 *   write; the first change of an agent's day costs one read and three writes (archive, drop the old
 *   head, write the new). No record is ever read to find "the last state".
 * - Every record is tagged with its day (`tl:day:<day>`), so retention removes a whole day, heads
 *   included, in one call (prune.ts).
 * - A day keeps at most MAX_PER_DAY changes: past that the oldest go, and the record says how many
 *   and until when the day is therefore unknown.
 * - Records are validated when read (codec.ts): a damaged one, or one a newer version wrote, reads as
 *   absent; the reports then show that time as unknown.
 * - A change timed before the last one recorded (another system's clock) is recorded at the last
 *   one's time: the timeline keeps the order changes arrived in. A change that repeats the current
 *   state is not written at all.
 * Callers serialise one agent's changes (the per-agent turn): two concurrent records of one agent
 * would each read the head and one change would be lost.
 */

/** Changes kept per agent per UTC day: a status every 7 minutes around the clock. */
export const MAX_PER_DAY = 200;
/** How many older records a report may walk back through to find the state a range starts in. */
export const MAX_WALK = 8;

export const headId = (userId: string) => `tl:${userId}`;
export const archiveId = (userId: string, day: string) => `tl:${userId}:${day}`;
export const dayTag = (day: string) => `tl:day:${day}`;

/** One point of a timeline: from `at` on, the agent was `state` (null: unknown from here). */
export interface Step {
	at: number;
	state: State | null;
}

/** The state a day ended in (its last change, or what it carried in). */
export const lastState = (log: DayLog): State | undefined => {
	const last = log.changes[log.changes.length - 1];
	return last ? stateOf(last) : log.carry;
};

/** `repeat`: the change repeated the state already recorded, nothing was written. `previous`: the state recorded before it, if any (limits.ts `holdStarted` tells from it whether a preset's hold starts now). */
export interface Recorded {
	outcome: 'recorded' | 'repeat';
	previous?: State;
}

export class TimelineStore {
	constructor(private readonly kv: KeyValueStore) {}

	private async read(id: string, day?: string): Promise<DayLog | undefined> {
		const log = decode(await this.kv.get<unknown>(id));
		return log && (day === undefined || log.day === day) ? log : undefined;
	}

	public async record(userId: string, t: Transition): Promise<Recorded> {
		const head = await this.read(headId(userId));
		const last = head && lastState(head);
		if (last && sameState(last, t)) return { outcome: 'repeat', previous: last };
		const day = utcDay(t.at);
		if (head && head.day >= day) {
			const floor = Math.max(dayStart(head.day) as number, head.changes[head.changes.length - 1]?.at ?? 0);
			const changes = [...head.changes, { ...t, at: Math.max(t.at, floor) }];
			const over = Math.max(0, changes.length - MAX_PER_DAY);
			const kept = changes.slice(over);
			const next: DayLog = { ...head, changes: kept, dropped: head.dropped + over };
			if (over > 0) next.unknownUntil = kept[0].at;
			await this.kv.put(headId(userId), encode(next), [dayTag(head.day)]);
			return { outcome: 'recorded', previous: last };
		}
		if (head) {
			await this.kv.put(archiveId(userId, head.day), encode(head), [dayTag(head.day)]);
			// a record's tags are fixed (the upsert matches on them): the new day's head is a new record
			await this.kv.remove(headId(userId));
		}
		const next: DayLog = { day, changes: [t], dropped: 0 };
		if (head) next.prev = head.day;
		if (last) next.carry = last;
		await this.kv.put(headId(userId), encode(next), [dayTag(day)]);
		return last ? { outcome: 'recorded', previous: last } : { outcome: 'recorded' };
	}

	/**
	 * The agent's steps over the UTC days that `[from, to)` touches: the first step is that first
	 * day's midnight with the state then (null: unknown). One read for the head, one per earlier day
	 * of the range, and rarely a few more (MAX_WALK) to find the first record after the range. Each
	 * record names the one before it (`prev`), so a record that could not be read is noticed: its day
	 * is unknown, and from its end the agent was what the next record carried.
	 */
	public async steps(userId: string, from: number, to: number, maxDays = 62): Promise<Step[]> {
		const days = daysBetween(utcDay(from), utcDay(Math.max(from, to - 1)), maxDays);
		const [first, last] = [days[0], days[days.length - 1]];
		const head = await this.read(headId(userId));
		const logs: DayLog[] = [];
		for (const d of days) {
			const log = head && d === head.day ? head : !head || d < head.day ? await this.read(archiveId(userId, d), d) : undefined;
			if (log) logs.push(log);
		}
		const after = head && head.day > last ? await this.firstAfter(userId, head, last) : undefined;
		const start0 = dayStart(first) as number;
		if (logs.length === 0 && !after) return [{ at: start0, state: head && head.day < first ? (lastState(head) ?? null) : null }];
		const out: Step[] = [{ at: start0, state: null }];
		let seen: string | undefined;
		for (const log of after ? [...logs, after] : logs) {
			if (log.prev !== undefined && (seen === undefined ? log.prev < first : log.prev === seen)) {
				if (seen === undefined) out.push({ at: start0, state: log.carry ?? null });
			} else if (log.prev !== undefined && log.prev >= first && (seen === undefined || log.prev > seen)) {
				// the record of `prev`, inside the range, could not be read
				out.push({ at: dayStart(log.prev) as number, state: null });
				out.push({ at: (dayStart(log.prev) as number) + DAY_MS, state: log.carry ?? null });
			}
			if (log === after) break;
			out.push({ at: dayStart(log.day) as number, state: log.dropped > 0 ? null : (log.carry ?? null) });
			for (const c of log.changes) out.push({ at: c.at, state: stateOf(c) });
			seen = log.day;
		}
		return out;
	}

	/** The first record after `lastDay`, walking back from `r` (the head); undefined when it cannot be told. */
	private async firstAfter(userId: string, r: DayLog, lastDay: string): Promise<DayLog | undefined> {
		for (let i = 0; r.prev !== undefined && r.prev > lastDay; i++) {
			const older = i < MAX_WALK ? await this.read(archiveId(userId, r.prev), r.prev) : undefined;
			if (!older) return undefined;
			r = older;
		}
		return r;
	}
}
