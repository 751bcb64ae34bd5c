import { createHmac } from 'node:crypto';
import { canonicalJson, checkSignature, sign } from '../../src/endpoints/signature';

describe('signed bot requests', () => {
	const body = { user: 'alice', status: 'busy', text: 'Férias 🙂', nested: { b: 1, a: [2, { d: null, c: 'x' }] } };

	it('canonical JSON sorts keys at every level and has no spaces', () => {
		expect(canonicalJson(body)).toBe('{"nested":{"a":[2,{"c":"x","d":null}],"b":1},"status":"busy","text":"Férias 🙂","user":"alice"}');
	});

	it('matches an HMAC computed independently over "<t>.<canonical body>"', () => {
		const expected = createHmac('sha256', 'k3y').update(`1700000000.${canonicalJson(body)}`).digest('hex');
		expect(sign('k3y', 1700000000, body)).toBe(expected);
	});

	it('accepts the right signature and refuses a wrong secret, a changed body, a stale or future time, or garbage', () => {
		const t = 1700000000;
		const header = `t=${t},v1=${sign('k3y', t, body)}`;
		expect(checkSignature(header, 'k3y', body, t + 10)).toBe(true);
		expect(checkSignature(header, 'k3y', { ...body, status: 'away' }, t)).toBe(false);
		expect(checkSignature(header, 'other', body, t)).toBe(false);
		expect(checkSignature(header, 'k3y', body, t + 301)).toBe(false);
		expect(checkSignature(header, 'k3y', body, t - 301)).toBe(false);
		for (const bad of [undefined, '', 't=abc,v1=00', `v1=${sign('k3y', t, body)}`, `t=${t}`]) expect(checkSignature(bad, 'k3y', body, t)).toBe(false);
		expect(checkSignature(header, '', body, t)).toBe(false);
	});
});
