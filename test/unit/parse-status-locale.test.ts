import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Locale } from '../../src/i18n';
import { parseExpiryPhrase, parseSt, type StParse } from '../../src/parse/status';
import { normalizeWord, ST_WORD_KEYS, stWords } from '../../src/parse/st-words';
import { PRESENCES } from '../../src/vendors/rocketchat';

/**
 * The `/st` words of every catalogue, read from the json files themselves: a word a translator
 * adds is covered without touching this test.
 */

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0); // 12:00 UTC
const MIN = 60_000;
const HOUR = 60 * MIN;
const LOCALES: Locale[] = ['en', 'pt-BR', 'es'];

const catalogue = (locale: Locale): Record<string, string> => JSON.parse(readFileSync(join(__dirname, '..', '..', 'i18n', `${locale}.json`), 'utf8')) as Record<string, string>;
const wordsOf = (locale: Locale, key: string): string[] =>
	catalogue(locale)
		[key].split(',')
		.map((w) => w.trim())
		.filter(Boolean);
const st = (line: string, locale: Locale, utcOffset = 0): StParse => parseSt(line.split(' '), { now: NOW, utcOffset, words: stWords(locale) });
/** `até` → `ate`: accents are optional. */
const bare = (w: string) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

describe.each(LOCALES)('every %s keyword parses', (locale) => {
	it.each(PRESENCES.map((p) => [p]))('%s', (presence) => {
		for (const word of wordsOf(locale, ST_WORD_KEYS.presence[presence])) {
			// the agent's own word, as the catalogue spells it, is said back (the presence's own name needs no saying)
			const said = word === presence ? {} : { word };
			for (const typed of [word, word.toUpperCase(), bare(word)]) {
				expect({ typed, parsed: st(`${typed} Almoço`, locale) }).toEqual({ typed, parsed: { ok: true, request: { kind: 'set', presence, text: 'Almoço', ...said } } });
			}
		}
	});

	it('for / durante / por, with every unit glued or apart', () => {
		const units = { minute: MIN, hour: HOUR, day: 24 * HOUR } as const;
		for (const kw of wordsOf(locale, ST_WORD_KEYS.for)) {
			for (const [unit, ms] of Object.entries(units) as Array<[keyof typeof units, number]>) {
				for (const u of wordsOf(locale, ST_WORD_KEYS.unit[unit])) {
					for (const amount of [`2${u}`, `2 ${u}`, bare(`2 ${u}`)]) {
						const line = `busy Na rua ${kw} ${amount}`;
						expect({ line, parsed: st(line, locale) }).toEqual({ line, parsed: { ok: true, request: { kind: 'set', presence: 'busy', text: 'Na rua', until: NOW + 2 * ms } } });
					}
				}
			}
		}
	});

	it('and between the parts of a duration', () => {
		const [kw] = wordsOf(locale, ST_WORD_KEYS.for);
		const hour = wordsOf(locale, ST_WORD_KEYS.unit.hour).slice(-1)[0];
		const minute = wordsOf(locale, ST_WORD_KEYS.unit.minute).slice(-1)[0];
		for (const and of wordsOf(locale, ST_WORD_KEYS.and)) {
			expect(st(`away ${kw} 1 ${hour} ${and} 30 ${minute}`, locale)).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: '', until: NOW + 90 * MIN } });
		}
	});

	it('until / até / hasta (las) a time of day on the agent\'s clock', () => {
		for (const kw of wordsOf(locale, ST_WORD_KEYS.until)) {
			for (const typed of [kw, bare(kw)]) {
				const line = `away Médico ${typed} 17:30`;
				// 12:00 UTC is 09:00 at UTC-3: 17:30 there is 20:30 UTC
				expect({ line, parsed: st(line, locale, -3) }).toEqual({ line, parsed: { ok: true, request: { kind: 'set', presence: 'away', text: 'Médico', until: Date.UTC(2026, 10, 24, 20, 30) } } });
			}
		}
	});

	it('help, list and clear', () => {
		for (const kind of ['help', 'list', 'clear'] as const) {
			for (const word of wordsOf(locale, ST_WORD_KEYS.command[kind])) expect({ word, parsed: st(word, locale) }).toEqual({ word, parsed: { ok: true, request: { kind } } });
		}
	});

	it('preset add <name> <type> takes the type in the agent\'s words', () => {
		for (const presence of PRESENCES) {
			for (const word of wordsOf(locale, ST_WORD_KEYS.presence[presence])) {
				expect(st(`preset add Hora do café ${word}`, locale)).toEqual({ ok: true, request: { kind: 'preset.add', name: 'Hora do café', statusType: presence } });
			}
		}
	});

	it('the table holds English and this locale, and no word means two things', () => {
		const table = stWords(locale);
		const meanings = new Map<string, string[]>();
		const add = (meaning: string, texts: ReadonlyArray<{ words: ReadonlyArray<string> }>) => {
			for (const w of texts) meanings.set(w.words.join(' '), [...(meanings.get(w.words.join(' ')) ?? []), meaning]);
		};
		for (const p of PRESENCES) add(`presence ${p}`, table.presence[p]);
		for (const u of ['day', 'hour', 'minute'] as const) add(`unit ${u}`, table.unit[u]);
		for (const c of ['help', 'list', 'clear'] as const) add(`command ${c}`, table.command[c]);
		add('for', table.for);
		add('until', table.until);
		add('and', table.and);
		expect([...meanings].filter(([, m]) => m.length > 1)).toEqual([]);
		for (const w of [...wordsOf('en', ST_WORD_KEYS.for), ...wordsOf(locale, ST_WORD_KEYS.for)]) expect(table.for.map((k) => k.words.join(' '))).toContain(normalizeWord(w));
	});
});

describe('the words of the issue', () => {
	it.each<[string, Locale, object]>([
		['ocupado Almoço por 30m', 'pt-BR', { kind: 'set', presence: 'busy', text: 'Almoço', until: NOW + 30 * MIN, word: 'ocupado' }],
		['ausente até 17:30', 'pt-BR', { kind: 'set', presence: 'away', text: '', until: Date.UTC(2026, 10, 24, 17, 30), word: 'ausente' }],
		['ausente ate as 17h', 'pt-BR', { kind: 'set', presence: 'away', text: '', until: Date.UTC(2026, 10, 24, 17, 0), word: 'ausente' }],
		['ocupada hasta 18:00', 'es', { kind: 'set', presence: 'busy', text: '', until: Date.UTC(2026, 10, 24, 18, 0), word: 'ocupada' }],
		['ocupada Reunión hasta las 18:00', 'es', { kind: 'set', presence: 'busy', text: 'Reunión', until: Date.UTC(2026, 10, 24, 18, 0), word: 'ocupada' }],
		['ausente por 2h', 'es', { kind: 'set', presence: 'away', text: '', until: NOW + 2 * HOUR, word: 'ausente' }],
		['ocupado Treinamento durante 45 min', 'pt-BR', { kind: 'set', presence: 'busy', text: 'Treinamento', until: NOW + 45 * MIN, word: 'ocupado' }],
		['ocupado Almoço por 1h30', 'pt-BR', { kind: 'set', presence: 'busy', text: 'Almoço', until: NOW + 90 * MIN, word: 'ocupado' }],
		['disponível', 'pt-BR', { kind: 'set', presence: 'online', text: '', word: 'disponível' }],
		['disponivel', 'pt-BR', { kind: 'set', presence: 'online', text: '', word: 'disponível' }],
		['invisível', 'pt-BR', { kind: 'set', presence: 'offline', text: '', word: 'invisível' }],
		['offline', 'es', { kind: 'set', presence: 'offline', text: '' }],
		['en línea De vuelta', 'es', { kind: 'set', presence: 'online', text: 'De vuelta', word: 'en línea' }],
		['busy In a meeting for 45m', 'pt-BR', { kind: 'set', presence: 'busy', text: 'In a meeting', until: NOW + 45 * MIN }],
		['Almoço por 30 minutos', 'pt-BR', { kind: 'preset', name: 'Almoço', until: NOW + 30 * MIN }],
	])('%s (%s)', (line, locale, request) => {
		expect(st(line, locale)).toEqual({ ok: true, request });
	});

	it('por / for not followed by a duration stays text', () => {
		expect(st('away esperando por Bob', 'pt-BR')).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: 'esperando por Bob' } });
		expect(st('ausente esperando por 2 clientes', 'pt-BR')).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: 'esperando por 2 clientes', word: 'ausente' } });
		expect(st('busy waiting for 2 people', 'en')).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: 'waiting for 2 people' } });
		expect(st('ocupado por favor não perturbe', 'pt-BR')).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: 'por favor não perturbe', word: 'ocupado' } });
		// the last clause is the timer; an earlier "por" is text
		expect(st('ausente esperando por Bob por 30m', 'pt-BR')).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: 'esperando por Bob', until: NOW + 30 * MIN, word: 'ausente' } });
	});

	it('a duration gone wrong says so, in whatever words it was written', () => {
		expect(st('ocupado por 5x', 'pt-BR')).toEqual({ ok: false, error: { code: 'bad_duration', value: '5x' } });
		expect(st('ocupado por 30 minutos 1 hora', 'pt-BR')).toEqual({ ok: false, error: { code: 'bad_duration', value: '30 minutos 1 hora' } });
		expect(st('ocupado por 0 min', 'pt-BR')).toEqual({ ok: false, error: { code: 'duration_range' } });
		expect(st('ocupado por 8 dias', 'pt-BR')).toEqual({ ok: false, error: { code: 'duration_range' } });
		expect(st('ocupada hasta 25:00', 'es')).toEqual({ ok: false, error: { code: 'bad_duration', value: 'hasta 25:00' } });
		expect(st('por 30m', 'pt-BR')).toEqual({ ok: false, error: { code: 'bad_duration', value: 'por 30m' } });
	});

	it('another language\'s words are text (or a preset name) for an English agent', () => {
		expect(st('busy Almoço por 30m', 'en')).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: 'Almoço por 30m' } });
		expect(st('ocupado', 'en')).toEqual({ ok: true, request: { kind: 'preset', name: 'ocupado' } });
		expect(st('ocupado', 'es')).toMatchObject({ ok: true, request: { kind: 'set', presence: 'busy' } });
	});

	it('the form and the bot endpoint read durations in the agent\'s words too', () => {
		const pt = { now: NOW, words: stWords('pt-BR') };
		expect(parseExpiryPhrase('45 min', { now: NOW })).toEqual({ ok: true, until: NOW + 45 * MIN });
		expect(parseExpiryPhrase('2 horas', pt)).toEqual({ ok: true, until: NOW + 2 * HOUR });
		expect(parseExpiryPhrase('por 2 horas', pt)).toEqual({ ok: true, until: NOW + 2 * HOUR });
		expect(parseExpiryPhrase('até 13:00', pt)).toEqual({ ok: true, until: NOW + HOUR });
		expect(parseExpiryPhrase('2 horas', { now: NOW })).toMatchObject({ ok: false, error: { code: 'bad_duration', value: '2 horas' } });
		expect(parseExpiryPhrase('durante 8 dias', pt)).toEqual({ ok: false, error: { code: 'duration_range' } });
	});
});

describe('an English command means the same under every locale\'s table', () => {
	const en = stWords('en');
	const foreign = new Set(
		(['pt-BR', 'es'] as const).flatMap((l) => {
			const table = stWords(l);
			const all = [...Object.values(table.presence), table.for, table.until, table.and, ...Object.values(table.unit), ...Object.values(table.command)].flat();
			return all.flatMap((w) => w.words);
		}),
	);
	const englishOnly = [...Object.values(en.presence), en.for, en.until, en.and, ...Object.values(en.unit), ...Object.values(en.command)].flat().map((w) => w.text);
	/** A word of English text: a keyword, a number, a time, or a word no other language uses as a keyword. */
	const word = fc.oneof(
		fc.constantFrom(...englishOnly, 'waiting', 'Bob', 'meeting', 'lunch', 'In', 'a', '2', '30', '17:30', '1h30m', '45min', '5x', '1.5h'),
		fc.stringMatching(/^[A-Za-z0-9:.,]{1,8}$/).filter((w) => !foreign.has(normalizeWord(w))),
	);
	const duration = fc.constantFrom('30m', '2h', '1h30m', '45 min', '1 hour and 30 minutes', '2 days', '90', '0m', '5x');
	const command = fc
		.tuple(
			fc.oneof(fc.constantFrom(...PRESENCES, 'help', 'list', 'clear', 'invisible', 'ONLINE'), word),
			fc.array(word, { maxLength: 6 }),
			fc.option(fc.oneof(duration.map((d) => `for ${d}`), fc.constantFrom('until 17:30', 'till 9:05', 'until 25:00', 'until 17h'))),
		)
		.map(([head, text, clause]) => [head, ...text, ...(clause ? [clause] : [])].join(' '));

	it('en, pt-BR and es tables give the same result', () => {
		fc.assert(
			fc.property(command, fc.integer({ min: -12, max: 14 }), (line, utcOffset) => {
				// what it means; the word said back in the reply (`invisible`, a Spanish word too) is the agent's, not the meaning
				const parse = (locale: Locale) => {
					const parsed = parseSt(line.split(' '), { now: NOW, utcOffset, words: stWords(locale) });
					if (parsed.ok && parsed.request.kind === 'set') delete parsed.request.word;
					return parsed;
				};
				const english = parse('en');
				expect(parse('pt-BR')).toEqual(english);
				expect(parse('es')).toEqual(english);
			}),
			{ numRuns: 2000, seed: 42 },
		);
	});
});
