import { type Locale, type MessageKey, t } from '../i18n';
import { PRESENCES, type Presence } from '../vendors/rocketchat';

/**
 * The words of the `/st` grammar, per locale. They live in the translation catalogues (`st_kw_*`,
 * each a comma-separated list: gender and accent variants, several words per meaning), not in code:
 * a translator adds a word, the parser knows it. English is always part of every table, so an
 * English command means the same for everyone; the agent's own language comes on top.
 *
 * Matching ignores case and accents (`disponivel` is `disponível`). A keyword may be a phrase
 * (`en línea`, `hasta las`).
 */

/** One keyword as the catalogue writes it, and its words normalised for matching. */
export interface StWord {
	text: string;
	words: ReadonlyArray<string>;
	/** a word of the agent's own language (not one English adds to every table) */
	own?: boolean;
}

export type StUnit = 'day' | 'hour' | 'minute';
export const ST_COMMAND_WORDS = ['help', 'list', 'clear'] as const;
export type StCommandWord = (typeof ST_COMMAND_WORDS)[number];

export interface StWords {
	presence: Readonly<Record<Presence, ReadonlyArray<StWord>>>;
	for: ReadonlyArray<StWord>;
	until: ReadonlyArray<StWord>;
	/** between two parts of a duration: `1 hour and 30 minutes` */
	and: ReadonlyArray<StWord>;
	unit: Readonly<Record<StUnit, ReadonlyArray<StWord>>>;
	command: Readonly<Record<StCommandWord, ReadonlyArray<StWord>>>;
}

/** Every catalogue key that holds `/st` words, by what the words mean. */
export const ST_WORD_KEYS = {
	presence: { online: 'st_kw_online', away: 'st_kw_away', busy: 'st_kw_busy', offline: 'st_kw_offline' },
	for: 'st_kw_for',
	until: 'st_kw_until',
	and: 'st_kw_and',
	unit: { day: 'st_kw_days', hour: 'st_kw_hours', minute: 'st_kw_minutes' },
	command: { help: 'st_kw_help', list: 'st_kw_list', clear: 'st_kw_clear' },
} as const satisfies {
	presence: Record<Presence, MessageKey>;
	for: MessageKey;
	until: MessageKey;
	and: MessageKey;
	unit: Record<StUnit, MessageKey>;
	command: Record<StCommandWord, MessageKey>;
};

/** Lower case, accents dropped: the form words are compared in. */
export const normalizeWord = (s: string): string =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

/** A catalogue value (`ocupado, ocupada`) as keywords. */
export function splitKeywords(value: string): StWord[] {
	return value
		.split(',')
		.map((s) => s.trim().replace(/\s+/g, ' '))
		.filter(Boolean)
		.map((text) => ({ text, words: text.split(' ').map(normalizeWord) }));
}

/**
 * The table for some catalogues (a lookup per catalogue, the first one's words first), with
 * duplicates dropped. Longer phrases come first so `hasta las` wins over `hasta`.
 */
export function buildStWords(catalogues: ReadonlyArray<(key: MessageKey) => string | undefined>): StWords {
	const words = (key: MessageKey): StWord[] => {
		const seen = new Set<string>();
		const all: StWord[] = [];
		catalogues.forEach((lookup, i) => {
			for (const w of splitKeywords(lookup(key) ?? '')) {
				const id = w.words.join(' ');
				if (seen.has(id)) continue;
				seen.add(id);
				all.push(i === 0 ? { ...w, own: true } : w);
			}
		});
		return all.sort((a, b) => b.words.length - a.words.length);
	};
	const per = <K extends string>(keys: Record<K, MessageKey>): Record<K, StWord[]> => {
		const out = {} as Record<K, StWord[]>;
		for (const k of Object.keys(keys) as K[]) out[k] = words(keys[k]);
		return out;
	};
	return {
		presence: per(ST_WORD_KEYS.presence),
		for: words(ST_WORD_KEYS.for),
		until: words(ST_WORD_KEYS.until),
		and: words(ST_WORD_KEYS.and),
		unit: per(ST_WORD_KEYS.unit),
		command: per(ST_WORD_KEYS.command),
	};
}

const tables = new Map<Locale, StWords>();

/** English and the locale's own words, from the catalogues (built once per locale). */
export function stWords(locale: Locale = 'en'): StWords {
	let table = tables.get(locale);
	if (!table) {
		const lookups = locale === 'en' ? [(k: MessageKey) => t(k, {}, 'en')] : [(k: MessageKey) => t(k, {}, locale), (k: MessageKey) => t(k, {}, 'en')];
		table = buildStWords(lookups);
		tables.set(locale, table);
	}
	return table;
}

/** The longest keyword that matches `words` (normalised) from `at`, if any. */
export function keywordAt(words: ReadonlyArray<string>, at: number, keywords: ReadonlyArray<StWord>): StWord | undefined {
	return keywords.find((k) => at + k.words.length <= words.length && k.words.every((w, i) => words[at + i] === w));
}

/** How many of `words` (normalised) from `at` the longest matching keyword covers; 0 when none. */
export const matchAt = (words: ReadonlyArray<string>, at: number, keywords: ReadonlyArray<StWord>): number => keywordAt(words, at, keywords)?.words.length ?? 0;

/** The keyword that is exactly `words` (normalised), if any. */
export const matchWhole = (words: ReadonlyArray<string>, keywords: ReadonlyArray<StWord>): boolean => matchAt(words, 0, keywords) === words.length && words.length > 0;

/** The presence a keyword at the start of `words` names, how many words it takes, and the keyword. */
export function presenceAt(words: ReadonlyArray<string>, at: number, table: StWords): { presence: Presence; length: number; word: StWord } | undefined {
	for (const p of PRESENCES) {
		const word = keywordAt(words, at, table.presence[p]);
		if (word) return { presence: p, length: word.words.length, word };
	}
	return undefined;
}

/** The presence a whole phrase names (`ocupada`, `en línea`), if any. */
export function presenceOf(words: ReadonlyArray<string>, table: StWords): Presence | undefined {
	const hit = presenceAt(words, 0, table);
	return hit && hit.length === words.length ? hit.presence : undefined;
}
