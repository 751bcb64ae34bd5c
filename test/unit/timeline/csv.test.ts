import fc from 'fast-check';
import { csvField, isoAt, reportCsv, CSV_COLUMNS } from '../../../src/status/timeline/csv';
import { parsePresetLimits } from '../../../src/status/timeline/limits';
import { agentReport, periodSpan } from '../../../src/status/timeline/report';
import type { Step } from '../../../src/status/timeline/store';
import { at, HOUR } from './helpers';
import { readCsv } from '../fakes/csv-reader';

const OFFSET = -3 * HOUR;
const NOW = at('2026-12-08T01:00:00Z');
const steps: Step[] = [
	{ at: at('2026-12-07T12:00:00Z'), state: { presence: 'online', text: '', source: 'self', callbell: { available: true } } },
	{ at: at('2026-12-07T15:00:00Z'), state: { presence: 'away', text: '=HYPERLINK("x"), lunch', preset: 'Lunch', source: 'manager', by: 'carol' } },
	{ at: at('2026-12-07T16:10:00Z'), state: { presence: 'online', text: '', source: 'self' } },
];
const report = (username = 'alice') => agentReport({ userId: 'u1', username, name: 'Alice Lima' }, steps, periodSpan({ kind: 'today' }, NOW, OFFSET), OFFSET, NOW, parsePresetLimits('Lunch=60m').limits);

describe('the report as CSV', () => {
	it('has the totals per agent per day per status, then the raw intervals, with CRLF line ends', () => {
		const { csv, rows, truncated } = reportCsv([report()], OFFSET);
		expect(truncated).toBe(false);
		const table = readCsv(csv);
		expect(table[0]).toEqual([...CSV_COLUMNS]);
		expect(table.slice(1).map((r) => r.slice(2, 6).join(' '))).toEqual([
			'2026-12-07 presence online 42600', // 09:00–12:00 and 13:10–22:00 local: 3 h + 8 h 50
			'2026-12-07 presence away 4200',
			'2026-12-07 preset Lunch 4200',
			'2026-12-07 callbell available 10800',
			'2026-12-07 interval online 10800',
			'2026-12-07 interval away/Lunch 4200',
			'2026-12-07 interval online 31800',
		]);
		expect(rows).toBe(7);
		expect(table[6]).toEqual(['alice', 'Alice Lima', '2026-12-07', 'interval', 'away/Lunch', '4200', '2026-12-07T12:00:00-03:00', '2026-12-07T13:10:00-03:00', `'=HYPERLINK("x"), lunch`, 'manager', 'carol', '600']);
		expect(csv.endsWith('\r\n')).toBe(true);
	});

	it('neutralises every cell a spreadsheet would run as a formula, and quotes what must be', () => {
		expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', 'plain', 'a,b', 'say "hi"', 'two\nlines'].map(csvField)).toEqual([
			`'=1+1`,
			`'+1`,
			`'-1`,
			`'@SUM(A1)`,
			`'\tx`,
			'plain',
			'"a,b"',
			'"say ""hi"""',
			'"two\nlines"',
		]);
		expect(csvField(-5)).toBe('-5'); // our own numbers are numbers
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string().map((x) => `'${x}`), fc.string().map((x) => `=${x}`)), (s) => {
				const [[back]] = readCsv(`${csvField(s)}\r\n`);
				expect(/^[=+\-@\t\r]/.test(back)).toBe(false);
				// exactly the text, with a `'` before it only where it would have run
				expect(back).toBe(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
			}),
		);
	});

	it('is bounded in rows and in bytes, stopping at a whole row and saying so', () => {
		const many = Array.from({ length: 50 }, (_, i) => report(`agent${i}`));
		const byRows = reportCsv(many, OFFSET, 30);
		expect([byRows.rows, byRows.truncated, readCsv(byRows.csv).length]).toEqual([30, true, 31]);
		const byBytes = reportCsv(many, OFFSET, 10_000, 2_000);
		expect(byBytes.truncated).toBe(true);
		expect(byBytes.csv.length).toBeLessThanOrEqual(2_000);
		expect(readCsv(byBytes.csv).every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
	});

	it('writes times in ISO 8601 at the viewer’s offset, fractional ones too', () => {
		expect(isoAt(at('2026-12-07T12:00:00Z'), 5.75 * HOUR)).toBe('2026-12-07T17:45:00+05:45');
		expect(isoAt(at('2026-12-07T12:00:00Z'), 0)).toBe('2026-12-07T12:00:00+00:00');
	});
});
