import { diffPresets, isFixable, isInSync, PRESET_EMOJI } from '../../src/status/presets/diff';
import type { CallbellCustomStatus } from '../../src/vendors/callbell';
import type { CustomUserStatus, Presence } from '../../src/vendors/rocketchat';

const rc = (name: string, statusType: Presence = 'away'): CustomUserStatus => ({ _id: `rc-${name}`, name, statusType });
const cb = (name: string, emoji: string | undefined = '🍔', id = `cb-${name}`): CallbellCustomStatus => ({ id, name, ...(emoji ? { emoji } : {}) });

describe('diffPresets (Rocket.Chat presets against Callbell custom statuses)', () => {
	it('same names with an emoji: in sync, nothing to fix', () => {
		const d = diffPresets([rc('Lunch'), rc('In a meeting', 'busy')], [cb('In a meeting'), cb('Lunch')]);
		expect(d).toEqual({ onlyInRocketChat: [], onlyInCallbell: [], duplicatesInCallbell: [], different: [] });
		expect(isInSync(d)).toBe(true);
		expect(isFixable(d)).toBe(false);
	});

	it('sorts presets missing in Callbell and Callbell-only statuses apart', () => {
		const d = diffPresets([rc('Lunch'), rc('Focus', 'busy')], [cb('Lunch'), cb('Vacation')]);
		expect(d.onlyInRocketChat.map((p) => p.name)).toEqual(['Focus']);
		expect(d.onlyInCallbell.map((s) => s.name)).toEqual(['Vacation']);
		expect(d.different).toEqual([]);
		expect(isInSync(d)).toBe(false);
		expect(isFixable(d)).toBe(true);
	});

	it('Callbell-only statuses alone are listed but not fixable (the fix never removes)', () => {
		const d = diffPresets([rc('Lunch')], [cb('Lunch'), cb('Vacation')]);
		expect(isInSync(d)).toBe(false);
		expect(isFixable(d)).toBe(false);
	});

	it('pairs names case-insensitively and reports the case and a missing emoji', () => {
		const d = diffPresets([rc('Lunch'), rc('Break', 'busy'), rc('Focus')], [cb('lunch'), cb('Break', ''), cb(' focus ', '')]);
		expect(d.onlyInRocketChat).toEqual([]);
		expect(d.onlyInCallbell).toEqual([]);
		expect(d.different.map((x) => [x.preset.name, x.callbell.name, x.name, x.emoji])).toEqual([
			['Lunch', 'lunch', true, false],
			['Break', 'Break', false, true],
			['Focus', ' focus ', true, true],
		]);
	});

	it('keeps accents: “Férias” and “Ferias” are different statuses', () => {
		const d = diffPresets([rc('Férias')], [cb('Ferias')]);
		expect(d.onlyInRocketChat.map((p) => p.name)).toEqual(['Férias']);
		expect(d.onlyInCallbell.map((s) => s.name)).toEqual(['Ferias']);
	});

	it('a second Callbell status of one name is a duplicate, not a twin', () => {
		const d = diffPresets([rc('Lunch')], [cb('Lunch', '🍔', 'a'), cb('LUNCH', '🥪', 'b'), cb('Vacation')]);
		expect(d.different).toEqual([]);
		expect(d.duplicatesInCallbell.map((s) => s.id)).toEqual(['b']);
		expect(d.onlyInCallbell.map((s) => s.name)).toEqual(['Vacation']);
		expect(isFixable(d)).toBe(false);
	});

	it('empty on both sides is in sync; empty Callbell needs every preset', () => {
		expect(isInSync(diffPresets([], []))).toBe(true);
		expect(diffPresets([rc('A'), rc('B')], []).onlyInRocketChat.map((p) => p.name)).toEqual(['A', 'B']);
	});

	it('gives every presence its own default emoji', () => {
		expect(new Set(Object.values(PRESET_EMOJI)).size).toBe(4);
	});
});
