import { type Locale, type MessageKey, t } from '../i18n';
import { dayStart, DAY_MS } from './days';
import { normalizeWord, splitKeywords } from './st-words';

/**
 * `/st report [@agent | #room | @team] [today | yesterday | week | <date>..<date>]`: whose time in
 * status, over which of the viewer's days. Target and period may come in either order, each at most
 * once. Without a target, the viewer's own; without a period, today. `@name` is an agent or a team
 * (the service looks for the user first, then a team's main room, as the board does). Dates are ISO
 * (`2026-12-01`, the same in every language), a single one is that day, and a range is at most
 * REPORT_MAX_DAYS days. The period words come from the catalogues (`st_kw_today` …), English always
 * understood.
 */

export type ReportTarget = { kind: 'self' } | { kind: 'room'; name: string } | { kind: 'handle'; name: string };

/** `week`: today and the six days before it. `dates`: the viewer's local days, both included. */
export type ReportPeriod = { kind: 'today' } | { kind: 'yesterday' } | { kind: 'week' } | { kind: 'dates'; from: string; to: string };

export interface ReportRequest {
	kind: 'report';
	target: ReportTarget;
	period: ReportPeriod;
}

export type ReportParseError =
	| { code: 'report_usage' }
	| { code: 'report_bad_date'; value: string }
	| { code: 'report_range_order'; from: string; to: string }
	| { code: 'report_range_too_long'; max: number };

export type ReportParse = { ok: true; request: ReportRequest } | { ok: false; error: ReportParseError };

export const REPORT_MAX_DAYS = 31;

const NAME = /^[^\s@#:,;/]{1,100}$/;
const PERIOD_KEYS = { today: 'st_kw_today', yesterday: 'st_kw_yesterday', week: 'st_kw_week' } as const satisfies Record<string, MessageKey>;
type PeriodWord = keyof typeof PERIOD_KEYS;

const wordsOf = (key: MessageKey, locale: Locale): string[] => [...new Set([...splitKeywords(t(key, {}, locale)), ...splitKeywords(t(key, {}, 'en'))].map((w) => w.words.join(' ')))];

/** Whether `word` is the `report` keyword in English or the locale's language (for the `/st` dispatch). */
export const isReportWord = (word: string, locale: Locale = 'en'): boolean => wordsOf('st_kw_report', locale).includes(normalizeWord(word));

function periodWord(word: string, locale: Locale): PeriodWord | undefined {
	const w = normalizeWord(word);
	return (Object.keys(PERIOD_KEYS) as PeriodWord[]).find((p) => wordsOf(PERIOD_KEYS[p], locale).includes(w));
}

function datesOf(word: string): ReportParse | ReportPeriod | undefined {
	const m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(word);
	if (!m) return /^\d{4}-\d{1,2}-\d{1,2}/.test(word) ? { ok: false, error: { code: 'report_bad_date', value: word } } : undefined;
	const [from, to = m[1]] = [m[1], m[2]];
	for (const d of [from, to]) if (dayStart(d) === undefined) return { ok: false, error: { code: 'report_bad_date', value: d } };
	const span = ((dayStart(to) as number) - (dayStart(from) as number)) / DAY_MS + 1;
	if (span < 1) return { ok: false, error: { code: 'report_range_order', from, to } };
	if (span > REPORT_MAX_DAYS) return { ok: false, error: { code: 'report_range_too_long', max: REPORT_MAX_DAYS } };
	return { kind: 'dates', from, to };
}

/** `rest` = the words after `report`. */
export function parseStReport(rest: ReadonlyArray<string>, locale: Locale = 'en'): ReportParse {
	const usage: ReportParse = { ok: false, error: { code: 'report_usage' } };
	let target: ReportTarget | undefined;
	let period: ReportPeriod | undefined;
	for (const word of rest) {
		if (word.startsWith('#') || word.startsWith('@')) {
			const name = word.slice(1);
			if (target || !NAME.test(name)) return usage;
			target = word.startsWith('#') ? { kind: 'room', name } : { kind: 'handle', name };
			continue;
		}
		if (period) return usage;
		const named = periodWord(word, locale);
		if (named) {
			period = { kind: named };
			continue;
		}
		const dates = datesOf(word);
		if (!dates) return usage;
		if ('ok' in dates) return dates;
		period = dates;
	}
	return { ok: true, request: { kind: 'report', target: target ?? { kind: 'self' }, period: period ?? { kind: 'today' } } };
}
