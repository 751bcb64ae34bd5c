/**
 * Days, two ways.
 * - Storage: one record per agent per UTC day, named `yyyy-mm-dd` (UTC). A record never depends on
 *   who reads it.
 * - Reports: days of the viewer. Rocket.Chat gives a user only `utcOffset` (hours, possibly
 *   fractional: +5.5, +5.75), the offset their client last reported — no time-zone name, so no DST
 *   rules. A report therefore splits days at the viewer's midnight under that one current offset,
 *   applied to the whole range: every report day is exactly 24 h. Across a DST change the days on the
 *   far side of it are one hour off the wall clock (a day there runs 23:00–23:00 or 01:00–01:00);
 *   nothing is lost or counted twice, and the report names the offset it used (`UTC−3`). Guessing a
 *   zone from an offset would be wrong for half the zones that share it.
 */

export const DAY_MS = 86_400_000;

/** The UTC day of an instant, `yyyy-mm-dd`. */
export const utcDay = (at: number): string => new Date(Math.floor(at / DAY_MS) * DAY_MS).toISOString().slice(0, 10);

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight UTC of `yyyy-mm-dd` in epoch ms; undefined for anything that is not a real calendar date. */
export function dayStart(day: string): number | undefined {
	const m = DATE.exec(day);
	if (!m) return undefined;
	const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return utcDay(at) === day ? at : undefined;
}

/** The day `n` days after `day` (before, when negative). `day` must be valid. */
export const addDays = (day: string, n: number): string => utcDay((dayStart(day) as number) + n * DAY_MS);

/** Every UTC day from `first` to `last`, both included, in order (at most `max`). */
export function daysBetween(first: string, last: string, max = 400): string[] {
	const out: string[] = [];
	for (let d = first; d <= last && out.length < max; d = addDays(d, 1)) out.push(d);
	return out;
}

/** A span of time `[from, to)` in epoch ms. */
export interface Span {
	from: number;
	to: number;
}

/** The viewer's local day `yyyy-mm-dd` as a span, under `offsetMs` (their offset east of UTC). */
export function localDaySpan(day: string, offsetMs: number): Span | undefined {
	const start = dayStart(day);
	return start === undefined ? undefined : { from: start - offsetMs, to: start - offsetMs + DAY_MS };
}

/** The viewer's local date of an instant. */
export const localDay = (at: number, offsetMs: number): string => utcDay(at + offsetMs);

/** The viewer's local days a span covers, each as its own span cut to the range (first and last may be partial). */
export function localDays(span: Span, offsetMs: number): Array<{ day: string; span: Span }> {
	const out: Array<{ day: string; span: Span }> = [];
	if (!(span.to > span.from)) return out;
	for (const day of daysBetween(localDay(span.from, offsetMs), localDay(span.to - 1, offsetMs))) {
		const whole = localDaySpan(day, offsetMs) as Span;
		out.push({ day, span: { from: Math.max(whole.from, span.from), to: Math.min(whole.to, span.to) } });
	}
	return out;
}
