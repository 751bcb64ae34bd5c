import { PRESENCES } from '../vendors/rocketchat';
import { normalizeWord, ST_COMMAND_WORDS, type StWords } from './st-words';

/**
 * "Did you mean …?" for a `/st` word that is neither a keyword nor a preset: the closest
 * presence or command word (in English or the agent's language) or preset name, when it is close.
 */

/** Edits (insert, delete, replace, swap two neighbours) from `a` to `b`. */
export function editDistance(a: string, b: string): number {
	const x = Array.from(a);
	const y = Array.from(b);
	const d: number[][] = [];
	for (let i = 0; i <= x.length; i++) {
		d.push([i]);
		for (let j = 1; j <= y.length; j++) d[i].push(i === 0 ? j : 0);
	}
	for (let i = 1; i <= x.length; i++) {
		for (let j = 1; j <= y.length; j++) {
			const cost = x[i - 1] === y[j - 1] ? 0 : 1;
			let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
			d[i][j] = best;
		}
	}
	return d[x.length][y.length];
}

/**
 * How far a typo may be from the word it meant: none for 1–2 letters, one for 3–5, two from 6. A
 * three-letter word one edit from a keyword is a typo of it (`bsy`, `awy`, `lst`): it is only ever
 * offered as "did you mean", after nothing matched.
 */
export const maxTypoDistance = (length: number): number => (length <= 2 ? 0 : length <= 5 ? 1 : 2);

const commonPrefix = (a: string, b: string): number => {
	let i = 0;
	while (i < a.length && i < b.length && a[i] === b[i]) i++;
	return i;
};

/**
 * The candidate closest to `typed` (case and accents ignored), if within `maxTypoDistance`; on a tie
 * the one that starts more like it (`ofline` → offline, not online), then the first listed.
 * `sameCounts`: whether a candidate equal up to case and accents is a suggestion.
 */
export function nearest(typed: string, candidates: ReadonlyArray<string>, sameCounts = false): { text: string; distance: number } | undefined {
	const want = normalizeWord(typed.trim());
	const limit = maxTypoDistance(Array.from(want).length);
	let best: { text: string; distance: number; prefix: number } | undefined;
	for (const text of candidates) {
		const norm = normalizeWord(text);
		const distance = editDistance(want, norm);
		if ((distance === 0 && !sameCounts) || distance > limit) continue;
		const prefix = commonPrefix(want, norm);
		if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) best = { text, distance, prefix };
	}
	return best && { text: best.text, distance: best.distance };
}

/** The words `/st` understands on their own: presences, then help/list/clear, the agent's language first. */
export const keywordCandidates = (table: StWords): string[] => [
	...PRESENCES.flatMap((p) => table.presence[p].map((w) => w.text)),
	...ST_COMMAND_WORDS.flatMap((c) => table.command[c].map((w) => w.text)),
];

/**
 * What an unknown `/st <name…>` probably meant: its first word against the keywords, the whole
 * name against the preset names; the closer one (a keyword on a tie). `word` is what was mistyped.
 */
export function suggestStatus(name: string, table: StWords, presetNames: ReadonlyArray<string>): { word: string; suggestion: string } | undefined {
	const first = name.trim().split(/\s+/)[0] ?? '';
	const keyword = nearest(first, keywordCandidates(table));
	const preset = nearest(name, presetNames, true); // `ferias` for the preset `Férias`
	if (keyword && (!preset || keyword.distance <= preset.distance)) return { word: first, suggestion: keyword.text };
	if (preset) return { word: name.trim(), suggestion: preset.text };
	return undefined;
}
