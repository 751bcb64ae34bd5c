import fc from 'fast-check';
import { applied, callbellTarget, changeFor, changeFromAny, isEmptyChange, parseStatusMap } from '../../src/status/model/callbell-map';

const LIST = [
	{ id: 'cs-lunch', name: 'Lunch' },
	{ id: 'cs-meet', name: 'In a meeting' },
];
const none = new Map();

describe('Rocket.Chat status → Callbell target', () => {
	it('online is available, everything else is not; names pick a Callbell custom status case-insensitively', () => {
		expect(callbellTarget('online', '', LIST, none)).toEqual({ available: true, customStatusUuid: null });
		expect(callbellTarget('busy', 'in a MEETING', LIST, none)).toEqual({ available: false, customStatusUuid: 'cs-meet' });
		expect(callbellTarget('offline', 'Gone', LIST, none)).toEqual({ available: false, customStatusUuid: null });
	});

	it('leaves the custom status alone when the Callbell list could not be read', () => {
		expect(callbellTarget('away', 'Lunch', undefined, none)).toEqual({ available: false });
	});

	it('callbell_status_map overrides per name, then per presence', () => {
		const rules = parseStatusMap('busy = available:true\nLunch = available:false, custom:none\nFocus = custom:cs-meet # comment\nbad line');
		expect(callbellTarget('busy', '', LIST, rules)).toEqual({ available: true, customStatusUuid: null });
		expect(callbellTarget('busy', 'In a meeting', LIST, rules)).toEqual({ available: true, customStatusUuid: 'cs-meet' });
		expect(callbellTarget('online', 'lunch', LIST, rules)).toEqual({ available: false, customStatusUuid: null });
		expect(callbellTarget('away', 'Focus', undefined, rules)).toEqual({ available: false, customStatusUuid: 'cs-meet' });
	});
});

describe('what to send, given what Callbell last applied', () => {
	it('sends only what differs; an unknown ledger sends availability but never unassigns blindly', () => {
		expect(changeFor({ available: false, customStatusUuid: null }, undefined)).toEqual({ available: false });
		expect(changeFor({ available: false, customStatusUuid: 'cs-lunch' }, undefined)).toEqual({ available: false, customStatusUuid: 'cs-lunch' });
		expect(changeFor({ available: false, customStatusUuid: null }, { available: false, customStatusUuid: 'cs-lunch' })).toEqual({ customStatusUuid: null });
		const same = changeFor({ available: true, customStatusUuid: null }, { available: true, customStatusUuid: null });
		expect(isEmptyChange(same)).toBe(true);
		expect(isEmptyChange(changeFor({ available: true }, { available: true, customStatusUuid: 'cs-lunch' }))).toBe(true);
	});

	it('from several states Callbell may hold: one change reaches the target from each, and sends no field every state has', () => {
		const custom = fc.constantFrom(undefined, null, 'cs-lunch', 'cs-focus');
		const state = fc.option(fc.record({ available: fc.option(fc.boolean(), { nil: undefined }), customStatusUuid: custom }), { nil: undefined });
		const target = fc.record({ available: fc.boolean(), customStatusUuid: custom });
		fc.assert(
			fc.property(target, fc.array(state, { maxLength: 5 }), (t, states) => {
				const change = changeFromAny(t, states);
				for (const s of states) expect(isEmptyChange(changeFor(t, applied(s, change)))).toBe(true);
				for (const field of ['available', 'customStatusUuid'] as const) {
					if (change[field] !== undefined) expect(states.some((s) => changeFor(t, s)[field] !== undefined)).toBe(true);
				}
			}),
		);
	});

	it('moves the ledger by exactly the change', () => {
		expect(applied({ available: true, customStatusUuid: 'cs-lunch' }, { available: false })).toEqual({ available: false, customStatusUuid: 'cs-lunch' });
		expect(applied(undefined, { customStatusUuid: null })).toEqual({ available: undefined, customStatusUuid: null });
	});
});
