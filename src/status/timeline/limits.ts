import * as z from '../../zod';
import type { Interval } from './intervals';
import type { State } from './transition';

/**
 * Allowed time per preset: the setting `status_preset_limits` (`Lunch=60m, Break=15m`; commas or
 * lines; `1h30m`, `90m`, `2h` or bare minutes), read into a map keyed by the preset's name without
 * case. A hold of a preset is the time it was held without a break, whatever else changed meanwhile
 * (Callbell, Omnichannel, the source): past its limit it is an overrun.
 */

export const MAX_LIMIT_MS = 24 * 3_600_000;
const MINUTE = 60_000;

/** A preset's name as limits compare it. */
export const limitKey = (preset: string): string => preset.trim().toLocaleLowerCase();

// `abort`: text off the pattern never reaches the transform (zod 4 would run it after a failed check).
const duration = z.pipe(z.string().check(z.trim(), z.regex(/^(?:(\d{1,4})|(?:(\d{1,2})\s*h)?\s*(?:(\d{1,4})\s*m(?:in)?)?)$/i, { abort: true })), z.transform((s, ctx) => {
	const m = /^(?:(\d{1,4})|(?:(\d{1,2})\s*h)?\s*(?:(\d{1,4})\s*m(?:in)?)?)$/i.exec(s) as RegExpExecArray;
	const ms = (Number(m[1] ?? 0) + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * MINUTE;
	if (ms < MINUTE || ms > MAX_LIMIT_MS) ctx.issues.push({ code: 'custom', message: 'between 1 minute and 24 hours', input: s });
	return ms;
}));

const entry = z.pipe(z.string(), z.transform((s, ctx) => {
	const eq = s.indexOf('=');
	const name = eq > 0 ? s.slice(0, eq).trim() : '';
	const limit = duration.safeParse(eq > 0 ? s.slice(eq + 1) : '');
	if (!name || name.length > 100 || !limit.success) {
		ctx.issues.push({ code: 'custom', message: s.trim(), input: s });
		return z.NEVER;
	}
	return [limitKey(name), limit.data] as const;
}));

export type PresetLimits = ReadonlyMap<string, number>;

/** The setting as a map; `bad` = the entries that mean nothing (left out; a settings guard can refuse them). */
export function parsePresetLimits(text: string): { limits: PresetLimits; bad: string[] } {
	const limits = new Map<string, number>();
	const bad: string[] = [];
	for (const part of text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)) {
		const parsed = entry.safeParse(part);
		if (parsed.success) limits.set(parsed.data[0], parsed.data[1]);
		else bad.push(part);
	}
	return { limits, bad };
}

export interface Overrun {
	preset: string;
	/** the hold: from when the preset was taken to when it ended (or the span's end) */
	from: number;
	to: number;
	limitMs: number;
	/** how long past the limit */
	overMs: number;
}

/**
 * Each hold of a limited preset that lasted past its limit. A hold is cut where the intervals are:
 * give intervals that start early enough to see the hold's beginning (a hold that began before them
 * counts from their start).
 */
export function overruns(list: ReadonlyArray<Interval>, limits: PresetLimits): Overrun[] {
	const out: Overrun[] = [];
	let hold: { preset: string; key: string; from: number; to: number } | undefined;
	const end = () => {
		const limit = hold && limits.get(hold.key);
		if (hold && limit !== undefined && hold.to - hold.from > limit) out.push({ preset: hold.preset, from: hold.from, to: hold.to, limitMs: limit, overMs: hold.to - hold.from - limit });
		hold = undefined;
	};
	for (const i of list) {
		const key = i.state.preset === undefined ? undefined : limitKey(i.state.preset);
		if (hold && (key !== hold.key || i.from !== hold.to)) end();
		if (key === undefined) continue;
		if (hold) hold.to = i.to;
		else hold = { preset: i.state.preset as string, key, from: i.from, to: i.to };
	}
	end();
	return out;
}

/** Whether `next` starts a hold of a preset: it has one, and `previous` (the state before it) had another or none. */
export function holdStarted(previous: State | undefined, next: State): boolean {
	return next.preset !== undefined && (previous?.preset === undefined || limitKey(previous.preset) !== limitKey(next.preset));
}

/**
 * When the agent's current hold passes its preset's limit: `at` (already past when `at <= now`: tell
 * them now). Undefined: no preset, or no limit for it. `since` = when the preset was taken (the
 * start of the current hold). The caller notifies once per hold.
 */
export function dueOverrun(current: State, since: number, limits: PresetLimits, now: number): { preset: string; limitMs: number; at: number; passed: boolean } | undefined {
	if (current.preset === undefined) return undefined;
	const limitMs = limits.get(limitKey(current.preset));
	if (limitMs === undefined) return undefined;
	const at = since + limitMs;
	return { preset: current.preset, limitMs, at, passed: at <= now };
}
