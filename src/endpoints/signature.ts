import { createHmac } from 'crypto';
import { safeEqual } from './auth';

/** Signed requests older or newer than this are refused (replay window). */
export const SIGNATURE_TOLERANCE_S = 300;
export const SIGNATURE_HEADER = 'x-inbox-bridge-signature';

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

export const sign = (secret: string, timestamp: number, body: unknown): string =>
	createHmac('sha256', secret).update(`${timestamp}.${canonicalJson(body)}`).digest('hex');

/**
 * `x-inbox-bridge-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(api_secret, "<t>.<canonical body>")>`.
 * The secret itself never travels, so it cannot end up in logs on the way (the engine logs request
 * headers); the timestamp bounds replays to ±5 minutes.
 */
export function checkSignature(header: string | undefined, secret: string, body: unknown, nowS = Math.floor(Date.now() / 1000)): boolean {
	if (!header || !secret) return false;
	const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
	const t = Number(parts.t);
	if (!Number.isInteger(t) || Math.abs(nowS - t) > SIGNATURE_TOLERANCE_S || typeof parts.v1 !== 'string') return false;
	return safeEqual(parts.v1.toLowerCase(), sign(secret, t, body));
}
