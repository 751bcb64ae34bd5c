import fc from 'fast-check';
import { decode, encode, type DayLog } from '../../../src/status/timeline/codec';
import { SOURCES, type Transition } from '../../../src/status/timeline/transition';
import { PRESENCES } from '../../../src/vendors/rocketchat';
import { at } from './helpers';

/** What persistence hands back: a msgpack-like copy (undefined → null). */
const stored = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x)));

const DAY0 = at('2026-12-07T00:00:00Z');

const transition = fc.record(
	{
		at: fc.integer({ min: 0, max: 86_399 }).map((s) => DAY0 + s * 1000),
		presence: fc.constantFrom(...PRESENCES),
		text: fc.string({ maxLength: 20 }),
		preset: fc.string({ maxLength: 10 }),
		callbell: fc.record({ available: fc.boolean(), customStatus: fc.option(fc.string({ maxLength: 8 }), { nil: null }) }, { requiredKeys: [] }).filter((cb) => Object.keys(cb).length > 0), // an empty side is no side
		omnichannel: fc.constantFrom('available' as const, 'not-available' as const),
		source: fc.constantFrom(...SOURCES),
		by: fc.string({ minLength: 1, maxLength: 12 }),
	},
	{ requiredKeys: ['at', 'presence', 'text', 'source'] },
);

describe('the day record', () => {
	it('reads back exactly what was written (to the second), whatever the states', () => {
		fc.assert(
			fc.property(fc.array(transition, { maxLength: 30 }), fc.option(transition, { nil: undefined }), (changes, carried) => {
				const log: DayLog = { day: '2026-12-07', prev: '2026-12-05', changes: [...changes].sort((a, b) => a.at - b.at), dropped: 0 };
				if (carried) {
					const { at: _at, ...carry } = carried;
					log.carry = carry;
				}
				expect(decode(stored(encode(log)))).toEqual(log);
			}),
		);
	});

	it('holds a busy day (40 changes) in under 1 KB', () => {
		const online: Omit<Transition, 'at' | 'source'> = { presence: 'online', text: '', callbell: { available: true, customStatus: null }, omnichannel: 'available' };
		const cycle: Array<Omit<Transition, 'at' | 'source'>> = [
			online,
			{ presence: 'away', text: 'Lunch', preset: 'Lunch', callbell: { available: false, customStatus: 'Lunch' }, omnichannel: 'not-available' },
			online,
			{ presence: 'away', text: 'Coffee break', preset: 'Break', callbell: { available: false, customStatus: 'Break' }, omnichannel: 'not-available' },
			online,
			{ presence: 'busy', text: 'Team meeting', preset: 'Meeting', callbell: { available: false, customStatus: 'Meeting' }, omnichannel: 'not-available' },
			online,
			{ presence: 'offline', text: '', callbell: { available: false, customStatus: null }, omnichannel: 'not-available' },
		];
		const changes: Transition[] = Array.from({ length: 40 }, (_, i) => ({
			...cycle[i % cycle.length],
			at: DAY0 + 7 * 3_600_000 + i * 17 * 60_000 + 13_000,
			source: SOURCES[i % SOURCES.length],
			...(i % 10 === 3 ? { by: 'maria.souza' } : {}),
		}));
		const log: DayLog = { day: '2026-12-07', prev: '2026-12-06', carry: { ...cycle[7], source: 'hours' }, changes, dropped: 0 };
		const bytes = Buffer.byteLength(JSON.stringify(encode(log)));
		// 40 tuples of ≤ 14 bytes (`[45613,1,5],`), 5 distinct states of ≤ 80 bytes, ≤ 100 bytes of envelope and
		// four manager names: ~1 KB; one record per agent per day, so 500 agents × 90 days stay under 45 MB
		expect(bytes).toBeLessThanOrEqual(1024);
		expect(decode(stored(encode(log)))).toEqual(log);
	});

	it('keeps “no custom status” apart from “unknown”, though persistence turns undefined into null', () => {
		const base = { at: DAY0, presence: 'away' as const, text: '', source: 'callbell' as const };
		const log: DayLog = { day: '2026-12-07', changes: [{ ...base, callbell: { customStatus: null } }, { ...base, callbell: { available: false } }], dropped: 0 };
		expect(decode(stored(encode(log)))?.changes.map((c) => c.callbell)).toEqual([{ customStatus: null }, { available: false }]);
	});
});
