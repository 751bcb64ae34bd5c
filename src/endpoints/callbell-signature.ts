import { safeEqual } from './auth';
import { hmacSha256Hex } from './hmac';

/**
 * Callbell's webhook signature (callbell-public-docs, webhooks/signatures.md):
 * `X-Callbell-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256("<t>.<raw body>")>`, keyed with the
 * whole `whsec_…` secret; a request whose `t` is more than 5 minutes off is refused; a retry is
 * signed again with a new `t`.
 *
 * The catch: Callbell signs the raw bytes it sent, and no Rocket.Chat app ever sees them. Rocket.Chat
 * parses the body (`express.json()`) and hands the endpoint the parsed value (`IApiRequest.content`)
 * on every engine generation (docs/callbell-webhooks.md). So the app can only serialise that value
 * again and hope for the same bytes. It tries the forms a Rails app plausibly sends:
 * - `json`: as `JSON.stringify` writes it (Ruby's `JSON.generate` writes the same for these events);
 * - `rails`: ActiveSupport's `to_json`, which also escapes `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`…;
 * - `ascii` and `rails_ascii`: the same with every non-ASCII character as `\uXXXX` (`ascii_only`, old Rails).
 * What none of them can reproduce: whitespace, key orders JavaScript changes (integer-like keys),
 * duplicate keys, floats (Ruby writes `1.0`, JavaScript `1`), integers beyond 2^53. A mismatch
 * therefore proves nothing by itself: whether it refuses is the admin's choice (callbell-gate.ts).
 */

export const CALLBELL_SIGNATURE_HEADER = 'x-callbell-signature';
/** Callbell's replay window: `t` may be this far from the server's clock, either way. */
export const CALLBELL_SIGNATURE_TOLERANCE_S = 300;

export const BODY_FORMS = ['json', 'rails', 'ascii', 'rails_ascii'] as const;
export type BodyForm = (typeof BODY_FORMS)[number];

export const SIGNATURE_FAILURES = ['missing', 'malformed', 'expired', 'mismatch'] as const;
export type SignatureFailure = (typeof SIGNATURE_FAILURES)[number];

/** `signature`: the `v1` that matched (an HMAC, not a secret), which identifies this one request. */
export type CallbellSignatureCheck = { ok: true; t: number; form: BodyForm; signature: string } | { ok: false; reason: SignatureFailure };

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
/** Inside JSON text these characters only ever occur within strings, so replacing them keeps it valid. */
const htmlEscaped = (json: string) => json.replace(/[<>&\u2028\u2029]/g, escape);
const asciiOnly = (json: string) => json.replace(/[\u0080-\uffff]/g, escape);

/** The candidate byte strings for a parsed body, by form (duplicates kept: each form is named). */
export function bodyForms(content: unknown): Array<[BodyForm, string]> {
	let json: string | undefined;
	try {
		json = JSON.stringify(content) as string | undefined;
	} catch {
		json = undefined;
	}
	if (json === undefined) return [];
	return [
		['json', json],
		['rails', htmlEscaped(json)],
		['ascii', asciiOnly(json)],
		['rails_ascii', asciiOnly(htmlEscaped(json))],
	];
}

/** `t` and every `v1` of the header (Callbell sends one `v1`; more are accepted, as Stripe-style schemes do). */
function parseHeader(header: string): { t: number; v1: string[] } | undefined {
	let t: string | undefined;
	const v1: string[] = [];
	for (const part of header.split(',')) {
		const eq = part.indexOf('=');
		if (eq <= 0) continue;
		const key = part.slice(0, eq).trim();
		const value = part.slice(eq + 1).trim();
		if (key === 't') t = value;
		else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) v1.push(value.toLowerCase());
	}
	if (t === undefined || !/^\d{1,12}$/.test(t) || v1.length === 0) return undefined;
	return { t: Number(t), v1 };
}

/**
 * Checks `X-Callbell-Signature` against the parsed body: the time first (within ±5 minutes), then the
 * HMAC of `"<t>.<form>"` for each candidate form, compared in constant time. Which form matched is
 * returned (the health check shows what Callbell really sends).
 */
export function verifyCallbellSignature(header: string | undefined, secret: string, content: unknown, nowS = Math.floor(Date.now() / 1000)): CallbellSignatureCheck {
	if (!header || !header.trim()) return { ok: false, reason: 'missing' };
	const parsed = parseHeader(header);
	if (!parsed) return { ok: false, reason: 'malformed' };
	if (Math.abs(nowS - parsed.t) > CALLBELL_SIGNATURE_TOLERANCE_S) return { ok: false, reason: 'expired' };
	for (const [form, body] of bodyForms(content)) {
		const expected = hmacSha256Hex(secret, `${parsed.t}.${body}`);
		const signature = parsed.v1.find((given) => safeEqual(given, expected));
		if (signature) return { ok: true, t: parsed.t, form, signature };
	}
	return { ok: false, reason: 'mismatch' };
}
