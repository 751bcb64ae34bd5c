import { MASK, maskSecrets, secretSpellings } from '../../../src/vendors/masking';

// Characters that each encoding changes: quotes, < > &, space, +, /, =, non-ASCII, both letter cases.
const SECRETS = [`Tok"en <&> +/=é Ü'x`, 'ab+c/d==', 'Ab Cd', 'sk_LIVE_ÄÖü<script>', `q"u'o\`te`];

const jsonEscape = (s: string) => JSON.stringify(s).slice(1, -1);
const spellingsOf = (s: string): Record<string, string> => ({
	raw: s,
	'url (encodeURIComponent)': encodeURIComponent(s),
	'url, lower-case hex': encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
	'form (URLSearchParams, + for space)': new URLSearchParams({ k: s }).toString().slice(2),
	'json': jsonEscape(s),
	'json, \\u for non-ASCII': jsonEscape(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
	'json, \\/ and \\u003c style': jsonEscape(s).replace(/\//g, '\\/').replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
	'html (named entities)': s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
	'html (&apos;)': s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
	'html (decimal entities)': s.replace(/[&<>"'/=`+ ]/g, (c) => `&#${c.charCodeAt(0)};`),
	'html (hex entities)': s.replace(/[&<>"'/=`+ ]/g, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
	'html of json': jsonEscape(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
	'url of url (double-encoded)': encodeURIComponent(encodeURIComponent(s)),
	'upper case': s.toUpperCase(),
	'lower case': s.toLowerCase(),
	'upper-cased url': encodeURIComponent(s).toUpperCase(),
});

describe('maskSecrets', () => {
	for (const secret of SECRETS) {
		for (const [name, spelling] of Object.entries(spellingsOf(secret))) {
			it(`masks ${name} of ${JSON.stringify(secret)}`, () => {
				const text = `vendor said: token [${spelling}] is invalid`;
				const masked = maskSecrets(text, [secret]);
				expect(masked).toBe(`vendor said: token [${MASK}] is invalid`);
			});
		}
	}

	it('masks every secret given, each in its own spelling, in one text', () => {
		const [a, b] = SECRETS;
		const text = `a=${encodeURIComponent(a)} b=${jsonEscape(b)} again ${a}`;
		expect(maskSecrets(text, [a, b])).toBe(`a=${MASK} b=${MASK} again ${MASK}`);
	});

	it('leaves text without a secret alone, and ignores empty or missing secrets', () => {
		expect(maskSecrets('nothing here: Tok en', [SECRETS[0], '', undefined, null])).toBe('nothing here: Tok en');
		expect(maskSecrets('abc', [])).toBe('abc');
		expect(maskSecrets('', ['abc'])).toBe('');
	});

	it('masks the longest first, so a secret containing another is masked whole', () => {
		expect(maskSecrets('abc abcdef', ['', 'abc', 'abcdef'])).toBe(`${MASK} ${MASK}`);
	});

	it('treats regular-expression characters in a secret literally', () => {
		expect(maskSecrets('a.c abc (x+)', ['a.c', '(x+)'])).toBe(`${MASK} abc ${MASK}`);
	});

	it('survives a secret that cannot be percent-encoded (lone surrogate)', () => {
		const odd = 'x\ud800y';
		expect(maskSecrets(`see ${odd}`, [odd])).toBe(`see ${MASK}`);
	});
});

describe('secretSpellings', () => {
	it('lists the raw secret and its encodings without duplicates', () => {
		const list = secretSpellings('a b');
		expect(list).toContain('a b');
		expect(list).toContain('a%20b');
		expect(list).toContain('a+b');
		expect(list).toContain('a&#32;b');
		expect(new Set(list).size).toBe(list.length);
	});
});
