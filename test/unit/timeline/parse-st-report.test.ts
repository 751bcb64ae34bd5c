import { isReportWord, parseStReport, REPORT_MAX_DAYS } from '../../../src/parse/st-report';
import { tokenize } from '../../../src/parse/tokens';

const words = (line: string): string[] => {
	const t = tokenize(line);
	if (!t.ok) throw new Error(line);
	return t.tokens;
};
const parse = (line: string, locale?: 'en' | 'pt-BR' | 'es') => parseStReport(words(line), locale);

describe('/st report', () => {
	it('is the viewer’s own today without arguments', () => {
		expect(parse('')).toEqual({ ok: true, request: { kind: 'report', target: { kind: 'self' }, period: { kind: 'today' } } });
	});

	it.each([
		['@bob', { kind: 'handle', name: 'bob' }, { kind: 'today' }],
		['#support yesterday', { kind: 'room', name: 'support' }, { kind: 'yesterday' }],
		['week @support-team', { kind: 'handle', name: 'support-team' }, { kind: 'week' }],
		['@bob 2026-12-01..2026-12-07', { kind: 'handle', name: 'bob' }, { kind: 'dates', from: '2026-12-01', to: '2026-12-07' }],
		['2026-02-28', { kind: 'self' }, { kind: 'dates', from: '2026-02-28', to: '2026-02-28' }],
		['TODAY', { kind: 'self' }, { kind: 'today' }],
	])('reads %p', (line, target, period) => {
		expect(parse(line)).toEqual({ ok: true, request: { kind: 'report', target, period } });
	});

	it('takes the period words of the viewer’s language, and English always', () => {
		expect(parse('ontem @ana', 'pt-BR')).toMatchObject({ ok: true, request: { period: { kind: 'yesterday' } } });
		expect(parse('hoy', 'es')).toMatchObject({ ok: true, request: { period: { kind: 'today' } } });
		expect(parse('week', 'es')).toMatchObject({ ok: true, request: { period: { kind: 'week' } } });
		expect(parse('ontem', 'es')).toEqual({ ok: false, error: { code: 'report_usage' } });
		expect([isReportWord('report'), isReportWord('Relatorio', 'pt-BR'), isReportWord('informe', 'es'), isReportWord('informe')]).toEqual([true, true, true, false]);
	});

	it.each(['@bob @carol', 'today week', 'today 2026-12-01', '@', '#a/b', 'tomorrow', 'bob'])('refuses %p with the usage', (line) => {
		expect(parse(line)).toEqual({ ok: false, error: { code: 'report_usage' } });
	});

	it('names a date that is not one, a range backwards and a range too long', () => {
		expect(parse('2026-02-30')).toEqual({ ok: false, error: { code: 'report_bad_date', value: '2026-02-30' } });
		expect(parse('2026-12-01..2026-13-01')).toEqual({ ok: false, error: { code: 'report_bad_date', value: '2026-13-01' } });
		for (const bad of ['2026-12-1', '2026-12-01..', '2026-12-01...2026-12-02']) expect(parse(bad)).toEqual({ ok: false, error: { code: 'report_bad_date', value: bad } });
		expect(parse('2026-12-07..2026-12-01')).toEqual({ ok: false, error: { code: 'report_range_order', from: '2026-12-07', to: '2026-12-01' } });
		expect(parse('2026-12-01..2026-12-31')).toMatchObject({ ok: true });
		expect(parse('2026-12-01..2027-01-01')).toEqual({ ok: false, error: { code: 'report_range_too_long', max: REPORT_MAX_DAYS } });
	});
});
