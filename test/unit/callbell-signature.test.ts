import type { IApiRequest } from '@rocket.chat/apps-engine/definition/api';
import { callbellSignature, railsJson, rubyFloat } from '../../sandbox/simulators/callbell-webhooks';
import { callbellGate } from '../../src/endpoints/callbell-gate';
import { bodyForms, CALLBELL_SIGNATURE_TOLERANCE_S, verifyCallbellSignature } from '../../src/endpoints/callbell-signature';
import { SettingId, type Settings } from '../../src/settings';

/**
 * Callbell's webhook signature, checked against the parsed body the app is given (it never sees the
 * raw bytes): the bytes are written here as Callbell's Rails app writes them (sandbox's railsJson,
 * character by character), parsed as Rocket.Chat's body parser does (JSON.parse), then verified.
 */

const SECRET = 'whsec_kZ2yS0mJq4R8u1vX7pB3nL6tC9wE5aHd';
const NOW = 1_790_000_000;

/** What Callbell sends and what the app gets: the raw bytes, their parse, and the header. */
function sent(payload: unknown, opts: { secret?: string; t?: number; json?: Parameters<typeof railsJson>[1] } = {}) {
	const raw = railsJson(payload, opts.json);
	return { raw, content: JSON.parse(raw) as unknown, header: callbellSignature(opts.secret ?? SECRET, opts.t ?? NOW, raw) };
}

/** Bytes as given, parsed and signed. */
const fromRaw = (raw: string) => ({ raw, content: JSON.parse(raw) as unknown, header: callbellSignature(SECRET, NOW, raw) });

const STATUS = { event: 'agent_status_updated', payload: { email: 'john.doe@gmail.com', name: 'John Doe', available: false, lastUpdatedAt: '2024-02-21T12:02:47Z', userCustomStatus: { updatedAt: '2025-02-04T20:21:31Z', id: '0d6041a2-8b88-49ec-a99b-a88a078a16c1', name: 'Vacationing', emoji: '🌴' } } };
const HTMLISH = { event: 'agent_status_updated', payload: { email: 'ana@x.test', name: 'Ana <Sales> & “Co” \u2028 é', available: true, lastUpdatedAt: '2024-02-21T12:02:47Z', userCustomStatus: null } };

describe('verifyCallbellSignature', () => {
	it.each([
		['plain (JSON.generate)', STATUS, { htmlEscape: false }, 'json'],
		['Rails to_json, emoji kept', STATUS, {}, 'json'], // nothing to escape: Rails and JSON.stringify agree
		['Rails to_json escaping < > & U+2028', HTMLISH, {}, 'rails'],
		['ascii_only', HTMLISH, { htmlEscape: false, asciiOnly: true }, 'ascii'],
		['old Rails (HTML escapes, ascii only), emoji as a surrogate pair', STATUS, { asciiOnly: true }, 'ascii'],
		['old Rails on an HTML-ish name', HTMLISH, { asciiOnly: true }, 'rails_ascii'],
	] as const)('%s: verifies, naming the form that matched', (_name, payload, json, form) => {
		const { content, header } = sent(payload, { json });
		expect(verifyCallbellSignature(header, SECRET, content, NOW)).toEqual({ ok: true, t: NOW, form, signature: header.split('v1=')[1] });
	});

	it('a wrong secret, or a body changed on the way: mismatch', () => {
		const { content, header } = sent(STATUS);
		expect(verifyCallbellSignature(header, 'whsec_another', content, NOW)).toEqual({ ok: false, reason: 'mismatch' });
		const changed = { ...STATUS, payload: { ...STATUS.payload, available: true } };
		expect(verifyCallbellSignature(header, SECRET, changed, NOW)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('a rotated secret: the old one no longer verifies what Callbell signs with the new one, the new one does', () => {
		const rotated = 'whsec_Rt7nB2xQ9mW4kP6sV1cZ8yL3hJ5dF0gA';
		const { content, header } = sent(STATUS, { secret: rotated });
		expect(verifyCallbellSignature(header, SECRET, content, NOW)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifyCallbellSignature(header, rotated, content, NOW)).toMatchObject({ ok: true });
	});

	it(`expired: t more than ${CALLBELL_SIGNATURE_TOLERANCE_S} s away, either way (checked before the HMAC); at the edge it verifies`, () => {
		for (const t of [NOW - CALLBELL_SIGNATURE_TOLERANCE_S - 1, NOW + CALLBELL_SIGNATURE_TOLERANCE_S + 1]) {
			const { content, header } = sent(STATUS, { t });
			expect(verifyCallbellSignature(header, SECRET, content, NOW)).toEqual({ ok: false, reason: 'expired' });
		}
		const edge = sent(STATUS, { t: NOW - CALLBELL_SIGNATURE_TOLERANCE_S });
		expect(verifyCallbellSignature(edge.header, SECRET, edge.content, NOW)).toMatchObject({ ok: true });
		// a retry is signed again with a new t: it verifies like the first delivery
		const retry = sent(STATUS, { t: NOW + 120 });
		expect(verifyCallbellSignature(retry.header, SECRET, retry.content, NOW + 125)).toMatchObject({ ok: true });
	});

	it.each([
		['missing', undefined, 'missing'],
		['empty', '  ', 'missing'],
		['no t', 'v1=' + 'a'.repeat(64), 'malformed'],
		['t not a number', `t=soon,v1=${'a'.repeat(64)}`, 'malformed'],
		['no v1', `t=${NOW}`, 'malformed'],
		['v1 not a hex SHA-256', `t=${NOW},v1=xyz`, 'malformed'],
		['another scheme only', `t=${NOW},v0=${'a'.repeat(64)}`, 'malformed'],
	] as const)('%s header: %s', (_name, header, reason) => {
		expect(verifyCallbellSignature(header, SECRET, STATUS, NOW)).toEqual({ ok: false, reason });
	});

	it('several v1 values: one that matches is enough; the header may carry spaces and upper-case hex', () => {
		const { content, header } = sent(STATUS);
		const v1 = header.split('v1=')[1];
		expect(verifyCallbellSignature(`t=${NOW}, v1=${'0'.repeat(64)}, v1=${v1.toUpperCase()}`, SECRET, content, NOW)).toMatchObject({ ok: true });
	});

	it.each([
		['pretty-printed bytes', () => sent(STATUS, { json: { pretty: true } })],
		['a float written Ruby’s way (1.0)', () => sent({ event: 'agent_status_updated', payload: { ...STATUS.payload, score: rubyFloat(1) } })],
		// (written by hand: a JavaScript object literal would already be in JavaScript's order)
		['integer-like keys (JavaScript reorders them)', () => fromRaw('{"event":"x","payload":{"b":1,"10":"x","2":"y"}}')],
	])('what no app can rebuild from the parsed value is a mismatch, never a pass: %s', (_name, make) => {
		const { content, header } = make();
		expect(verifyCallbellSignature(header, SECRET, content, NOW)).toEqual({ ok: false, reason: 'mismatch' });
	});

	it('bodyForms: the four candidates of a value', () => {
		expect(bodyForms({ a: '<é>' })).toEqual([
			['json', '{"a":"<é>"}'],
			['rails', '{"a":"\\u003cé\\u003e"}'],
			['ascii', '{"a":"<\\u00e9>"}'],
			['rails_ascii', '{"a":"\\u003c\\u00e9\\u003e"}'],
		]);
		expect(bodyForms(undefined)).toEqual([]);
	});
});

describe('callbellGate: who may post Callbell events', () => {
	const settings = (over: Partial<Record<string, unknown>> = {}) =>
		({ [SettingId.CallbellWebhookSecret]: 'url-secret', [SettingId.CallbellSigningSecret]: '', [SettingId.CallbellSignatureEnforce]: false, ...over }) as unknown as Settings<'callbell'>;
	const request = (opts: { secret?: string; signature?: string; content?: unknown } = {}) =>
		({ headers: opts.signature ? { 'x-callbell-signature': opts.signature } : {}, query: opts.secret ? { secret: opts.secret } : {}, content: opts.content ?? STATUS }) as unknown as IApiRequest;
	const good = sent(STATUS);
	const status = (r: ReturnType<typeof callbellGate>) => (r.ok ? 'ok' : `${r.response.status} ${(r.response.content as { error: string }).error}`);

	it('neither secret (or only an unenforced signing secret): disabled', () => {
		expect(status(callbellGate(request(), settings({ [SettingId.CallbellWebhookSecret]: '' }), NOW))).toBe('403 disabled');
		expect(status(callbellGate(request({ signature: good.header, content: good.content }), settings({ [SettingId.CallbellWebhookSecret]: '', [SettingId.CallbellSigningSecret]: SECRET }), NOW))).toBe('403 disabled');
	});

	it('the URL secret is checked whenever it is set, before any signature', () => {
		const s = settings({ [SettingId.CallbellSigningSecret]: SECRET, [SettingId.CallbellSignatureEnforce]: true });
		expect(status(callbellGate(request({ secret: 'nope', signature: good.header, content: good.content }), s, NOW))).toBe('401 unauthorized');
		expect(callbellGate(request({ secret: 'url-secret', signature: good.header, content: good.content }), s, NOW)).toMatchObject({ ok: true, signature: { state: 'verified', form: 'json' } });
	});

	it('no signing secret: the URL secret alone, signatures ignored', () => {
		expect(callbellGate(request({ secret: 'url-secret' }), settings(), NOW)).toEqual({ ok: true, signature: { state: 'off' } });
	});

	it('not enforced: an event that does not verify is taken, and says why', () => {
		const s = settings({ [SettingId.CallbellSigningSecret]: SECRET });
		expect(callbellGate(request({ secret: 'url-secret', signature: good.header, content: { ...STATUS, event: 'changed' } }), s, NOW)).toEqual({ ok: true, signature: { state: 'unverified', reason: 'mismatch', enforced: false } });
		expect(callbellGate(request({ secret: 'url-secret' }), s, NOW)).toEqual({ ok: true, signature: { state: 'unverified', reason: 'missing', enforced: false } });
	});

	it('enforced: refused with a code per reason; the signature alone may authenticate (no URL secret)', () => {
		const s = settings({ [SettingId.CallbellWebhookSecret]: '', [SettingId.CallbellSigningSecret]: SECRET, [SettingId.CallbellSignatureEnforce]: true });
		expect(status(callbellGate(request({ signature: good.header, content: { ...STATUS, event: 'changed' } }), s, NOW))).toBe('401 callbell_signature_mismatch');
		expect(status(callbellGate(request(), s, NOW))).toBe('401 callbell_signature_missing');
		expect(status(callbellGate(request({ signature: 't=1,v1=zz' }), s, NOW))).toBe('401 callbell_signature_malformed');
		expect(status(callbellGate(request({ signature: good.header, content: good.content }), s, NOW + 301))).toBe('401 callbell_signature_expired');
		expect(callbellGate(request({ signature: good.header, content: good.content }), s, NOW)).toMatchObject({ ok: true, signature: { state: 'verified' } });
	});
});
