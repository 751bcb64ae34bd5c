import * as z from '../../zod';
import { localDay } from '../../parse/days';
import { parseStReport, type ReportPeriod, type ReportRequest, type ReportTarget } from '../../parse/st-report';
import { periodSpan } from './report';

/**
 * The Export CSV button's value: the report's target and its days, carried to the press and checked
 * again there. The period goes as the viewer's dates the report showed (`today` pressed after
 * midnight still exports the day that was on screen). On the way back the value is a stranger's
 * text: zod checks its shape, then the `/st report` grammar itself checks the name and the dates
 * (the same name rule, real dates, in order, at most REPORT_MAX_DAYS), so a button can ask for
 * nothing the command could not. Anything else reads as undefined.
 */

/** The viewer's first and last day of a period (pure). */
export function periodDates(period: ReportPeriod, now: number, offsetMs: number): { from: string; to: string } {
	const span = periodSpan(period, now, offsetMs);
	return { from: localDay(span.from, offsetMs), to: localDay(span.to - 1, offsetMs) };
}

const valueSchema = z.strictObject({
	target: z.discriminatedUnion('kind', [
		z.strictObject({ kind: z.literal('self') }),
		z.strictObject({ kind: z.literal('room'), name: z.string().check(z.maxLength(100)) }),
		z.strictObject({ kind: z.literal('handle'), name: z.string().check(z.maxLength(100)) }),
	]),
	from: z.string().check(z.maxLength(10)),
	to: z.string().check(z.maxLength(10)),
});

/** A button value is at most this long (a name is at most 100 characters). */
const MAX_VALUE = 400;

export function exportValue(target: ReportTarget, period: ReportPeriod, now: number, offsetMs: number): string {
	return JSON.stringify({ target, ...periodDates(period, now, offsetMs) });
}

export function parseExportValue(value: unknown): ReportRequest | undefined {
	if (typeof value !== 'string' || value.length > MAX_VALUE) return undefined;
	let json: unknown;
	try {
		json = JSON.parse(value);
	} catch {
		return undefined;
	}
	const shape = valueSchema.safeParse(json);
	if (!shape.success) return undefined;
	const { target, from, to } = shape.data;
	const words = [...(target.kind === 'self' ? [] : [`${target.kind === 'room' ? '#' : '@'}${target.name}`]), from === to ? from : `${from}..${to}`];
	// English words only: the value holds no period word, and a date reads the same in every language
	const parsed = parseStReport(words, 'en');
	return parsed.ok ? parsed.request : undefined;
}
