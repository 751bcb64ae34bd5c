import fc from 'fast-check';
import { formatSchedule, parseDays, parseSchedule, parseStHours, type Schedule } from '../../src/parse/st-hours';
import { parseSt } from '../../src/parse/status';

const hours = (line: string) => parseSt(`hours ${line}`.trim().split(' '));
const MON_FRI = [1, 2, 3, 4, 5];

describe('/st hours parser', () => {
	it('show, off and default', () => {
		expect(parseSt(['hours'])).toEqual({ ok: true, request: { kind: 'hours.show' } });
		expect(hours('off')).toEqual({ ok: true, request: { kind: 'hours.off' } });
		expect(hours('OFF')).toEqual({ ok: true, request: { kind: 'hours.off' } });
		expect(hours('default')).toEqual({ ok: true, request: { kind: 'hours.default' } });
	});

	it('days, times and the status outside them (away unless offline is given)', () => {
		expect(hours('mon-fri 09:00-17:30')).toEqual({ ok: true, request: { kind: 'hours.set', schedule: { days: MON_FRI, start: 540, end: 1050, off: 'away' } } });
		expect(hours('mon-fri 09:00-17:30 offline')).toEqual({ ok: true, request: { kind: 'hours.set', schedule: { days: MON_FRI, start: 540, end: 1050, off: 'offline' } } });
		expect(hours('Mon-Fri 9-17h30 Away')).toEqual({ ok: true, request: { kind: 'hours.set', schedule: { days: MON_FRI, start: 540, end: 1050, off: 'away' } } });
		// spaces around the dash and after commas are fine; an en dash too
		expect(parseSchedule('mon, wed-fri 9:00 – 17:00')).toEqual({ ok: true, schedule: { days: [1, 3, 4, 5], start: 540, end: 1020, off: 'away' } });
	});

	it('a range crossing midnight is kept as typed (the shift belongs to the day it starts)', () => {
		expect(parseSchedule('sat,sun 22:00-06:00')).toEqual({ ok: true, schedule: { days: [0, 6], start: 1320, end: 360, off: 'away' } });
	});

	it.each([
		['mon-fri', [1, 2, 3, 4, 5]],
		['sat,sun', [0, 6]],
		['mon,wed-fri', [1, 3, 4, 5]],
		['fri-mon', [0, 1, 5, 6]],
		['sun-sat', [0, 1, 2, 3, 4, 5, 6]],
		['monday,Thursday', [1, 4]],
		['thurs', [4]],
		['daily', [0, 1, 2, 3, 4, 5, 6]],
		['weekdays', [1, 2, 3, 4, 5]],
		['weekends,wed', [0, 3, 6]],
		['mon,mon-tue', [1, 2]],
	])('days %s', (text, days) => {
		expect(parseDays(text)).toEqual(days);
	});

	it.each(['mo', 'mon-', 'mon-tue-wed', 'segunda', 'x', ',', 'mon,,tue'])('refuses the day list %s', (text) => {
		expect(parseDays(text)).toBeUndefined();
	});

	it('says what is wrong', () => {
		expect(hours('09:00-17:30')).toEqual({ ok: false, error: { code: 'hours', problem: 'days', value: '' } });
		expect(hours('seg-sex 09:00-17:30')).toEqual({ ok: false, error: { code: 'hours', problem: 'days', value: 'seg-sex' } });
		expect(hours('mon-fri 09:00-09:00')).toEqual({ ok: false, error: { code: 'hours', problem: 'times', value: '09:00-09:00' } });
		expect(hours('mon-fri 09:00-25:00')).toEqual({ ok: false, error: { code: 'hours', problem: 'times', value: '09:00-25:00' } });
		expect(hours('mon-fri 09:00')).toEqual({ ok: false, error: { code: 'hours', problem: 'times', value: '09:00' } });
		expect(hours('mon-fri 09:00-17:30 busy')).toEqual({ ok: false, error: { code: 'hours', problem: 'status', value: 'busy' } });
		expect(hours('mon-fri')).toEqual({ ok: false, error: { code: 'hours', problem: 'usage', value: '' } });
		expect(hours('on')).toEqual({ ok: false, error: { code: 'hours', problem: 'usage', value: '' } });
		expect(parseStHours(['default', 'please'])).toEqual({ ok: false, error: { code: 'hours', problem: 'usage', value: '' } });
	});

	it('writes a schedule back as the command takes it', () => {
		expect(formatSchedule({ days: MON_FRI, start: 540, end: 1050, off: 'away' })).toBe('mon-fri 09:00-17:30 away');
		expect(formatSchedule({ days: [0, 6], start: 1320, end: 360, off: 'offline' })).toBe('sat,sun 22:00-06:00 offline');
		expect(formatSchedule({ days: [1, 3, 4, 5], start: 0, end: 1439, off: 'away' })).toBe('mon,wed-fri 00:00-23:59 away');
		expect(formatSchedule({ days: [0, 1, 5, 6], start: 60, end: 120, off: 'away' })).toBe('mon,fri-sun 01:00-02:00 away');
	});

	it('reads back every schedule it writes (property)', () => {
		const schedule: fc.Arbitrary<Schedule> = fc
			.record({
				days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }).map((d) => [...d].sort((a, b) => a - b)),
				start: fc.integer({ min: 0, max: 1439 }),
				end: fc.integer({ min: 0, max: 1439 }),
				off: fc.constantFrom('away' as const, 'offline' as const),
			})
			.filter((s) => s.start !== s.end);
		fc.assert(fc.property(schedule, (s) => expect(parseSchedule(formatSchedule(s))).toEqual({ ok: true, schedule: s })));
	});
});
