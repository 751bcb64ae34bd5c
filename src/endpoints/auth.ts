/** Constant-time string comparison (no early exit on the first differing character; length leaks only as a mismatch). */
export function safeEqual(a: string, b: string): boolean {
	const x = String(a);
	const y = String(b);
	let diff = x.length ^ y.length;
	for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x.charCodeAt(i % (x.length || 1)) || 0) ^ (y.charCodeAt(i % (y.length || 1)) || 0);
	return diff === 0 && x.length > 0;
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
export function zodMessage(error: { issues: Array<{ path: Array<string | number>; message: string }> }): string {
	return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}
