import { PRESENCES, type Presence } from '../../vendors/rocketchat';
import { localDays, type Span } from '../../parse/days';
import type { Step } from './store';
import { sameState, type State } from './transition';

/**
 * From steps to what a report counts (pure). An interval is `[from, to)` with the state held in it;
 * time whose state is unknown (before the first record, a day whose oldest changes were dropped, a
 * damaged record) is in no interval, so totals count only known time. The current interval ends at
 * the span's end: callers cut a span that reaches into the future at `now` (`upTo`).
 */
export interface Interval extends Span {
	state: State;
}

/** The span, ending no later than `now`. */
export const upTo = (span: Span, now: number): Span => ({ from: span.from, to: Math.max(span.from, Math.min(span.to, now)) });

/** The intervals of `span`, in order, never overlapping; neighbours with the same state are one interval. */
export function intervals(steps: ReadonlyArray<Step>, span: Span): Interval[] {
	// stable: of two steps at one instant, the later one listed wins
	const sorted = steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.at - b.s.at || a.i - b.i);
	const out: Interval[] = [];
	let state: State | null = null;
	let from = span.from;
	const close = (to: number) => {
		if (!state || to <= from) return;
		const prev = out[out.length - 1];
		if (prev && prev.to === from && sameState(prev.state, state)) prev.to = to;
		else out.push({ from, to, state });
	};
	for (const { s } of sorted) {
		if (s.at <= span.from) {
			state = s.state;
			continue;
		}
		if (s.at >= span.to) break;
		close(s.at);
		state = s.state;
		from = s.at;
	}
	close(span.to);
	return out;
}

/** The viewer's days of `span` (split at their midnight, days.ts), each with its intervals. */
export function intervalsByDay(steps: ReadonlyArray<Step>, span: Span, offsetMs: number): Array<{ day: string; span: Span; intervals: Interval[] }> {
	return localDays(span, offsetMs).map((d) => ({ ...d, intervals: intervals(steps, d.span) }));
}

export interface Totals {
	/** ms of known time */
	known: number;
	presence: Record<Presence, number>;
	/** ms per preset name (as recorded), in order of first use */
	preset: Map<string, number>;
	callbell: { available: number; unavailable: number; unknown: number };
}

export function totals(list: ReadonlyArray<Interval>): Totals {
	const out: Totals = {
		known: 0,
		presence: Object.fromEntries(PRESENCES.map((p) => [p, 0])) as Record<Presence, number>,
		preset: new Map(),
		callbell: { available: 0, unavailable: 0, unknown: 0 },
	};
	for (const i of list) {
		const ms = i.to - i.from;
		out.known += ms;
		out.presence[i.state.presence] += ms;
		if (i.state.preset !== undefined) out.preset.set(i.state.preset, (out.preset.get(i.state.preset) ?? 0) + ms);
		const cb = i.state.callbell?.available;
		out.callbell[cb === undefined ? 'unknown' : cb ? 'available' : 'unavailable'] += ms;
	}
	return out;
}
