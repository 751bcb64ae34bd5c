import type { ReportPeriod } from '../../parse/st-report';
import { addDays, localDay, localDaySpan, type Span } from '../../parse/days';
import { intervals, intervalsByDay, totals, upTo, type Interval, type Totals } from './intervals';
import { overruns, type Overrun, type PresetLimits } from './limits';
import type { Step } from './store';

/**
 * What a report shows of one agent (pure): per viewer's day, the intervals and their totals; over
 * the whole period, the totals and the holds past a preset's limit. Time after `now` is not counted.
 */

/** The viewer's days a period names, as one span (`week` = today and the six days before). */
export function periodSpan(period: ReportPeriod, now: number, offsetMs: number): Span {
	const today = localDay(now, offsetMs);
	const [first, last] =
		period.kind === 'today' ? [today, today] : period.kind === 'yesterday' ? [addDays(today, -1), addDays(today, -1)] : period.kind === 'week' ? [addDays(today, -6), today] : [period.from, period.to];
	return { from: (localDaySpan(first, offsetMs) as Span).from, to: (localDaySpan(last, offsetMs) as Span).to };
}

export interface Agent {
	userId: string;
	username: string;
	name?: string;
}

export interface AgentDay {
	day: string;
	/** the day as counted: cut at now */
	span: Span;
	intervals: Interval[];
	totals: Totals;
}

export interface AgentReport {
	agent: Agent;
	/** the period as counted: cut at now */
	span: Span;
	days: AgentDay[];
	totals: Totals;
	overruns: Overrun[];
}

export function agentReport(agent: Agent, steps: ReadonlyArray<Step>, period: Span, offsetMs: number, now: number, limits: PresetLimits): AgentReport {
	const span = upTo(period, now);
	const days = intervalsByDay(steps, span, offsetMs).map((d) => ({ ...d, totals: totals(d.intervals) }));
	const whole = intervals(steps, span);
	return { agent, span, days, totals: totals(whole), overruns: overruns(whole, limits) };
}
