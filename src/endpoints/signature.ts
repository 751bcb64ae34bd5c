import { hmacSha256Hex } from './hmac';
import { safeEqual } from './auth';

/** Signed requests older or newer than this are refused (replay window). */
export const SIGNATURE_TOLERANCE_S = 300;
export const SIGNATURE_HEADER = 'x-inbox-bridge-signature';
/** A nonce: 16 to 128 letters, digits, `-` or `_` (a UUID or 16 random bytes in hex both fit). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The body as the signature covers it: JSON with object keys sorted and no spaces, so any language
 * can produce the same bytes (Python: `json.dumps(body, separators=(",", ":"), sort_keys=True,
 * ensure_ascii=False)`).
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

/** `HMAC-SHA256(secret, "<t>.<nonce>.<canonical body>")` in hex. */
export const sign = (secret: string, timestamp: number, nonce: string, body: unknown): string =>
	hmacSha256Hex(secret, `${timestamp}.${nonce}.${canonicalJson(body)}`);

export type SignatureCheck = { ok: true; t: number; nonce: string } | { ok: false; reason: 'missing' | 'malformed' | 'no_nonce' | 'expired' | 'mismatch' };

/**
 * `x-inbox-bridge-signature: t=<unix seconds>,n=<nonce>,v1=<hex HMAC-SHA256(api_secret, "<t>.<n>.<canonical body>")>`.
 * The secret itself never travels, so it cannot end up in logs on the way (the engine logs request
 * headers); the timestamp bounds a request to ±5 minutes and the nonce, covered by the HMAC, makes
 * it usable once (the endpoint remembers nonces for that long). A header without a nonce is refused:
 * it could be replayed within the window by anyone who read it in the log.
 */
export function verifySignature(header: string | undefined, secret: string, body: unknown, nowS = Math.floor(Date.now() / 1000)): SignatureCheck {
	if (!header || !secret) return { ok: false, reason: 'missing' };
	const parts = new Map<string, string>();
	for (const part of header.split(',')) {
		const eq = part.indexOf('=');
		if (eq > 0) parts.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
	}
	const t = Number(parts.get('t'));
	const v1 = parts.get('v1');
	if (!Number.isInteger(t) || !v1) return { ok: false, reason: 'malformed' };
	const nonce = parts.get('n');
	if (nonce === undefined || !NONCE_PATTERN.test(nonce)) return { ok: false, reason: 'no_nonce' };
	if (Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S) return { ok: false, reason: 'expired' };
	if (!safeEqual(v1.toLowerCase(), sign(secret, t, nonce, body))) return { ok: false, reason: 'mismatch' };
	return { ok: true, t, nonce };
}
