import type { Interval } from '../../../src/status/timeline/intervals';
import { dueOverrun, holdStarted, overruns, parsePresetLimits } from '../../../src/status/timeline/limits';
import type { State } from '../../../src/status/timeline/transition';
import { at, HOUR } from './helpers';

const MIN = 60_000;
const T0 = at('2026-12-07T12:00:00Z');
const s = (presence: State['presence'], preset?: string, more: Partial<State> = {}): State => ({ presence, text: '', source: 'self', ...(preset ? { preset } : {}), ...more });
const iv = (fromMin: number, toMin: number, state: State): Interval => ({ from: T0 + fromMin * MIN, to: T0 + toMin * MIN, state });

describe('status_preset_limits', () => {
	it('reads names without case and durations in hours, minutes or both', () => {
		const { limits, bad } = parsePresetLimits('Lunch=60m, Break = 15min\nLong meeting=1h30m,  Doctor=2h, Nap=20');
		expect([...limits]).toEqual([
			['lunch', 60 * MIN],
			['break', 15 * MIN],
			['long meeting', 90 * MIN],
			['doctor', 2 * HOUR],
			['nap', 20 * MIN],
		]);
		expect(bad).toEqual([]);
	});

	it('leaves out and names what means nothing', () => {
		const { limits, bad } = parsePresetLimits('Lunch=60m, =5m, Break, Coffee=soon, Zero=0m, Day=25h, Ok=1m');
		expect([...limits.keys()]).toEqual(['lunch', 'ok']);
		expect(bad).toEqual(['=5m', 'Break', 'Coffee=soon', 'Zero=0m', 'Day=25h']);
		expect(parsePresetLimits('').limits.size).toBe(0);
	});
});

describe('overruns', () => {
	const { limits } = parsePresetLimits('Lunch=60m, Break=15m');

	it('counts a hold across changes that keep the preset, and ends it at any other preset or a gap', () => {
		const list = [
			iv(0, 40, s('away', 'Lunch', { callbell: { available: false } })),
			iv(40, 70, s('away', 'lunch', { omnichannel: 'not-available' })), // same preset, other details: one hold of 70 min
			iv(70, 80, s('online')),
			iv(80, 90, s('away', 'Break')),
			iv(95, 120, s('away', 'Break')), // after an unknown gap: a new hold, 25 min
			iv(120, 200, s('busy', 'Meeting')), // no limit
		];
		expect(overruns(list, limits)).toEqual([
			{ preset: 'Lunch', from: T0, to: T0 + 70 * MIN, limitMs: 60 * MIN, overMs: 10 * MIN },
			{ preset: 'Break', from: T0 + 95 * MIN, to: T0 + 120 * MIN, limitMs: 15 * MIN, overMs: 10 * MIN },
		]);
	});

	it('does not count a hold of exactly its limit', () => {
		expect(overruns([iv(0, 60, s('away', 'Lunch'))], limits)).toEqual([]);
	});
});

describe('dueOverrun', () => {
	const { limits } = parsePresetLimits('Lunch=60m');

	it('says when the current hold passes its limit, and whether that is already past', () => {
		expect(dueOverrun(s('away', 'LUNCH'), T0, limits, T0 + 10 * MIN)).toEqual({ preset: 'LUNCH', limitMs: 60 * MIN, at: T0 + 60 * MIN, passed: false });
		expect(dueOverrun(s('away', 'Lunch'), T0, limits, T0 + 60 * MIN)?.passed).toBe(true);
	});

	it('is nothing without a preset or without a limit for it', () => {
		expect(dueOverrun(s('away'), T0, limits, T0)).toBeUndefined();
		expect(dueOverrun(s('away', 'Break'), T0, limits, T0)).toBeUndefined();
	});
});

describe('holdStarted', () => {
	it('is a preset taken after another or none, not the same preset again with other details', () => {
		expect(holdStarted(undefined, s('away', 'Lunch'))).toBe(true);
		expect(holdStarted(s('online'), s('away', 'Lunch'))).toBe(true);
		expect(holdStarted(s('away', 'Break'), s('away', 'Lunch'))).toBe(true);
		expect(holdStarted(s('away', 'Lunch'), s('away', 'LUNCH', { omnichannel: 'not-available' }))).toBe(false);
		expect(holdStarted(s('away', 'Lunch'), s('online'))).toBe(false);
	});
});
