import { translator } from '../../../src/i18n';
import { checkMessageBlocks, checkSurface } from '../../../sandbox/contracts/uikit';
import { parsePresetLimits } from '../../../src/status/timeline/limits';
import { agentReport, periodSpan, type AgentReport } from '../../../src/status/timeline/report';
import type { Step } from '../../../src/status/timeline/store';
import { duration } from '../../../src/status/timeline/format';
import { reportParseErrorText, reportText, REPORT_TEXT_AGENTS, type ReportView } from '../../../src/status/timeline/text';
import { reportBlocks } from '../../../src/status/timeline/view';
import { at, HOUR } from './helpers';

const OFFSET = -3 * HOUR; // the viewer is at UTC−3
const NOW = at('2026-12-08T01:00:00Z'); // 22:00 on Dec 7 for the viewer
const { limits } = parsePresetLimits('Lunch=60m');
const online = { presence: 'online' as const, text: '', source: 'self' as const, callbell: { available: true } };
const steps: Step[] = [
	{ at: at('2026-12-07T12:00:00Z'), state: online },
	{ at: at('2026-12-07T15:00:00Z'), state: { presence: 'away', text: 'Lunch', preset: 'Lunch', source: 'self', callbell: { available: false, customStatus: 'Lunch' } } },
	{ at: at('2026-12-07T16:10:00Z'), state: { ...online, source: 'manager', by: 'carol' } },
	{ at: at('2026-12-07T21:00:00Z'), state: { presence: 'offline', text: '', source: 'hours' } },
];
const alice = (): AgentReport => agentReport({ userId: 'u1', username: 'alice', name: 'Alice Lima' }, steps, periodSpan({ kind: 'today' }, NOW, OFFSET), OFFSET, NOW, limits);
const view = (agents: AgentReport[]): ReportView => ({ who: '@alice', period: { kind: 'today' }, offsetMs: OFFSET, zone: 'UTC−3', now: NOW, agents });

describe('periodSpan', () => {
	it('names the viewer’s days under their offset', () => {
		expect(periodSpan({ kind: 'today' }, NOW, OFFSET)).toEqual({ from: at('2026-12-07T03:00:00Z'), to: at('2026-12-08T03:00:00Z') });
		expect(periodSpan({ kind: 'yesterday' }, NOW, OFFSET)).toEqual({ from: at('2026-12-06T03:00:00Z'), to: at('2026-12-07T03:00:00Z') });
		expect(periodSpan({ kind: 'week' }, NOW, OFFSET)).toEqual({ from: at('2026-12-01T03:00:00Z'), to: at('2026-12-08T03:00:00Z') });
		expect(periodSpan({ kind: 'dates', from: '2026-12-01', to: '2026-12-02' }, NOW, 5.5 * HOUR)).toEqual({ from: at('2026-11-30T18:30:00Z'), to: at('2026-12-02T18:30:00Z') });
	});
});

describe('agentReport', () => {
	it('counts known time up to now, per presence, preset and Callbell side, and the holds past their limit', () => {
		const r = alice();
		expect(r.span).toEqual({ from: at('2026-12-07T03:00:00Z'), to: NOW });
		expect(r.totals.known).toBe(13 * HOUR);
		expect(r.totals.presence).toEqual({ online: 7 * HOUR + 50 * 60_000, away: HOUR + 10 * 60_000, busy: 0, offline: 4 * HOUR });
		expect([...r.totals.preset]).toEqual([['Lunch', HOUR + 10 * 60_000]]);
		expect(r.overruns).toEqual([{ preset: 'Lunch', from: at('2026-12-07T15:00:00Z'), to: at('2026-12-07T16:10:00Z'), limitMs: HOUR, overMs: 10 * 60_000 }]);
		expect(r.days.map((d) => d.day)).toEqual(['2026-12-07']);
	});
});

describe('the report in words', () => {
	it('shows each presence and preset, the overrun, Callbell, the timeline and the unknown time', () => {
		expect(reportText(translator('en'), 'en', view([alice()]))).toBe(
			[
				'*Time in status* · @alice · today (UTC−3)',
				'As of 22:00 (UTC−3). Days run midnight to midnight at that offset; time after now is not counted.',
				[
					'*Alice Lima* @alice',
					'🟢 online 7 hr 50 min (60%) · 🟡 away 1 hr 10 min (9%) · ⚪ invisible 4 hr (31%)',
					'Presets: Lunch 1 hr 10 min',
					'⚠ Over the allowed time once: Lunch 12:00 +10 min',
					'Callbell: available 7 hr 50 min · unavailable 1 hr 10 min',
					'Timeline: 09:00 🟢 · 12:00 🟡 Lunch · 13:10 🟢 · 18:00 ⚪',
					'Not known: 9 hr (before the first recorded change, or not kept).',
				].join('\n'),
			].join('\n\n'),
		);
	});

	it('speaks the viewer’s language, numbers included', () => {
		const pt = reportText(translator('pt-BR'), 'pt-BR', view([alice()]));
		expect(pt).toContain('🟢 online 7 h 50 min (60%) · 🟡 ausente 1 h 10 min (9%) · ⚪ invisível 4 h (31%)');
		expect(pt).toContain('⚠ Uma vez acima do tempo permitido: Lunch 12:00 +10 min');
		const es = reportText(translator('es'), 'es', view([alice()]));
		expect(es).toContain('*Tiempo en estado* · @alice · hoy (UTC−3)');
		expect(es).toContain('🟢 en línea 7 h 50 min (60\u00a0%)'); // Intl's no-break space before the sign
		expect(duration(90 * 60_000, 'es')).toBe('1 h 30 min');
		expect(duration(20_000, 'en')).toBe('<1 min');
	});

	it('shows several days as a line each, and an agent with nothing recorded as such', () => {
		const week = agentReport({ userId: 'u1', username: 'alice' }, steps, periodSpan({ kind: 'week' }, NOW, OFFSET), OFFSET, NOW, limits);
		const text = reportText(translator('en'), 'en', { ...view([week]), period: { kind: 'week' } });
		expect(text).toContain('Mon, 12/07: 🟢 online 7 hr 50 min · 🟡 away 1 hr 10 min · ⚪ invisible 4 hr');
		expect(text).not.toContain('Timeline:');
		const none = agentReport({ userId: 'u2', username: 'bob' }, [], periodSpan({ kind: 'today' }, NOW, OFFSET), OFFSET, NOW, limits);
		expect(reportText(translator('en'), 'en', view([none]))).toContain('*bob* @bob\nNo status recorded in this period.');
	});

	it('is bounded: at most REPORT_TEXT_AGENTS agents, the rest counted', () => {
		const many = Array.from({ length: REPORT_TEXT_AGENTS + 3 }, alice);
		const text = reportText(translator('en'), 'en', view(many));
		expect(text.split('*Alice Lima*')).toHaveLength(REPORT_TEXT_AGENTS + 1);
		expect(text).toContain('…and 3 more agents: the CSV has everyone.');
	});

	it('says what the grammar refused', () => {
		const en = translator('en');
		expect(reportParseErrorText(en, { code: 'report_usage' })).toContain('a report covers at most 31 days');
		expect(reportParseErrorText(translator('es'), { code: 'report_bad_date', value: '2026-02-30' })).toBe('2026-02-30 no es una fecha: escríbela como año-mes-día, por ejemplo 2026-12-01.');
	});
});

describe('the report in blocks', () => {
	it('is valid UIKit in a contextual bar and in a message', () => {
		const blocks = reportBlocks(translator('en'), 'en', 'app-1', view([alice(), alice()]));
		expect(checkMessageBlocks('app-1', blocks)).toEqual([]);
		expect(checkSurface({ type: 'contextual_bar.open', triggerId: 't1', view: { appId: 'app-1', id: 'st.report.r1', type: 'contextual_bar', title: { type: 'plain_text', text: 'Time in status' }, blocks } })).toEqual([]);
		expect(blocks.map((b) => b.blockId)).toEqual(['st.report.header', 'st.report.as_of', 'st.report.top', 'st.report.agent.u1', 'st.report.agent.u1']);
	});
});
