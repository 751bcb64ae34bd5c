import * as z from '../zod';
import { clockSchema, hhmm } from './clock';

/**
 * The `/st hours` grammar (and the `default_working_hours` setting, which takes the same schedule):
 *
 *   /st hours                                   → show them, with the next change
 *   /st hours off                               → none for this agent, even where an admin default exists
 *   /st hours default                           → follow the admin default again
 *   /st hours <days> <start>-<end> [away|offline]
 *
 * days: `mon`…`sun` (full names too), ranges `mon-fri` (also across the week end: `fri-mon`), lists
 * `sat,sun`, mixed `mon,wed-fri`, or `daily` / `weekdays` / `weekends`. Times as `until` takes them
 * (`09:00`, `9`, `17h30`); `22:00-06:00` crosses midnight (the shift belongs to the day it starts).
 * The status outside working hours is away unless `offline` is given.
 *
 * Pure: words in, a typed request or a usage error out.
 */

/** 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** Monday first: how ranges read and how a schedule is written back. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];
const WORDS: Record<string, number[]> = { daily: [0, 1, 2, 3, 4, 5, 6], weekdays: [1, 2, 3, 4, 5], weekends: [0, 6] };

export const OFF_STATUSES = ['away', 'offline'] as const;
export type OffStatus = (typeof OFF_STATUSES)[number];
/** What an agent is outside working hours when the schedule does not say. */
export const DEFAULT_OFF_STATUS: OffStatus = 'away';

const DAY_MINUTES = 24 * 60;

export const scheduleSchema = z.object({
	days: z.array(z.int().check(z.gte(0), z.lte(6))).check(z.minLength(1)),
	/** minutes after local midnight */
	start: z.int().check(z.gte(0), z.lte(DAY_MINUTES - 1)),
	end: z.int().check(z.gte(0), z.lte(DAY_MINUTES - 1)),
	off: z.enum(OFF_STATUSES),
}).check(z.refine((s) => s.start !== s.end, 'start and end differ'));
export type Schedule = z.infer<typeof scheduleSchema>;

export type HoursRequest = { kind: 'hours.show' } | { kind: 'hours.off' } | { kind: 'hours.default' } | { kind: 'hours.set'; schedule: Schedule };

export type HoursParseError = { code: 'hours'; problem: 'usage' | 'days' | 'times' | 'status'; value: string };

export type HoursParse = { ok: true; request: HoursRequest } | { ok: false; error: HoursParseError };

const fail = (problem: HoursParseError['problem'], value = ''): { ok: false; error: HoursParseError } => ({ ok: false, error: { code: 'hours', problem, value } });

/** The words after `/st hours`. */
export function parseStHours(words: ReadonlyArray<string>): HoursParse {
	if (words.length === 0) return { ok: true, request: { kind: 'hours.show' } };
	if (words.length === 1 && /^(off|none)$/i.test(words[0])) return { ok: true, request: { kind: 'hours.off' } };
	if (words.length === 1 && /^default$/i.test(words[0])) return { ok: true, request: { kind: 'hours.default' } };
	const schedule = parseSchedule(words.join(' '));
	return schedule.ok ? { ok: true, request: { kind: 'hours.set', schedule: schedule.schedule } } : schedule;
}

/** `mon-fri 09:00-17:30 [away|offline]` → a schedule. */
export function parseSchedule(text: string): { ok: true; schedule: Schedule } | { ok: false; error: HoursParseError } {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const firstTime = words.findIndex((w) => /^\d/.test(w));
	if (firstTime < 0) return fail('usage');
	if (firstTime === 0) return fail('days', '');
	let last = words.length;
	let off: OffStatus = DEFAULT_OFF_STATUS;
	if (last - firstTime > 1 && /^[a-z]+$/i.test(words[last - 1])) {
		const status = z.enum(OFF_STATUSES).safeParse(words[last - 1].toLowerCase());
		if (!status.success) return fail('status', words[last - 1]);
		off = status.data;
		last -= 1;
	}
	const daysText = words.slice(0, firstTime).join('');
	const days = parseDays(daysText);
	if (!days) return fail('days', words.slice(0, firstTime).join(' '));
	const timesText = words.slice(firstTime, last).join('');
	const times = /^([^-–—]+)[-–—]([^-–—]+)$/.exec(timesText);
	const start = times ? clockSchema.safeParse(times[1]) : undefined;
	const end = times ? clockSchema.safeParse(times[2]) : undefined;
	if (!start?.success || !end?.success || start.data === end.data) return fail('times', words.slice(firstTime, last).join(' '));
	return { ok: true, schedule: { days, start: start.data, end: end.data, off } };
}

/** `mon,wed-fri` → [1, 3, 4, 5]; undefined when any part is not a day. */
export function parseDays(text: string): number[] | undefined {
	const out = new Set<number>();
	for (const part of text.toLowerCase().split(',')) {
		if (WORDS[part]) {
			WORDS[part].forEach((d) => out.add(d));
			continue;
		}
		const ends = part.split(/[-–—]/);
		if (ends.length > 2) return undefined;
		const from = dayOf(ends[0]);
		const to = ends.length === 2 ? dayOf(ends[1]) : from;
		if (from === undefined || to === undefined) return undefined;
		// a range runs forward through the week, wrapping after Sunday (`fri-mon`)
		for (let i = WEEK_ORDER.indexOf(from); ; i = (i + 1) % 7) {
			out.add(WEEK_ORDER[i]);
			if (WEEK_ORDER[i] === to) break;
		}
	}
	return out.size > 0 ? [...out].sort((a, b) => a - b) : undefined;
}

/** `mon`, `Monday`, `thurs` → 1, 1, 4: at least three letters, a prefix of the day's name. */
function dayOf(word: string): number | undefined {
	if (word.length < 3) return undefined;
	const i = FULL.findIndex((name) => name.startsWith(word));
	return i >= 0 ? i : undefined;
}

/** A schedule as the command takes it: `mon-fri 09:00-17:30 away` (parseSchedule reads it back to the same schedule). */
export function formatSchedule(s: Schedule): string {
	return `${formatShift(s)} ${s.off}`;
}

/** The days and times alone: `mon-fri 09:00-17:30`. */
export function formatShift(s: Schedule): string {
	return `${formatDays(s.days)} ${hhmm(s.start)}-${hhmm(s.end)}`;
}

/** Days in week order, runs of three or more as ranges: `mon-fri`, `sat,sun`, `mon,wed-fri`. */
export function formatDays(days: ReadonlyArray<number>): string {
	const on = WEEK_ORDER.map((d) => days.includes(d));
	const parts: string[] = [];
	for (let i = 0; i < 7; ) {
		if (!on[i]) {
			i += 1;
			continue;
		}
		let j = i;
		while (j + 1 < 7 && on[j + 1]) j += 1;
		const names = WEEK_ORDER.slice(i, j + 1).map((d) => WEEKDAYS[d]);
		parts.push(names.length >= 3 ? `${names[0]}-${names[names.length - 1]}` : names.join(','));
		i = j + 1;
	}
	return parts.join(',');
}
