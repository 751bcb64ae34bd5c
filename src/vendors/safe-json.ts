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
