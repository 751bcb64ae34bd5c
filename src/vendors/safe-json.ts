/**
 * Vendor answers, read by the app itself. The Apps-Engine runtime (1.62, Rocket.Chat 7–8) dies when a
 * message from the server contains an object key `__proto__` (its msgpack decoder refuses the key and
 * nothing catches the error), and Rocket.Chat's HTTP bridge hands JSON answers over already parsed in
 * `data`. So every call asks for the raw bytes (`encoding: null`: the bridge then leaves `data` out),
 * and the text is parsed here, dropping `__proto__` keys, so a vendor's answer can never carry one
 * across the bridge or into persistence.
 */

// Bare globals of the Deno runtime and Node (see src/runtime-globals.d.ts).
declare const TextDecoder: new (label: string) => { decode(input: unknown): string };

/** The request option that makes Rocket.Chat's bridge return the body as bytes and skip `data`. */
export const RAW_BODY = { encoding: null } as const;

/** The body as text: a string as is, bytes (Buffer / Uint8Array) as UTF-8; undefined otherwise. */
export function bodyText(content: unknown): string | undefined {
	if (typeof content === 'string') return content;
	if (content instanceof Uint8Array) return new TextDecoder('utf-8').decode(content);
	return undefined;
}

/** `JSON.parse` that leaves every `__proto__` key out of the result, at any depth. Throws like JSON.parse. */
export function parseJson(text: string): unknown {
	return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as unknown;
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An answer's body: the raw bytes or text parsed here (JSON when it looks like JSON, `__proto__` keys
 * dropped), else `data` for a server that ignored `encoding: null`.
 */
export function readBody(response: { content?: unknown; data?: unknown } | undefined): unknown {
	if (!response) return undefined;
	const content = bodyText(response.content);
	if (content === undefined) return response.data ?? undefined;
	const trimmed = content.trim();
	if (!trimmed) return undefined;
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return parseJson(trimmed);
		} catch {
			return content;
		}
	}
	return content;
}

/** An answer's headers with lower-cased names; lists joined with `, `, numbers as text. */
export function readHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isRecord(headers)) return out;
	for (const [name, value] of Object.entries(headers)) {
		if (typeof value === 'string') out[name.toLowerCase()] = value;
		else if (Array.isArray(value)) out[name.toLowerCase()] = value.map(String).join(', ');
		else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
	}
	return out;
}
