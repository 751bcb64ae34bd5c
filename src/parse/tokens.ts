/**
 * A quote-aware tokenizer for slash-command arguments.
 *
 * Rocket.Chat hands a command its text split on single spaces, so commands join the arguments
 * back with one space and tokenize the line here. Rules:
 * - whitespace separates tokens;
 * - `"…"` and `'…'` group text (including spaces) into the current token, so `note="a b: c"` is the
 *   one token `note=a b: c`; the quotes themselves are dropped. A quote opens only at the start of a
 *   token or right after `=`; elsewhere (an apostrophe in `O'Brien`) it is an ordinary character;
 * - typographic quotes (“…”, ‘…’, which mobile keyboards insert) work like straight ones;
 * - inside quotes, a backslash escapes the next character (`\"`, `\\`); outside it is literal;
 * - `""` yields an empty token (an explicitly empty value);
 * - an unterminated quote is an error.
 */
export type TokenizeResult = { ok: true; tokens: string[] } | { ok: false; error: 'unterminated_quote'; at: number };

const OPENERS: Record<string, string> = { '"': '"', "'": "'", '“': '”', '„': '“', '‘': '’' };
const isSpace = (c: string): boolean => /\s/.test(c);

export function tokenize(line: string): TokenizeResult {
	const tokens: string[] = [];
	let current = '';
	let inToken = false;
	let i = 0;
	while (i < line.length) {
		const c = line[i];
		if (isSpace(c)) {
			if (inToken) tokens.push(current);
			current = '';
			inToken = false;
			i++;
			continue;
		}
		const closer = OPENERS[c];
		// a quote opens only at the start of a token or of a value (`key="…"`): O'Brien stays one word
		if (closer !== undefined && (!inToken || current.endsWith('='))) {
			const start = i;
			i++;
			let closed = false;
			while (i < line.length) {
				const q = line[i];
				// a straight double quote also closes a typographic opener (mixed keyboards)
				if (q === closer || (closer !== "'" && closer !== '’' && (q === '"' || q === '”'))) {
					closed = true;
					i++;
					break;
				}
				if (q === '\\' && i + 1 < line.length) {
					current += line[i + 1];
					i += 2;
					continue;
				}
				current += q;
				i++;
			}
			if (!closed) return { ok: false, error: 'unterminated_quote', at: start };
			inToken = true;
			continue;
		}
		current += c;
		inToken = true;
		i++;
	}
	if (inToken) tokens.push(current);
	return { ok: true, tokens };
}

/** Joins a command's arguments (as Rocket.Chat split them) back into one line. */
export const argumentLine = (args: ReadonlyArray<string>): string => args.join(' ').trim();
