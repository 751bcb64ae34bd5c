import { createHmac } from 'node:crypto';
import { canonicalJson, sign, verifySignature } from '../../src/endpoints/signature';

describe('signed bot requests', () => {
	const body = { user: 'alice', status: 'busy', text: 'Férias 🙂', nested: { b: 1, a: [2, { d: null, c: 'x' }] } };
	const nonce = '7f9c2ba4e88f827d616045507605853e';

	it('canonical JSON sorts keys at every level and has no spaces', () => {
		expect(canonicalJson(body)).toBe('{"nested":{"a":[2,{"c":"x","d":null}],"b":1},"status":"busy","text":"Férias 🙂","user":"alice"}');
	});

	it('matches an HMAC computed independently over "<t>.<nonce>.<canonical body>"', () => {
		const expected = createHmac('sha256', 'k3y').update(`1700000000.${nonce}.${canonicalJson(body)}`).digest('hex');
		expect(sign('k3y', 1700000000, nonce, body)).toBe(expected);
	});

	it('accepts the right signature and refuses a wrong secret, a changed body or nonce, a stale or future time, or garbage', () => {
		const t = 1700000000;
		const header = `t=${t},n=${nonce},v1=${sign('k3y', t, nonce, body)}`;
		expect(verifySignature(header, 'k3y', body, t + 10)).toEqual({ ok: true, t, nonce });
		expect(verifySignature(header, 'k3y', { ...body, status: 'away' }, t)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifySignature(header.replace(nonce, `${nonce}0`), 'k3y', body, t)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifySignature(header, 'other', body, t)).toEqual({ ok: false, reason: 'mismatch' });
		expect(verifySignature(header, 'k3y', body, t + 301)).toEqual({ ok: false, reason: 'expired' });
		expect(verifySignature(header, 'k3y', body, t - 301)).toEqual({ ok: false, reason: 'expired' });
		for (const bad of [undefined, '', 't=abc,v1=00', `v1=${sign('k3y', t, nonce, body)}`, `t=${t}`]) expect(verifySignature(bad, 'k3y', body, t).ok).toBe(false);
		expect(verifySignature(header, '', body, t).ok).toBe(false);
	});

	it('refuses the old header without a nonce, and a nonce that is too short or has other characters', () => {
		const t = 1700000000;
		const legacy = `t=${t},v1=${createHmac('sha256', 'k3y').update(`${t}.${canonicalJson(body)}`).digest('hex')}`;
		expect(verifySignature(legacy, 'k3y', body, t)).toEqual({ ok: false, reason: 'no_nonce' });
		for (const n of ['short', 'has space in it 0123', 'semi;colon-0123456789', 'x'.repeat(129)]) {
			expect(verifySignature(`t=${t},n=${n},v1=${sign('k3y', t, n, body)}`, 'k3y', body, t)).toEqual({ ok: false, reason: 'no_nonce' });
		}
	});
});
