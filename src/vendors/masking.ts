/**
 * Secrets out of vendor text. A vendor that echoes a token back ("invalid token …") may quote it raw,
 * URL- or form-encoded, JSON-escaped (also `\uXXXX` and `\/` styles), HTML-escaped (named, decimal or
 * hex entities), one inside another, or in another letter case. Every such spelling of every secret is
 * replaced with `***` before vendor text is kept (failures, outbox, audit) or shown (replies).
 *
 * Two nets: each character may be written in any of its escapes independently (so mixed styles, such
 * as Go's JSON that escapes `<` but not `é`, are caught), and whole-string encodings are also tried
 * nested two deep (an HTML page quoting a JSON string, a URL-encoded URL).
 */

export const MASK = '***';

type Encoding = (s: string) => string;

const hex2 = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

const url: Encoding = (s) => {
	try {
		return encodeURIComponent(s);
	} catch {
		return s; // a lone surrogate cannot be percent-encoded: nobody can have sent it that way
	}
};
/** application/x-www-form-urlencoded: like URL encoding, but space is `+` and `!'()~` are escaped too. */
const form: Encoding = (s) => url(s).replace(/%20/g, '+').replace(/[!'()~]/g, hex2);
/** `encodeURI`-style: reserved characters such as `/ + & =` stay as they are. */
const uri: Encoding = (s) => {
	try {
		return encodeURI(s);
	} catch {
		return s;
	}
};
const json: Encoding = (s) => JSON.stringify(s).slice(1, -1);
const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** JSON with non-ASCII as `\uXXXX` (Python's default, `ensure_ascii`). */
const jsonAscii: Encoding = (s) => json(s).replace(/[^\x20-\x7e]/g, unicodeEscape);
/** JSON as PHP, Go and Rails write it: `\/`, and `< > & '` as `\uXXXX`. */
const jsonHtmlSafe: Encoding = (s) => jsonAscii(s).replace(/\//g, '\\/').replace(/[<>&']/g, unicodeEscape);
const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html: Encoding = (s) => s.replace(/[&<>"']/g, (c) => NAMED[c]);
const htmlApos: Encoding = (s) => html(s).replace(/&#39;/g, '&apos;');
const htmlDecimal: Encoding = (s) => s.replace(/[&<>"'/=`+ ]/g, (c) => `&#${c.charCodeAt(0)};`);
const htmlHex: Encoding = (s) => s.replace(/[&<>"'/=`+ ]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`);

const ENCODINGS: Encoding[] = [url, form, uri, json, jsonAscii, jsonHtmlSafe, html, htmlApos, htmlDecimal, htmlHex];

/** Every spelling of one secret the masker looks for: raw, each encoding, and each encoding of each encoding. */
export function secretSpellings(secret: string): string[] {
	const out = new Set<string>([secret]);
	for (const outer of ENCODINGS) {
		out.add(outer(secret));
		for (const inner of ENCODINGS) out.add(outer(inner(secret)));
	}
	return [...out];
}

/**
 * A pattern matching the secret with each character written as itself or any of its escapes: JSON
 * `\uXXXX` / `\"` / `\/`, percent-encoding (also double), `+` for space, HTML entities (named,
 * decimal, hex, with leading zeros).
 */
function anyEscapePattern(secret: string): string {
	const parts: string[] = [];
	for (const ch of secret) {
		const alts = new Set<string>([escapeRegExp(ch)]);
		let units = '';
		for (let i = 0; i < ch.length; i++) units += `\\\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
		alts.add(units);
		if (ch === '"' || ch === '\\' || ch === '/') alts.add(escapeRegExp(`\\${ch}`));
		const percent = url(ch);
		if (percent !== ch) {
			alts.add(escapeRegExp(percent));
			alts.add(escapeRegExp(percent.replace(/%/g, '%25')));
		}
		if (ch === ' ') alts.add('\\+');
		const code = ch.codePointAt(0) ?? 0;
		alts.add(`&#0*${code};`);
		alts.add(`&#x0*${code.toString(16)};`);
		if (NAMED[ch]) alts.add(escapeRegExp(NAMED[ch]));
		if (ch === "'") alts.add('&apos;');
		parts.push(`(?:${[...alts].join('|')})`);
	}
	return parts.join('');
}

/**
 * Replaces every non-empty secret, in every spelling (any escape per character, and the whole-string
 * encodings of `secretSpellings`), with `***`; letter case is ignored. Longest secrets first, so a
 * secret that contains another is masked whole.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
	const given = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length > 0))].sort((a, b) => b.length - a.length);
	if (given.length === 0 || typeof text !== 'string' || text.length === 0) return text;
	const spellings = [...new Set(given.flatMap(secretSpellings))].sort((a, b) => b.length - a.length);
	const pattern = new RegExp([...given.map(anyEscapePattern), ...spellings.map(escapeRegExp)].join('|'), 'giu');
	return text.replace(pattern, MASK);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
