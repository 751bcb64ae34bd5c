/**
 * Callbell's side of its webhook: the events it sends, written as a Rails app writes JSON, and signed
 * as Callbell documents (callbell-public-docs `docs/api/reference/webhooks/signatures.md`):
 * `X-Callbell-Signature: t=<unix s>,v1=<hex HMAC-SHA256("<t>.<raw body>")>` keyed with the whole
 * `whsec_…` secret. The bytes are built here character by character, the way ActiveSupport's
 * `to_json` does (it escapes `<`, `>`, `&`, U+2028 and U+2029 as `\u003c`…, writes floats Ruby's way,
 * keeps other characters as they are unless `asciiOnly`), independently of how the app rebuilds them.
 */
import { createHmac } from 'node:crypto';

export interface RailsJsonOptions {
	/** ActiveSupport's default `escape_html_entities_in_json` (true): `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026` */
	htmlEscape?: boolean;
	/** every non-ASCII character as `\uXXXX` (Ruby's `ascii_only`, Rails before 4.1) */
	asciiOnly?: boolean;
	/** spaces and new lines between tokens (`JSON.pretty_generate`): bytes no app can rebuild from the parsed value */
	pretty?: boolean;
}

const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function rubyString(s: string, o: RailsJsonOptions): string {
	let out = '"';
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		const code = s.charCodeAt(i);
		if (SHORT[ch]) out += SHORT[ch];
		else if (code < 0x20) out += hex4(code);
		else if ((o.htmlEscape ?? true) && (ch === '<' || ch === '>' || ch === '&')) out += hex4(code);
		else if ((o.htmlEscape ?? true) && (code === 0x2028 || code === 0x2029)) out += hex4(code);
		else if (o.asciiOnly && code > 0x7f) out += hex4(code);
		else out += ch;
	}
	return `${out}"`;
}

/** `value` as Callbell's Rails app writes it. Numbers marked with `rubyFloat()` are written as floats (`1.0`). */
export function railsJson(value: unknown, o: RailsJsonOptions = {}, depth = 0): string {
	const nl = o.pretty ? `\n${'  '.repeat(depth + 1)}` : '';
	const end = o.pretty ? `\n${'  '.repeat(depth)}` : '';
	const colon = o.pretty ? ': ' : ':';
	if (value === null || value === undefined) return 'null';
	if (value instanceof RubyFloat) return Number.isInteger(value.n) ? `${value.n}.0` : String(value.n);
	if (typeof value === 'string') return rubyString(value, o);
	if (typeof value === 'number') return String(value); // an Integer (or a float JavaScript and Ruby write alike)
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.length ? `[${nl}${value.map((v) => railsJson(v, o, depth + 1)).join(`,${nl}`)}${end}]` : '[]';
	const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
	return entries.length ? `{${nl}${entries.map(([k, v]) => `${rubyString(k, o)}${colon}${railsJson(v, o, depth + 1)}`).join(`,${nl}`)}${end}}` : '{}';
}

/** A float as Ruby holds it: `rubyFloat(1)` is written `1.0` (JavaScript reads it back as `1`). */
export class RubyFloat {
	constructor(readonly n: number) {}
}
export const rubyFloat = (n: number) => new RubyFloat(n);

/** The `X-Callbell-Signature` value for `raw` sent at `t` (unix seconds). */
export function callbellSignature(secret: string, t: number, raw: string): string {
	return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex')}`;
}

/** A signing secret as Callbell makes them (`whsec_` + 32 random bytes, base64url). */
export const newSigningSecret = (): string => `whsec_${Buffer.from(Array.from({ length: 32 }, () => Math.floor(Math.random() * 256))).toString('base64url')}`;

export interface SignedEvent {
	raw: string;
	headers: Record<string, string>;
}

/** An event `{event, payload}` written as Callbell sends it and, with `secret`, signed at `t` (default now). */
export function callbellWebhook(event: string, payload: unknown, opts: { secret?: string; t?: number; json?: RailsJsonOptions } = {}): SignedEvent {
	const raw = railsJson({ event, payload }, opts.json);
	const t = opts.t ?? Math.floor(Date.now() / 1000);
	return { raw, headers: opts.secret ? { 'x-callbell-signature': callbellSignature(opts.secret, t, raw) } : {} };
}
