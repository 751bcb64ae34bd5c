import { checkBaseUrl, hostKind } from '../../../src/vendors/url-policy';

const ALLOW = { allowPrivateHosts: true };

describe('checkBaseUrl: public hosts', () => {
	it.each([
		['https://api.callbell.eu/v1', 'https://api.callbell.eu/v1'],
		['https://api.v7.botpenguin.com/', 'https://api.v7.botpenguin.com'],
		['  https://chat.example.com/base//  ', 'https://chat.example.com/base'],
		['https://localhost.evil.com', 'https://localhost.evil.com'],
		['https://128.0.0.1', 'https://128.0.0.1'],
		['https://172.32.0.1:8443', 'https://172.32.0.1:8443'],
		['https://11.0.0.1', 'https://11.0.0.1'],
	])('%s is ok whatever the policy', (input, url) => {
		expect(checkBaseUrl(input)).toEqual({ ok: true, url });
		expect(checkBaseUrl(input, ALLOW)).toEqual({ ok: true, url });
	});

	it.each(['http://api.callbell.eu/v1', 'http://localhost.evil.com', 'http://128.0.0.1'])('%s is insecure (plain http to a public host)', (input) => {
		expect(checkBaseUrl(input)).toMatchObject({ ok: false, reason: 'insecure' });
		expect(checkBaseUrl(input, ALLOW)).toMatchObject({ ok: false, reason: 'insecure' });
	});

	it.each(['', 'api.callbell.eu', 'not a url', 'ftp://files.example.com', 'https://user:pw@api.example.com', 'https://api.example.com/v1?x=1', 'https://api.example.com/#x'])(
		'%s is invalid',
		(input) => {
			expect(checkBaseUrl(input)).toEqual({ ok: false, reason: 'invalid' });
		},
	);
});

describe('checkBaseUrl: private, loopback, link-local and metadata hosts', () => {
	it.each([
		['https://169.254.169.254', 'link-local'],
		['https://10.0.0.5:8443', 'private'],
		['https://172.16.0.1', 'private'],
		['https://172.31.255.255', 'private'],
		['https://192.168.1.10', 'private'],
		['https://100.64.0.1', 'private'],
		['https://100.100.100.200', 'metadata'],
		['https://metadata.google.internal', 'metadata'],
		['https://metadata', 'metadata'],
		['http://localhost:27017', 'loopback'],
		['http://127.0.0.1:3000', 'loopback'],
		['https://127.3.4.5', 'loopback'],
		['https://app.localhost', 'loopback'],
		['http://[::1]:3000/', 'loopback'],
		['https://[fe80::1]', 'link-local'],
		['https://[fd00:ec2::254]', 'private'],
		['https://[::ffff:127.0.0.1]', 'loopback'],
		['https://[::ffff:169.254.169.254]', 'link-local'],
		['https://0.0.0.0', 'reserved'],
		['https://224.0.0.1', 'reserved'],
		['https://intranet', 'internal-name'],
		['https://vault.internal', 'internal-name'],
		['https://printer.local', 'internal-name'],
		// other spellings of 127.0.0.1 that URL parsers normalise
		['https://2130706433', 'loopback'],
		['https://0x7f.1', 'loopback'],
		['https://017700000001', 'loopback'],
		['https://LOCALHOST.', 'loopback'],
	])('%s is refused as %s unless allowed', (input, kind) => {
		expect(checkBaseUrl(input)).toEqual({ ok: false, reason: 'private', kind });
		const allowed = checkBaseUrl(input, ALLOW);
		if (input.startsWith('https:') || kind === 'loopback') expect(allowed.ok).toBe(true);
		else expect(allowed).toMatchObject({ ok: false, reason: 'insecure' });
	});

	it('with private hosts allowed, plain http is still only for loopback', () => {
		expect(checkBaseUrl('http://localhost:3000', ALLOW)).toEqual({ ok: true, url: 'http://localhost:3000' });
		expect(checkBaseUrl('http://[::1]:3000/', ALLOW)).toEqual({ ok: true, url: 'http://[::1]:3000' });
		expect(checkBaseUrl('http://10.0.0.5:3000', ALLOW)).toMatchObject({ ok: false, reason: 'insecure' });
		expect(checkBaseUrl('https://10.0.0.5:3000', ALLOW)).toEqual({ ok: true, url: 'https://10.0.0.5:3000' });
	});
});

describe('hostKind', () => {
	it.each([
		['api.callbell.eu', 'public'],
		['[2606:4700::1]', 'public'],
		['[2001:db8::1]', 'reserved'],
		['[ff02::1]', 'reserved'],
		['[::]', 'reserved'],
		['[64:ff9b::a00:1]', 'private'],
		['192.0.2.1', 'reserved'],
		['198.18.0.1', 'reserved'],
		['255.255.255.255', 'reserved'],
	])('%s is %s', (host, kind) => {
		expect(hostKind(host)).toBe(kind);
	});
});
