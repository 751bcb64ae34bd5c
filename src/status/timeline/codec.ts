import * as z from '../../zod';
import { optional } from '../../store/read-back';
import { PRESENCES } from '../../vendors/rocketchat';
import { dayStart } from '../../parse/days';
import { SOURCES, type State, type Transition } from './transition';

/**
 * One agent's UTC day as decoded, and its compact form in persistence. A busy day repeats a handful
 * of states, so the record keeps each distinct state once (`s`, short field names, empty fields left
 * out) and every change as a small tuple: seconds since the day's midnight, the state's index, the
 * source's index, and the manager's username when there is one. Times are kept to the second.
 */
export interface DayLog {
	day: string;
	/** the day of the agent's previous record: `carry` is the state that record ended in */
	prev?: string;
	/** the state at this day's midnight; absent = unknown (no earlier record) */
	carry?: State;
	changes: Transition[];
	/** the oldest changes of this day that were not kept (more than MAX_PER_DAY) */
	dropped: number;
	/** with `dropped`: until when the day is unknown (the first change kept) */
	unknownUntil?: number;
}

const nat = z.int().check(z.nonnegative());
const sec = nat.check(z.lte(86_400));
const stateRow = z.object({
	p: nat.check(z.lte(PRESENCES.length - 1)),
	t: optional(z.string()),
	r: optional(z.string()),
	/** Callbell available 1 / unavailable 0; custom status name `u`, or `n: 1` for none */
	a: optional(z.union([z.literal(0), z.literal(1)])),
	u: optional(z.string()),
	n: optional(z.literal(1)),
	/** Omnichannel available 1 / not 0 */
	o: optional(z.union([z.literal(0), z.literal(1)])),
});
type StateRow = z.infer<typeof stateRow>;
const src = nat.check(z.lte(SOURCES.length - 1));
const step = z.union([z.tuple([sec, nat, src]), z.tuple([sec, nat, src, z.string()])]);
const carryRow = z.union([z.tuple([nat, src]), z.tuple([nat, src, z.string()])]);

export const recordSchema = z.object({
	v: z.literal(1),
	d: z.string(),
	p: optional(z.string()),
	s: z.array(stateRow),
	c: optional(carryRow),
	e: z.array(step),
	x: optional(nat),
	k: optional(sec),
});
export type DayRecord = z.infer<typeof recordSchema>;

function rowOf(s: State): StateRow {
	const row: StateRow = { p: PRESENCES.indexOf(s.presence) };
	if (s.text) row.t = s.text;
	if (s.preset !== undefined) row.r = s.preset;
	if (s.callbell?.available !== undefined) row.a = s.callbell.available ? 1 : 0;
	if (typeof s.callbell?.customStatus === 'string') row.u = s.callbell.customStatus;
	if (s.callbell?.customStatus === null) row.n = 1;
	if (s.omnichannel) row.o = s.omnichannel === 'available' ? 1 : 0;
	return row;
}

function stateOfRow(row: StateRow, source: number, by: string | undefined): State {
	const state: State = { presence: PRESENCES[row.p], text: row.t ?? '', source: SOURCES[source] };
	if (row.r !== undefined) state.preset = row.r;
	if (row.a !== undefined || row.u !== undefined || row.n !== undefined) {
		state.callbell = {};
		if (row.a !== undefined) state.callbell.available = row.a === 1;
		if (row.u !== undefined) state.callbell.customStatus = row.u;
		else if (row.n !== undefined) state.callbell.customStatus = null;
	}
	if (row.o !== undefined) state.omnichannel = row.o === 1 ? 'available' : 'not-available';
	if (by !== undefined) state.by = by;
	return state;
}

export function encode(log: DayLog): DayRecord {
	const start = dayStart(log.day) as number;
	const rows: StateRow[] = [];
	const keys = new Map<string, number>();
	const intern = (s: State): number => {
		const row = rowOf(s);
		const k = JSON.stringify(row);
		let i = keys.get(k);
		if (i === undefined) keys.set(k, (i = rows.push(row) - 1));
		return i;
	};
	const tail = (s: State): [] | [string] => (s.by !== undefined ? [s.by] : []);
	const record: DayRecord = { v: 1, d: log.day, s: rows, e: [] };
	if (log.prev !== undefined) record.p = log.prev;
	if (log.carry) record.c = [intern(log.carry), SOURCES.indexOf(log.carry.source), ...tail(log.carry)];
	record.e = log.changes.map((t) => [Math.floor((t.at - start) / 1000), intern(t), SOURCES.indexOf(t.source), ...tail(t)]);
	if (log.dropped > 0) {
		record.x = log.dropped;
		if (log.unknownUntil !== undefined) record.k = Math.floor((log.unknownUntil - start) / 1000);
	}
	return record;
}

/** A stored record back as a day, or undefined when it is not one this version can read whole. */
export function decode(raw: unknown): DayLog | undefined {
	const parsed = recordSchema.safeParse(raw);
	if (!parsed.success) return undefined;
	const r = parsed.data;
	const start = dayStart(r.d);
	const valid = (i: number) => i < r.s.length;
	if (start === undefined || (r.p !== undefined && dayStart(r.p) === undefined)) return undefined;
	if (!r.e.every((e) => valid(e[1])) || (r.c && !valid(r.c[0]))) return undefined;
	const log: DayLog = {
		day: r.d,
		changes: r.e.map((e) => ({ at: start + e[0] * 1000, ...stateOfRow(r.s[e[1]], e[2], e[3]) })),
		dropped: r.x ?? 0,
	};
	if (r.p !== undefined) log.prev = r.p;
	if (r.c) log.carry = stateOfRow(r.s[r.c[0]], r.c[1], r.c[2]);
	if (r.x && r.k !== undefined) log.unknownUntil = start + r.k * 1000;
	return log;
}
