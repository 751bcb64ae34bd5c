/**
 * How much of a vendor's answer the app is willing to read: the one home of these limits. Every input
 * is hostile, vendors' answers included (a broken or hostile Callbell once answered 2,000 statuses
 * with 20 KB names and wedged the app's runtime for every user). The numbers are far above what the
 * vendors document or send today and far below what costs the runtime noticeable time:
 * - one answer: at most `MAX_ANSWER_BYTES`, checked before the body is decoded or parsed (VendorHttp);
 * - a list (Callbell custom statuses, Rocket.Chat custom user statuses): at most `pageItems` per page
 *   and `totalItems` in all, each name at most `nameLength` characters, each emoji `emojiLength`, each
 *   id `idLength`; a whole list (every page) is read within one HTTP timeout;
 * - anything the app keeps of a list: see MAX_CACHE_BYTES (src/store/caches.ts).
 * An answer over a limit is refused whole, never cut: the failure names the vendor and the limit
 * (`cause: 'too_large'`), and acting on half a list could remove or duplicate what the other half held.
 */

/** The most bytes of one answer the app reads (1 MiB). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export const LIST_LIMITS = {
	/** items in one page (the app asks for 100) */
	pageItems: 200,
	/** items over all pages */
	totalItems: 500,
	/** pages of one list: a vendor still saying "more" after these is refused, never taken as the whole list */
	pages: 20,
	/** characters of a name (Rocket.Chat's own limit is 120: a longer Callbell name can never twin a preset) */
	nameLength: 200,
	emojiLength: 32,
	idLength: 128,
} as const;

/** Which limit an answer broke: its size, how many items it listed, or the length of one field. */
export type AnswerLimit = { what: 'bytes'; max: number } | { what: 'items'; max: number } | { what: 'pages'; max: number } | { what: 'length'; max: number; field: string };

/** The length of `text` in UTF-8 bytes (a lone surrogate counts as the 3 bytes of its replacement). */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

/**
 * The size of an answer's body in bytes as the bridge handed it over, without decoding or parsing it:
 * raw bytes as they are, text as its UTF-8 bytes (a character can be 4 of them), 0 for anything else.
 */
export function answerSize(content: unknown): number {
	if (content instanceof Uint8Array) return content.byteLength;
	if (typeof content === 'string') return utf8Length(content);
	return 0;
}

interface Issue {
	code: string;
	origin?: string;
	maximum?: number | bigint;
	path: ReadonlyArray<PropertyKey>;
	/** an `invalid_union`'s issues, per option */
	errors?: ReadonlyArray<ReadonlyArray<Issue>>;
}

/**
 * A zod `too_big` issue of a vendor answer as the limit it broke (arrays: items; strings: length of the
 * field). Inside a union (an id as a string or a number) zod reports each option's issues under one
 * `invalid_union`: an option over a limit is that limit.
 */
export function limitOfIssue(issue: Issue): AnswerLimit | undefined {
	if (issue.code === 'invalid_union') {
		const inner = (issue.errors ?? []).flat().map((i) => limitOfIssue({ ...i, path: [...issue.path, ...i.path] }));
		return inner.find((l) => l !== undefined);
	}
	if (issue.code !== 'too_big' || issue.maximum === undefined) return undefined;
	const max = Number(issue.maximum);
	if (issue.origin === 'array') return { what: 'items', max };
	if (issue.origin === 'string') {
		const field = [...issue.path].reverse().find((p): p is string => typeof p === 'string') ?? 'value';
		return { what: 'length', max, field };
	}
	return undefined;
}

/** English words for a limit, for logs and the failure's `message` (replies translate the limit itself). */
export function limitText(limit: AnswerLimit): string {
	switch (limit.what) {
		case 'bytes':
			return `answer over ${Math.round(limit.max / 1024)} KB, not read`;
		case 'items':
			return `list over ${limit.max} items, refused`;
		case 'pages':
			return `list over ${limit.max} pages, refused`;
		case 'length':
			return `${limit.field} over ${limit.max} characters, refused`;
	}
}
