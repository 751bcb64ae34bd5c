/**
 * Constant-time comparison of a given value against the configured secret: the loop always runs
 * over the secret's length, whatever was given, so timing tells nothing about how much matched.
 */
export function safeEqual(given: string, secret: string): boolean {
	const x = String(given);
	const y = String(secret);
	let diff = x.length ^ y.length;
	for (let i = 0; i < y.length; i++) diff |= (x.charCodeAt(i) || 0) ^ y.charCodeAt(i);
	return diff === 0 && y.length > 0;
}

/** Bodies above this are refused with 413 before anything is parsed or looked up. */
export const MAX_BODY_BYTES = 16 * 1024;

/** The size of a request body as received (Rocket.Chat hands JSON already parsed). */
export function bodySize(content: unknown): number {
	if (content === undefined || content === null) return 0;
	const text = typeof content === 'string' ? content : JSON.stringify(content) ?? '';
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 2 : 3;
	}
	return bytes;
}

/** `Authorization: Bearer <secret>` → the secret, or undefined. Header names arrive lower-cased. */
export function bearer(headers: Record<string, string> | undefined): string | undefined {
	const value = headers?.authorization ?? headers?.Authorization;
	const m = typeof value === 'string' ? /^Bearer\s+(.+)$/i.exec(value.trim()) : null;
	return m ? m[1].trim() : undefined;
}

/** A request body as an object: Rocket.Chat hands JSON already parsed; a string is parsed here. */
export function bodyOf(content: unknown): unknown {
	if (typeof content !== 'string') return content;
	try {
		return JSON.parse(content) as unknown;
	} catch {
		return content;
	}
}

/** A zod error as one line: `field: message; field: message`. */
export function zodMessage(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
	return error.issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : 'body'}: ${i.message}`).join('; ');
}
