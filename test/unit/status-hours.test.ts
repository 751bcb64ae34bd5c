import fc from 'fast-check';
import type { Schedule } from '../../src/parse/st-hours';
import { dueAtWake, effectiveSchedule, lastBoundary, MAX_BOUNDARY_GAP_MS, nextBoundary, stateAt } from '../../src/status/hours/hours';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
/** Monday 2026-11-30 00:00 UTC. */
const MON = Date.UTC(2026, 10, 30);
const at = (day: number, hh: number, mm = 0) => MON + day * DAY + hh * H + mm * MIN;

const OFFICE: Schedule = { days: [1, 2, 3, 4, 5], start: 9 * 60, end: 17 * 60 + 30, off: 'away' };
const NIGHTS: Schedule = { days: [5, 6], start: 22 * 60, end: 6 * 60, off: 'offline' };

describe('next working-hours boundary', () => {
	it('in UTC: start, then end, then the next working day', () => {
		expect(nextBoundary(at(0, 8), 0, OFFICE)).toEqual({ at: at(0, 9), state: 'in' });
		expect(nextBoundary(at(0, 9), 0, OFFICE)).toEqual({ at: at(0, 17, 30), state: 'out' }); // strictly after now
		expect(nextBoundary(at(0, 12), 0, OFFICE)).toEqual({ at: at(0, 17, 30), state: 'out' });
		expect(nextBoundary(at(0, 18), 0, OFFICE)).toEqual({ at: at(1, 9), state: 'in' });
	});

	it('in the agent\'s offset: 09:00 at UTC−3 is 12:00 UTC, at UTC+5.5 it is 03:30 UTC', () => {
		expect(nextBoundary(at(0, 8), -3, OFFICE)).toEqual({ at: at(0, 12), state: 'in' });
		expect(nextBoundary(at(0, 0), 5.5, OFFICE)).toEqual({ at: at(0, 3, 30), state: 'in' });
		// 23:00 UTC Monday is already Tuesday 04:30 at +5.5: the next change is Tuesday's start
		expect(nextBoundary(at(0, 23), 5.5, OFFICE)).toEqual({ at: at(1, 3, 30), state: 'in' });
	});

	it('wraps the week: Friday evening → Monday morning', () => {
		expect(nextBoundary(at(4, 18), 0, OFFICE)).toEqual({ at: at(7, 9), state: 'in' });
		expect(nextBoundary(at(5, 12), -3, OFFICE)).toEqual({ at: at(7, 12), state: 'in' });
		// one day a week: just after it ends, the next start is a week away (less a shift)
		const mondays: Schedule = { ...OFFICE, days: [1] };
		expect(nextBoundary(at(0, 17, 31), 0, mondays)).toEqual({ at: at(7, 9), state: 'in' });
	});

	it('crosses midnight: a Friday-night shift ends on Saturday, Saturday\'s on Sunday', () => {
		expect(nextBoundary(at(4, 12), 0, NIGHTS)).toEqual({ at: at(4, 22), state: 'in' });
		expect(nextBoundary(at(4, 23), 0, NIGHTS)).toEqual({ at: at(5, 6), state: 'out' });
		expect(nextBoundary(at(5, 7), 0, NIGHTS)).toEqual({ at: at(5, 22), state: 'in' });
		expect(nextBoundary(at(6, 1), 0, NIGHTS)).toEqual({ at: at(6, 6), state: 'out' });
		// Sunday morning after the last shift: next Friday night
		expect(nextBoundary(at(6, 7), 0, NIGHTS)).toEqual({ at: at(11, 22), state: 'in' });
		expect(stateAt(at(6, 5), 0, NIGHTS)).toBe('in');
		expect(stateAt(at(6, 6), 0, NIGHTS)).toBe('out');
	});

	it('daylight saving: the next boundary follows the offset the agent has now', () => {
		// Europe/Berlin, 2026-03-29: Friday the 27th ends at 17:30 CET (+1); Monday the 30th starts at 09:00 CEST (+2)
		const fri = Date.UTC(2026, 2, 27);
		const friEnd = fri + 16 * H + 30 * MIN; // 17:30 at +1
		expect(nextBoundary(friEnd - MIN, 1, OFFICE)).toEqual({ at: friEnd, state: 'out' });
		expect(nextBoundary(friEnd, 2, OFFICE)).toEqual({ at: fri + 3 * DAY + 7 * H, state: 'in' }); // 07:00 UTC, not 08:00
		// and back in October (Sunday the 25th, +2 → +1): armed on Friday at +2 for 07:00 UTC, the job finds
		// the agent at +1 on Monday, so nothing is due yet and it re-arms for 09:00 at +1 = 08:00 UTC
		const octFri = Date.UTC(2026, 9, 23);
		const armed = nextBoundary(octFri + 15 * H + 30 * MIN, 2, OFFICE);
		expect(armed).toEqual({ at: octFri + 3 * DAY + 7 * H, state: 'in' });
		expect(dueAtWake(armed.at, 1, OFFICE, armed, octFri + 15 * H + 30 * MIN)).toBeUndefined();
		expect(nextBoundary(armed.at, 1, OFFICE)).toEqual({ at: octFri + 3 * DAY + 8 * H, state: 'in' });
	});
});

describe('the job waking at a boundary (offset re-read)', () => {
	const friEnd = at(4, 17, 30);
	const monStartAtPlus1 = at(7, 8); // armed on Friday at +1

	it('applies the boundary it was armed for', () => {
		expect(dueAtWake(monStartAtPlus1, 1, OFFICE, { at: monStartAtPlus1, state: 'in' }, friEnd)).toEqual({ at: monStartAtPlus1, state: 'in' });
	});

	it('clocks went forward (+1 → +2): 08:00 UTC is already 10:00, the start is due (an hour late)', () => {
		expect(dueAtWake(monStartAtPlus1, 2, OFFICE, { at: monStartAtPlus1, state: 'in' }, friEnd)).toEqual({ at: at(7, 7), state: 'in' });
	});

	it('clocks went back (+1 → 0): 08:00 UTC is 08:00, nothing is due yet (the job re-arms for 09:00)', () => {
		expect(dueAtWake(monStartAtPlus1, 0, OFFICE, { at: monStartAtPlus1, state: 'in' }, friEnd)).toBeUndefined();
		expect(nextBoundary(monStartAtPlus1, 0, OFFICE)).toEqual({ at: at(7, 9), state: 'in' });
	});

	it('a job run late (server down) applies the newest boundary, whichever it is', () => {
		expect(dueAtWake(at(7, 20), 0, OFFICE, { at: at(7, 9), state: 'in' }, friEnd)).toEqual({ at: at(7, 17, 30), state: 'out' });
		expect(dueAtWake(at(8, 10), 0, OFFICE, { at: at(7, 9), state: 'in' }, friEnd)).toEqual({ at: at(8, 9), state: 'in' });
	});

	it('never applies a boundary twice', () => {
		expect(dueAtWake(at(7, 9), 0, OFFICE, { at: at(7, 9), state: 'in' }, at(7, 9))).toBeUndefined();
	});
});

describe('whose hours apply', () => {
	const own: Schedule = { ...OFFICE, start: 8 * 60 };
	it('own hours win over the default; off means none even with a default; no default means none', () => {
		expect(effectiveSchedule('own', own, OFFICE)).toEqual({ from: 'own', schedule: own });
		expect(effectiveSchedule('default', undefined, OFFICE)).toEqual({ from: 'default', schedule: OFFICE });
		expect(effectiveSchedule('off', undefined, OFFICE)).toEqual({ from: 'off' });
		expect(effectiveSchedule('default', undefined, undefined)).toEqual({ from: 'none' });
	});
});

describe('boundaries (property)', () => {
	const schedule: fc.Arbitrary<Schedule> = fc
		.record({
			days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
			start: fc.integer({ min: 0, max: 1439 }),
			end: fc.integer({ min: 0, max: 1439 }),
			off: fc.constantFrom('away' as const, 'offline' as const),
		})
		.filter((s) => s.start !== s.end);
	const moment = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
	// real offsets run from −12 to +14, in quarter hours
	const offset = fc.integer({ min: -48, max: 56 }).map((q) => q / 4);

	it('the next boundary is in the future, at most 7 days ahead, and the state holds until it', () => {
		fc.assert(
			fc.property(schedule, moment, offset, fc.double({ min: 0, max: 1, noNaN: true }), (s, now, off, f) => {
				const next = nextBoundary(now, off, s);
				expect(next.at).toBeGreaterThan(now);
				expect(next.at - now).toBeLessThanOrEqual(MAX_BOUNDARY_GAP_MS);
				// the state at the boundary is the boundary's, and it differs from the state before it
				expect(stateAt(next.at, off, s)).toBe(next.state);
				expect(stateAt(now, off, s)).not.toBe(next.state);
				// any moment between now and the boundary has the state of now
				const between = now + Math.floor(f * (next.at - now - 1));
				expect(stateAt(between, off, s)).toBe(stateAt(now, off, s));
				// and the boundary before the next one is the last one at or before now
				expect(lastBoundary(next.at - 1, off, s)).toEqual(lastBoundary(now, off, s));
			}),
			{ numRuns: 2000 },
		);
	});

	it('walking boundary to boundary alternates in and out, and a week holds one start per working day', () => {
		fc.assert(
			fc.property(schedule, moment, offset, (s, now, off) => {
				let t = now;
				let starts = 0;
				let previous = stateAt(now, off, s);
				while (t < now + 7 * DAY) {
					const b = nextBoundary(t, off, s);
					expect(b.state).not.toBe(previous);
					if (b.state === 'in' && b.at <= now + 7 * DAY) starts += 1;
					previous = b.state;
					t = b.at;
				}
				expect(starts).toBe(s.days.length);
			}),
			{ numRuns: 500 },
		);
	});
});
