import { clockSchema } from './clock';
import type { StParseError, StParseOptions } from './st-request';
import { matchAt, normalizeWord, stWords, type StUnit, type StWords } from './st-words';
import { utcOffsetOf, withinRange } from './utc-offset';

/**
 * When a timed status ends: `for 90m`, `por 2 horas`, `durante 45 min`, `for 1 hour and 30 minutes`,
 * `until 17:30`, `até às 17:30`, `hasta las 18:00`. The words come from the keyword table
 * (st-words.ts); the numbers and the clock are the same in every language.
 */

export type Expiry = { ok: true; until: number } | { ok: false; error: StParseError };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNIT_MS: Record<StUnit, number> = { day: DAY, hour: HOUR, minute: MINUTE };
/** Largest unit first; each at most once, in this order. */
const UNIT_ORDER: ReadonlyArray<StUnit> = ['day', 'hour', 'minute'];

/** Longest timer: a week. */
export const ST_MAX_DURATION_MS = 7 * DAY;

const NUMBER = /^\d+(?:[.,]\d+)?$/;
const INTEGER = /^\d+$/;

/** `1h30m` and `1 h 30 m` alike: numbers and words apart, accents dropped. */
const piecesOf = (text: string): string[] => normalizeWord(text).match(/\d+(?:[.,]\d+)?|[^\s\d]+/g) ?? [];

const unitAt = (pieces: ReadonlyArray<string>, at: number, table: StWords): { unit: StUnit; length: number } | undefined => {
	for (const unit of UNIT_ORDER) {
		const length = matchAt(pieces, at, table.unit[unit]);
		if (length > 0) return { unit, length };
	}
	return undefined;
};

/** A duration in ms (`90m`, `1.5h`, `2 dias`, `1h30`, `1 hora e 30 minutos`), or undefined. */
export function durationMs(text: string, table: StWords): number | undefined {
	const pieces = piecesOf(text);
	let i = 0;
	let rank = -1;
	let total = 0;
	while (i < pieces.length) {
		if (rank >= 0) i += matchAt(pieces, i, table.and);
		const num = pieces[i];
		if (num === undefined || !NUMBER.test(num)) return undefined;
		i += 1;
		const unit = unitAt(pieces, i, table);
		// `1h30`: a bare number after the hours is minutes
		const u: StUnit | undefined = unit ? unit.unit : i === pieces.length && UNIT_ORDER[rank] === 'hour' ? 'minute' : undefined;
		if (!u || UNIT_ORDER.indexOf(u) <= rank || (u === 'minute' && !INTEGER.test(num))) return undefined;
		i += unit ? unit.length : 0;
		rank = UNIT_ORDER.indexOf(u);
		total += Number(num.replace(',', '.')) * UNIT_MS[u];
	}
	return rank >= 0 ? Math.round(total) : undefined;
}

/** Whether the words after a `for` keyword are meant as a duration (only numbers and unit words), so a mistake in them is worth an error. */
function looksLikeDuration(tail: ReadonlyArray<string>, table: StWords): boolean {
	if (tail.length === 0 || !/^\d/.test(tail[0])) return false;
	if (tail.length === 1) return true;
	const pieces = piecesOf(tail.join(' '));
	for (let i = 0; i < pieces.length; ) {
		const step = NUMBER.test(pieces[i]) ? 1 : unitAt(pieces, i, table)?.length || matchAt(pieces, i, table.and);
		if (!step) return false;
		i += step;
	}
	return true;
}

/** `for 90m` / `90m` → ms from now; `until 17:30` → the next 17:30 in the agent's offset. Returns the expiry (epoch ms). */
export function parseExpiry(kind: 'for' | 'until', value: string, opts: StParseOptions = {}): Expiry {
	const now = opts.now ?? Date.now();
	if (kind === 'for') {
		const ms = durationMs(value, opts.words ?? stWords());
		if (ms === undefined) return { ok: false, error: { code: 'bad_duration', value } };
		if (ms < MINUTE || ms > ST_MAX_DURATION_MS || !withinRange(now + ms, now, ST_MAX_DURATION_MS)) return { ok: false, error: { code: 'duration_range' } };
		return { ok: true, until: now + ms };
	}
	const c = clockSchema.safeParse(value);
	if (!c.success) return { ok: false, error: { code: 'bad_duration', value: `until ${value}` } };
	// the agent's own offset, read as UTC when it is no real one (utc-offset.ts; the reply says so)
	const offsetMs = utcOffsetOf(opts.utcOffset).ms;
	const localNow = now + offsetMs;
	const localMidnight = Math.floor(localNow / DAY) * DAY;
	let localTarget = localMidnight + c.data * MINUTE;
	if (localTarget <= localNow) localTarget += DAY;
	const until = localTarget - offsetMs;
	// the next such clock time is within a day: anything else is arithmetic gone wrong, never a timer
	if (until <= now || !withinRange(until, now, DAY)) return { ok: false, error: { code: 'duration_range' } };
	return { ok: true, until };
}

/**
 * The trailing `for …` / `until …` of a command, if the words there are meant as one: the last
 * `for`/`until` keyword followed only by a duration (or one clock time). "waiting for Bob" and
 * "esperando por 2 clientes" stay text; "for 5x" is a duration gone wrong, and says so.
 */
export function splitExpiry(words: ReadonlyArray<string>, opts: StParseOptions = {}): { ok: true; body: ReadonlyArray<string>; until?: number } | { ok: false; error: StParseError } {
	const table = opts.words ?? stWords();
	const norm = words.map(normalizeWord);
	for (let i = words.length - 2; i >= 0; i--) {
		const forLength = matchAt(norm, i, table.for);
		const untilLength = matchAt(norm, i, table.until);
		if (forLength > 0) {
			const tail = words.slice(i + forLength);
			if (looksLikeDuration(tail, table)) return withBody(words, i, parseExpiry('for', tail.join(' '), opts));
		}
		if (untilLength > 0) {
			const tail = words.slice(i + untilLength);
			if (tail.length === 1 && /^\d/.test(tail[0])) {
				const expiry = parseExpiry('until', tail[0], opts);
				return withBody(words, i, expiry.ok ? expiry : { ok: false, error: { code: 'bad_duration', value: words.slice(i).join(' ') } });
			}
		}
	}
	return { ok: true, body: words };
}

const withBody = (words: ReadonlyArray<string>, at: number, expiry: Expiry) => (expiry.ok ? { ok: true as const, body: words.slice(0, at), until: expiry.until } : expiry);

/** The wording the form and the bot endpoint accept: `30m`, `for 2h`, `2 horas`, `until 17:30`, `até 17:30`, `17:30`. */
export function parseExpiryPhrase(phrase: string, opts: StParseOptions = {}): Expiry {
	const table = opts.words ?? stWords();
	const words = phrase.trim().split(/\s+/).filter(Boolean);
	const norm = words.map(normalizeWord);
	const bad: Expiry = { ok: false, error: { code: 'bad_duration', value: phrase } };
	if (words.length === 0) return bad;
	const forLength = matchAt(norm, 0, table.for);
	const untilLength = matchAt(norm, 0, table.until);
	if (untilLength > 0 && words.length === untilLength + 1) return parseExpiry('until', words[untilLength], opts);
	if (forLength > 0 && words.length > forLength) return parseExpiry('for', words.slice(forLength).join(' '), opts);
	if (words.length === 1 && /^\d{1,2}[:h]\d{2}$/.test(words[0])) return parseExpiry('until', words[0], opts);
	const expiry = parseExpiry('for', words.join(' '), opts);
	return expiry.ok || expiry.error.code === 'duration_range' ? expiry : bad;
}
