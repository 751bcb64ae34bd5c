import { editDistance, maxTypoDistance, nearest, suggestStatus } from '../../src/parse/st-suggest';
import { stWords } from '../../src/parse/st-words';

const PRESETS = ['In a meeting', 'Lunch', 'Férias'];

describe('edit distance', () => {
	it.each([
		['busy', 'busy', 0],
		['bussy', 'busy', 1],
		['buys', 'busy', 1], // two neighbours swapped
		['onlne', 'online', 1],
		['ocpuado', 'ocupado', 1],
		['ausnete', 'ausente', 1],
		['ocpdo', 'ocupado', 2],
		['', 'away', 4],
		['lunch', 'Lunch', 1],
		['😀a', 'a', 1], // characters, not UTF-16 units
	])('%s → %s = %d', (a, b, d) => {
		expect(editDistance(a, b)).toBe(d);
		expect(editDistance(b, a)).toBe(d);
	});

	it('how far a typo may be grows with the word', () => {
		expect([1, 2, 3, 4, 5, 6, 12].map(maxTypoDistance)).toEqual([0, 0, 1, 1, 1, 2, 2]);
	});

	it('nearest ignores case and accents, and stays quiet when nothing is close', () => {
		expect(nearest('OCUPDO', ['ausente', 'ocupado'])).toEqual({ text: 'ocupado', distance: 1 });
		expect(nearest('disponivl', ['disponível'])).toEqual({ text: 'disponível', distance: 1 });
		expect(nearest('dancing', ['online', 'away', 'busy', 'offline'])).toBeUndefined();
		expect(nearest('bsy', ['busy'])).toEqual({ text: 'busy', distance: 1 }); // three letters: one edit
		expect(nearest('by', ['busy'])).toBeUndefined(); // two letters: too short to guess
		expect(nearest('busy', ['busy'])).toBeUndefined(); // not a typo
		expect(nearest('ferias', ['Férias'], true)).toEqual({ text: 'Férias', distance: 0 });
	});
});

describe('did you mean', () => {
	const en = stWords('en');
	const pt = stWords('pt-BR');
	const es = stWords('es');

	it.each([
		['bussy', en, { word: 'bussy', suggestion: 'busy' }],
		['bussy In a meeting', en, { word: 'bussy', suggestion: 'busy' }],
		['bsy on a call', en, { word: 'bsy', suggestion: 'busy' }], // the README's example: a three-letter typo, then text
		['awy', en, { word: 'awy', suggestion: 'away' }],
		['ofline', en, { word: 'ofline', suggestion: 'offline' }],
		['clera', en, { word: 'clera', suggestion: 'clear' }],
		['ocupdo Almoço', pt, { word: 'ocupdo', suggestion: 'ocupado' }],
		['disponivle', pt, { word: 'disponivle', suggestion: 'disponível' }],
		['bussy', pt, { word: 'bussy', suggestion: 'busy' }], // English works in every locale
		['ausnte', es, { word: 'ausnte', suggestion: 'ausente' }],
		['Lnch', en, { word: 'Lnch', suggestion: 'Lunch' }],
		['in a meting', en, { word: 'in a meting', suggestion: 'In a meeting' }],
		['ferias', pt, { word: 'ferias', suggestion: 'Férias' }],
	])('%s', (name, table, expected) => {
		expect(suggestStatus(name, table, PRESETS)).toEqual(expected);
	});

	it('nothing when nothing is close, nor for another language\'s word', () => {
		expect(suggestStatus('dancing', en, PRESETS)).toBeUndefined();
		expect(suggestStatus('Vacation', en, PRESETS)).toBeUndefined();
		expect(suggestStatus('ocupdo', en, PRESETS)).toBeUndefined(); // a Portuguese typo means nothing to an English table
		expect(suggestStatus('xyz', en, [])).toBeUndefined();
	});
});
