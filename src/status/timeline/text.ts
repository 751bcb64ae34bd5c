import type { Locale, Translator } from '../../i18n';
import { REPORT_MAX_DAYS, type ReportParseError, type ReportPeriod } from '../../parse/st-report';
import { PRESENCES, type Presence } from '../../vendors/rocketchat';
import { clock, count, dayLabel, duration, share } from './format';
import type { Interval, Totals } from './intervals';
import type { AgentReport } from './report';

/**
 * The report as words (ephemeral message text; view.ts puts the same in blocks). Per agent: time in
 * each presence with its share of the known time, time in each preset and the holds past their
 * limit, Callbell availability, then a compact timeline (one day) or a line per day (several), and
 * how much of the period is not known. Bounded: at most REPORT_TEXT_AGENTS agents and
 * REPORT_TIMELINE_ITEMS timeline entries each; the rest is counted, and is in the CSV.
 */
export const REPORT_TEXT_AGENTS = 20;
export const REPORT_TIMELINE_ITEMS = 12;

const DOT: Record<Presence, string> = { online: '🟢', away: '🟡', busy: '🔴', offline: '⚪' };

export interface ReportView {
	/** whose report, as the viewer named it (`@bob`, `#support`) or the viewer's own name */
	who: string;
	period: ReportPeriod;
	/** the viewer's offset east of UTC, and its name (`UTC−3`) */
	offsetMs: number;
	zone: string;
	now: number;
	agents: ReadonlyArray<AgentReport>;
}

export function periodLabel(tr: Translator, locale: Locale, period: ReportPeriod): string {
	if (period.kind !== 'dates') return tr(`st_report_period_${period.kind}`);
	return period.from === period.to ? dayLabel(period.from, locale) : tr('st_report_period_dates', { from: dayLabel(period.from, locale), to: dayLabel(period.to, locale) });
}

const joined = (parts: string[]): string => parts.join(' · ');

function presenceLine(tr: Translator, locale: Locale, t: Totals, withShare: boolean): string {
	return joined(
		PRESENCES.filter((p) => t.presence[p] > 0).map(
			(p) => `${DOT[p]} ${tr(`st_presence_${p}`)} ${duration(t.presence[p], locale)}${withShare ? ` (${share(t.presence[p], t.known, locale)})` : ''}`,
		),
	);
}

function timelineLine(tr: Translator, list: ReadonlyArray<Interval>, offsetMs: number): string {
	const items = list.slice(0, REPORT_TIMELINE_ITEMS).map((i) => {
		const label = i.state.preset ?? i.state.text;
		return `${clock(i.from, offsetMs)} ${DOT[i.state.presence]}${label ? ` ${label}` : ''}`;
	});
	const more = list.length - items.length;
	return tr('st_report_timeline', { list: joined(more > 0 ? [...items, tr('st_report_more', { count: more })] : items) });
}

/** One agent's block of lines. */
export function agentText(tr: Translator, locale: Locale, r: AgentReport, offsetMs: number): string {
	const name = r.agent.name?.trim() || r.agent.username;
	const lines = [`*${name}* @${r.agent.username}`];
	const t = r.totals;
	if (t.known === 0) return [...lines, tr('st_report_nothing')].join('\n');
	lines.push(presenceLine(tr, locale, t, true));
	if (t.preset.size > 0) lines.push(tr('st_report_presets', { list: joined([...t.preset].map(([p, ms]) => `${p} ${duration(ms, locale)}`)) }));
	if (r.overruns.length > 0) {
		const list = r.overruns.map((o) => `${o.preset} ${clock(o.from, offsetMs)} +${duration(o.overMs, locale)}`).join(', ');
		lines.push(tr('st_report_overruns', { count: r.overruns.length, list }));
	}
	if (t.callbell.available + t.callbell.unavailable > 0) {
		lines.push(tr('st_report_callbell', { available: duration(t.callbell.available, locale), unavailable: duration(t.callbell.unavailable, locale) }));
	}
	if (r.days.length === 1) lines.push(timelineLine(tr, r.days[0].intervals, offsetMs));
	else for (const d of r.days) if (d.totals.known > 0) lines.push(`${dayLabel(d.day, locale)}: ${presenceLine(tr, locale, d.totals, false)}`);
	const unknown = r.span.to - r.span.from - t.known;
	if (unknown > 0) lines.push(tr('st_report_unknown', { time: duration(unknown, locale) }));
	return lines.join('\n');
}

export function reportHeader(tr: Translator, locale: Locale, v: ReportView): string {
	return tr('st_report_header', { who: v.who, period: periodLabel(tr, locale, v.period), zone: v.zone });
}

/** The whole report as one message. */
export function reportText(tr: Translator, locale: Locale, v: ReportView): string {
	const shown = v.agents.slice(0, REPORT_TEXT_AGENTS);
	const parts = [reportHeader(tr, locale, v), tr('st_report_as_of', { time: clock(v.now, v.offsetMs), zone: v.zone })];
	if (shown.length === 0) parts.push(tr('st_report_empty'));
	for (const r of shown) parts.push(agentText(tr, locale, r, v.offsetMs));
	if (v.agents.length > shown.length) parts.push(tr('st_report_more_agents', { count: count(v.agents.length - shown.length, locale) }));
	return parts.join('\n\n');
}

/** A `/st report` the grammar refused, in words. */
export function reportParseErrorText(tr: Translator, error: ReportParseError): string {
	switch (error.code) {
		case 'report_usage':
			return tr('st_report_usage', { max: REPORT_MAX_DAYS });
		case 'report_bad_date':
			return tr('st_report_bad_date', { value: error.value });
		case 'report_range_order':
			return tr('st_report_range_order', { from: error.from, to: error.to });
		case 'report_range_too_long':
			return tr('st_report_range_too_long', { max: error.max });
	}
}
