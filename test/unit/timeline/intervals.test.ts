import fc from 'fast-check';
import { DAY_MS } from '../../../src/parse/days';
import { intervals, intervalsByDay, totals, upTo, type Interval } from '../../../src/status/timeline/intervals';
import { TimelineStore, type Step } from '../../../src/status/timeline/store';
import type { State } from '../../../src/status/timeline/transition';
import { PRESENCES } from '../../../src/vendors/rocketchat';
import { at, countingKv, HOUR } from './helpers';

const T0 = at('2026-12-06T00:00:00Z');
const state = (presence: State['presence'], preset?: string, available?: boolean): State => ({
	presence,
	text: preset ?? '',
	source: 'self',
	...(preset ? { preset } : {}),
	...(available === undefined ? {} : { callbell: { available } }),
});
const arbState = fc.record({ p: fc.constantFrom(...PRESENCES), r: fc.option(fc.constantFrom('Lunch', 'Break'), { nil: undefined }), a: fc.option(fc.boolean(), { nil: undefined }) }).map((s) => state(s.p, s.r, s.a));

const noOverlapInOrder = (list: Interval[]) => list.every((i, n) => i.to > i.from && (n === 0 || list[n - 1].to <= i.from));
const covered = (list: Interval[]) => list.reduce((s, i) => s + i.to - i.from, 0);

describe('intervals', () => {
	it('give every instant of the span the state of the last step at or before it, or none when unknown', () => {
		const step = fc.record({ at: fc.integer({ min: T0 - HOUR, max: T0 + 25 * HOUR }), state: fc.option(arbState, { nil: null }) });
		fc.assert(
			fc.property(fc.array(step, { maxLength: 25 }), fc.array(fc.integer({ min: T0, max: T0 + DAY_MS - 1 }), { minLength: 1, maxLength: 20 }), (steps, probes) => {
				const span = { from: T0, to: T0 + DAY_MS };
				const list = intervals(steps, span);
				expect(noOverlapInOrder(list)).toBe(true);
				for (const p of probes) {
					// the oracle: of the steps at or before p, the latest; of several at that time, the last listed
					const before = steps.filter((s) => s.at <= p);
					const latest = Math.max(...before.map((s) => s.at));
					const expected = [...before].reverse().find((s) => s.at === latest)?.state ?? null;
					const hit = list.find((i) => i.from <= p && p < i.to);
					expect(hit ? { presence: hit.state.presence, preset: hit.state.preset, cb: hit.state.callbell?.available } : null).toEqual(
						expected ? { presence: expected.presence, preset: expected.preset, cb: expected.callbell?.available } : null,
					);
				}
			}),
		);
	});

	it('merge neighbours that read the same and stop at the span’s end (or now)', () => {
		const steps: Step[] = [
			{ at: T0 + HOUR, state: state('online') },
			{ at: T0 + 2 * HOUR, state: { ...state('online'), source: 'callbell' } },
			{ at: T0 + 3 * HOUR, state: state('away', 'Lunch', false) },
		];
		const span = upTo({ from: T0, to: T0 + DAY_MS }, T0 + 4 * HOUR);
		expect(intervals(steps, span).map((i) => [i.from - T0, i.to - T0, i.state.presence])).toEqual([
			[HOUR, 3 * HOUR, 'online'],
			[3 * HOUR, 4 * HOUR, 'away'],
		]);
		const t = totals(intervals(steps, span));
		expect(t).toEqual({ known: 3 * HOUR, presence: { online: 2 * HOUR, away: HOUR, busy: 0, offline: 0 }, preset: new Map([['Lunch', HOUR]]), callbell: { available: 0, unavailable: HOUR, unknown: 2 * HOUR } });
	});
});

describe('a recorded timeline, in the viewer’s days', () => {
	it('covers each day exactly once: no gap, no overlap; 24 h minus the time before the first change, the whole day after it', async () => {
		const change = fc.record({ offset: fc.integer({ min: 0, max: 3 * DAY_MS - 1 }), s: arbState, source: fc.constantFrom('self' as const, 'hours' as const, 'callbell' as const) });
		await fc.assert(
			fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 30 }), fc.integer({ min: -12 * 4, max: 14 * 4 }), async (changes, quarters) => {
				const offsetMs = quarters * 15 * 60_000; // Rocket.Chat's fractional hours, to the quarter hour
				const store = new TimelineStore(countingKv().kv);
				const sorted = changes.map((c) => ({ ...c.s, source: c.source, at: T0 + Math.floor(c.offset / 1000) * 1000 })).sort((a, b) => a.at - b.at);
				for (const t of sorted) await store.record('u1', t);
				const span = { from: T0 - offsetMs, to: T0 - offsetMs + 3 * DAY_MS };
				const steps = await store.steps('u1', span.from, span.to);
				const first = sorted[0].at;
				for (const day of intervalsByDay(steps, span, offsetMs)) {
					expect(noOverlapInOrder(day.intervals)).toBe(true);
					const expectedFrom = Math.min(Math.max(first, day.span.from), day.span.to);
					// contiguous from the first known instant to the day's end
					day.intervals.forEach((i, n) => expect(i.from).toBe(n === 0 ? expectedFrom : day.intervals[n - 1].to));
					expect(covered(day.intervals)).toBe(day.span.to - expectedFrom);
					expect(totals(day.intervals).known).toBe(day.span.to - expectedFrom);
					const t = totals(day.intervals);
					expect(Object.values(t.presence).reduce((a, b) => a + b, 0)).toBe(t.known);
				}
			}),
			{ numRuns: 150 },
		);
	});
});
