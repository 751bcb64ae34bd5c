import type { Locale } from '../../i18n';
import { dayStart } from '../../parse/days';

/**
 * Numbers and times in the viewer's language, through `Intl` (the catalogues hold the sentences,
 * `Intl` the units and digits): `5 h 20 min` / `5 h 20 min` / `5 h 20 min`, `1,234`, `66%` / `66 %`.
 * Formatters are built once per locale.
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function number(locale: Locale, unit?: 'hour' | 'minute' | 'percent'): Intl.NumberFormat {
	const key = `n:${locale}:${unit ?? ''}`;
	let f = cache.get(key) as Intl.NumberFormat | undefined;
	if (!f) {
		f = new Intl.NumberFormat(locale, unit === 'percent' ? { style: 'percent' } : unit ? { style: 'unit', unit, unitDisplay: 'short' } : {});
		cache.set(key, f);
	}
	return f;
}

/** A duration to the minute: `0 min`, `45 min`, `2 h`, `5 h 20 min`; any time under a minute reads `<1 min`. */
export function duration(ms: number, locale: Locale): string {
	const minutes = Math.round(Math.max(0, ms) / 60_000);
	if (minutes === 0 && ms > 0) return `<${number(locale, 'minute').format(1)}`;
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	if (h === 0) return number(locale, 'minute').format(m);
	return m === 0 ? number(locale, 'hour').format(h) : `${number(locale, 'hour').format(h)} ${number(locale, 'minute').format(m)}`;
}

export const count = (n: number, locale: Locale): string => number(locale).format(n);

/** A share of a whole, rounded to the percent (`66%`, `66 %`); nothing of nothing is 0. */
export const share = (part: number, whole: number, locale: Locale): string => number(locale, 'percent').format(whole > 0 ? Math.round((100 * part) / whole) / 100 : 0);

/** `09:05`: the viewer's wall clock under their offset. */
export function clock(at: number, offsetMs: number): string {
	const local = new Date(at + offsetMs);
	return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

/** A local day `yyyy-mm-dd` as the viewer's language writes it short (`Mon, 12/7`, `seg., 07/12`). */
export function dayLabel(day: string, locale: Locale): string {
	const key = `d:${locale}`;
	let f = cache.get(key) as Intl.DateTimeFormat | undefined;
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { weekday: 'short', day: '2-digit', month: '2-digit', timeZone: 'UTC' });
		cache.set(key, f);
	}
	const at = dayStart(day);
	return at === undefined ? day : f.format(at);
}
