import type { Span } from '../../parse/days';
import { upTo } from './intervals';
import type { PresetLimits } from './limits';
import { agentReport, type Agent, type AgentReport } from './report';
import type { TimelineStore } from './store';

/**
 * One agent's report read from the store: the steps of the period's UTC days (one read for the
 * head and one per earlier day), then the pure report. Agents are read one after another: a page of
 * 20 agents over a week is about 160 small reads.
 */
export async function loadAgentReport(store: TimelineStore, agent: Agent, period: Span, offsetMs: number, now: number, limits: PresetLimits): Promise<AgentReport> {
	const span = upTo(period, now);
	const steps = await store.steps(agent.userId, span.from, Math.max(span.to, span.from + 1));
	return agentReport(agent, steps, period, offsetMs, now, limits);
}
