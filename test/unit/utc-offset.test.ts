import fc from 'fast-check';
import { parseExpiry, parseExpiryPhrase } from '../../src/parse/status';
import type { Schedule } from '../../src/parse/st-hours';
import { MAX_UTC_OFFSET_HOURS, utcOffsetOf, zoneName } from '../../src/parse/utc-offset';
import { lastBoundary, MAX_BOUNDARY_GAP_MS, nextBoundary } from '../../src/status/hours/hours';
import { weekdayClock } from '../../src/status/replies/hours';
import { clockOf, zoneOf } from '../../src/status/replies/applied';
import { translator } from '../../src/i18n';

/**
 * Issue 17, finding 7: a user's own `utcOffset` is input (Rocket.Chat only checks it is a number). Any
 * offset — 1e17, −1e17, NaN, ±Infinity, 14.5, fractional ones like 5.75 — gives a sane `until`, sane
 * working-hours boundaries and replies that never throw; one that is no real offset reads as UTC.
 */

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

/** Every kind of number a profile could hold, real offsets and hostile ones alike. */
const anyOffset = fc.oneof(
	fc.double(),
	fc.double({ min: -MAX_UTC_OFFSET_HOURS, max: MAX_UTC_OFFSET_HOURS, noNaN: true }),
	fc.constantFrom(1e17, -1e17, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 14, -14, 14.5, -14.0001, 5.75, 5.5, -3, -9.5, 0, -0, 1e-300, Number.MAX_VALUE),
);
/** What the runtime may hand over instead of a number. */
const anyValue = fc.oneof(anyOffset, fc.constantFrom(undefined, null, '5', '1e17', {}, [], true));
/** From 1970 to 2200: any moment the app could run at. */
const anyNow = fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) });
const anyClock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
const anySchedule: fc.Arbitrary<Schedule> = fc.record({
	days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
	start: fc.integer({ min: 0, max: 24 * 60 - 1 }),
	end: fc.integer({ min: 0, max: 24 * 60 - 1 }),
	off: fc.constantFrom('away' as const, 'offline' as const),
});

const isReal = (o: unknown): o is number => typeof o === 'number' && Number.isFinite(o) && Math.abs(o) <= MAX_UTC_OFFSET_HOURS;

describe('utcOffsetOf: the one reading of a profile offset', () => {
	it('keeps real offsets (whole minutes), reads everything else as UTC and says so', () => {
		expect(utcOffsetOf(5.75)).toEqual({ minutes: 345, ms: 345 * MIN, ignored: false });
		expect(utcOffsetOf(-3)).toEqual({ minutes: -180, ms: -180 * MIN, ignored: false });
		expect(utcOffsetOf(14)).toEqual({ minutes: 840, ms: 840 * MIN, ignored: false });
		expect(utcOffsetOf(undefined)).toEqual({ minutes: 0, ms: 0, ignored: false });
		for (const hostile of [1e17, -1e17, Number.NaN, Number.POSITIVE_INFINITY, 14.5, -14.0001, '5'])
			expect(utcOffsetOf(hostile)).toEqual({ minutes: 0, ms: 0, ignored: true });
		expect([5.75, 5.5, -3, 0, -9.5].map((o) => zoneName(utcOffsetOf(o)))).toEqual(['UTC+5:45', 'UTC+5:30', 'UTC−3', 'UTC', 'UTC−9:30']);
	});

	it('ignored exactly when a value is given that is no real offset (searched)', () => {
		fc.assert(
			fc.property(anyValue, (raw) => {
				const o = utcOffsetOf(raw);
				expect(o.ignored).toBe(raw !== undefined && raw !== null && !isReal(raw));
				expect(Number.isInteger(o.minutes) && Math.abs(o.minutes) <= MAX_UTC_OFFSET_HOURS * 60).toBe(true);
				expect(Object.is(o.minutes, -0)).toBe(false);
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('until HH:MM under any offset', () => {
	it('is the next such time within a day, on the agent\'s clock when the offset is real, else on UTC (searched)', () => {
		fc.assert(
			fc.property(anyValue, anyNow, anyClock, (raw, now, [hh, mm]) => {
				const clock = `${hh}:${String(mm).padStart(2, '0')}`;
				const expiry = parseExpiry('until', clock, { now, utcOffset: raw as number });
				if (!expiry.ok) throw new Error(`refused ${clock} at ${now} with offset ${String(raw)}`);
				expect(expiry.until).toBeGreaterThan(now);
				expect(expiry.until).toBeLessThanOrEqual(now + DAY);
				const local = new Date(expiry.until + utcOffsetOf(raw).ms);
				expect([local.getUTCHours(), local.getUTCMinutes()]).toEqual([hh, mm]);
				// the same through the form's and the bot endpoint's phrase
				expect(parseExpiryPhrase(`until ${clock}`, { now, utcOffset: raw as number })).toEqual(expiry);
			}),
			{ numRuns: 3000 },
		);
	});

	it('the offsets of the report: 1e17 and friends are UTC', () => {
		for (const hostile of [1e17, -1e17, Number.NaN, 14.5])
			expect(parseExpiry('until', '17:30', { now: NOW, utcOffset: hostile })).toEqual({ ok: true, until: Date.UTC(2026, 10, 24, 17, 30) });
		expect(parseExpiry('until', '17:30', { now: NOW, utcOffset: 5.75 })).toEqual({ ok: true, until: Date.UTC(2026, 10, 25, 11, 45) });
	});
});

describe('working-hours boundaries under any offset', () => {
	it('the next one is within a week and a shift, the last one within the week before; both finite (searched)', () => {
		fc.assert(
			fc.property(anyValue, anyNow, anySchedule, (raw, now, schedule) => {
				const next = nextBoundary(now, raw as number, schedule);
				const last = lastBoundary(now, raw as number, schedule);
				expect(Number.isFinite(next.at) && Number.isFinite(last.at)).toBe(true);
				expect(next.at).toBeGreaterThan(now);
				expect(next.at - now).toBeLessThanOrEqual(MAX_BOUNDARY_GAP_MS + DAY);
				expect(last.at).toBeLessThanOrEqual(now);
				expect(now - last.at).toBeLessThanOrEqual(MAX_BOUNDARY_GAP_MS + DAY);
				// a hostile offset places boundaries exactly where UTC does
				if (utcOffsetOf(raw).ignored) expect(next).toEqual(nextBoundary(now, 0, schedule));
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('replies under any offset', () => {
	const tr = translator('en');
	it('never throw, and name a zone no wider than ±14 h (searched)', () => {
		fc.assert(
			fc.property(anyValue, fc.oneof(anyNow, fc.double()), (raw, at) => {
				const zone = zoneOf(raw);
				expect(zone).toMatch(/^UTC([+−]\d{1,2}(:\d\d)?)?$/);
				expect(typeof clockOf(at, raw)).toBe('string');
				expect(typeof weekdayClock(tr, at, raw)).toBe('string');
			}),
			{ numRuns: 3000 },
		);
	});
});
