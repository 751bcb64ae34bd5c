import * as z from '../../../src/zod';
import type { VendorFailure, VendorResult } from '../../../src/vendors/errors';
import { VendorHttp, type RequestSpec } from '../../../src/vendors/http';
import { parseRetryAfter } from '../../../src/vendors/retry-after';
import { FakeHttp, type Script } from './fake-http';

const NOW = Date.parse('2030-01-01T12:00:00Z');

function setup(timeoutMs = 5000) {
	const fake = new FakeHttp();
	const http = new VendorHttp(fake, { timeoutMs, now: () => NOW });
	return { fake, http };
}

const base: RequestSpec = { vendor: 'callbell', method: 'GET', url: 'https://api.example.test/v1/thing', secrets: [] };

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value)}`);
	return result.error;
}

async function answer(script: Script, spec: Partial<RequestSpec> = {}) {
	const { fake, http } = setup();
	fake.script(script);
	return http.request({ ...base, ...spec });
}

describe('VendorHttp request shape', () => {
	it.each([
		['GET', 'get'],
		['POST', 'post'],
		['PUT', 'put'],
		['DELETE', 'del'],
	] as const)('%s goes through IHttp.%s with the timeout and JSON headers', async (method, accessor) => {
		const { fake, http } = setup(1234);
		fake.script({ status: 200, json: { ok: 1 } });
		await http.request({ ...base, method, headers: { 'X-Extra': 'yes' } });
		expect(fake.calls).toHaveLength(1);
		expect(fake.calls[0].method).toBe(accessor);
		expect(fake.calls[0].url).toBe(base.url);
		expect(fake.calls[0].options.timeout).toBe(1234);
		expect(fake.calls[0].options.headers).toEqual({ Accept: 'application/json', 'X-Extra': 'yes' });
		expect(fake.calls[0].options.content).toBeUndefined();
	});

	it('sends a body as JSON content with Content-Type application/json', async () => {
		const { fake, http } = setup();
		fake.script({ status: 200, json: {} });
		await http.request({ ...base, method: 'PUT', body: { a: 1, b: [null, 'x'] } });
		expect(fake.calls[0].options.headers?.['Content-Type']).toBe('application/json');
		expect(fake.calls[0].options.content).toBe('{"a":1,"b":[null,"x"]}');
	});

	it('does not send a body that cannot be JSON, and does not call', async () => {
		const { fake, http } = setup();
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		const result = await http.request({ ...base, method: 'POST', body: circular });
		expect(failureOf(result).kind).toBe('invalid');
		expect(fake.calls).toHaveLength(0);
	});
});

describe('VendorHttp 2xx bodies', () => {
	const schema = z.object({ items: z.array(z.object({ id: z.string() })) });

	it('returns status, data and lower-cased headers', async () => {
		const result = await answer({ status: 201, json: { x: 1 }, headers: { 'X-Request-Id': 'r1' } });
		expect(result).toEqual({
			ok: true,
			status: 201,
			value: { status: 201, data: { x: 1 }, headers: { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r1' } },
		});
	});

	it('validates with the schema and returns the parsed data', async () => {
		const { fake, http } = setup();
		fake.script({ status: 200, json: { items: [{ id: 'a', extra: true }] } });
		const result = await http.request({ ...base, schema });
		expect(result.ok && result.value.data).toEqual({ items: [{ id: 'a' }] });
	});

	it('a 2xx body that fails the schema is unavailable/server naming the first issue', async () => {
		const { fake, http } = setup();
		fake.script({ status: 200, json: { items: [{ id: 7 }] } });
		const error = failureOf(await http.request({ ...base, schema }));
		expect(error).toMatchObject({ kind: 'unavailable', cause: 'server', status: 200, vendor: 'callbell' });
		expect(error.message).toContain('items.0.id');
		expect(error.message).toMatch(/expected string/i);
	});

	it('parses JSON content itself when the engine left data empty', async () => {
		const { fake, http } = setup();
		fake.script({ status: 200, json: { items: [{ id: 'b' }] }, noData: true, headers: { 'content-type': 'text/plain' } });
		const result = await http.request({ ...base, schema });
		expect(result.ok && result.value.data).toEqual({ items: [{ id: 'b' }] });
	});

	it('keeps non-JSON content as text and an empty body as undefined', async () => {
		const text = await answer({ status: 200, content: 'OK' });
		expect(text.ok && text.value.data).toBe('OK');
		const empty = await answer({ status: 204, content: '' });
		expect(empty.ok).toBe(true);
		expect(empty.ok && empty.value.data).toBeUndefined();
	});
});

describe('VendorHttp and the engine bridge (issue 9)', () => {
	it('asks for the raw body (encoding: null, so the bridge fills no data) and for SSRF validation only when configured', async () => {
		const plain = setup();
		plain.fake.script({ status: 200, json: {} });
		await plain.http.request(base);
		expect(plain.fake.calls[0].options.encoding).toBeNull();
		expect(plain.fake.calls[0].options.ssrfValidation).toBeUndefined();

		const fake = new FakeHttp().script({ status: 200, json: {} });
		await new VendorHttp(fake, { timeoutMs: 1000, ssrfValidation: true }).request(base);
		expect(fake.calls[0].options).toMatchObject({ encoding: null, ssrfValidation: true });
	});

	it('parses the body itself, as text or bytes, dropping "__proto__" keys at any depth', async () => {
		const raw = '{"success":true,"__proto__":{"polluted":1},"meta":{"__proto__":null,"n":1}}';
		for (const content of [raw, Buffer.from(raw, 'utf8') as unknown as string]) {
			const result = await answer({ status: 200, content, headers: { 'content-type': 'application/json' } });
			expect(result.ok && result.value.data).toEqual({ success: true, meta: { n: 1 } });
			expect(JSON.stringify(result.ok && result.value.data)).not.toContain('__proto__');
		}
		const error = failureOf(await answer({ status: 422, content: '{"__proto__":{},"error":"bad input"}' }));
		expect(error).toMatchObject({ kind: 'invalid', message: 'bad input' });
	});
});

describe('VendorHttp status mapping', () => {
	it.each([
		[400, 'invalid'],
		[409, 'invalid'],
		[422, 'invalid'],
		[401, 'unauthorized'],
		[403, 'unauthorized'],
		[404, 'not_found'],
		[429, 'rate_limited'],
	] as const)('%i → %s', async (status, kind) => {
		const error = failureOf(await answer({ status, json: { message: 'vendor says no' } }));
		expect(error).toMatchObject({ kind, status, vendor: 'callbell', message: 'vendor says no' });
	});

	it.each([500, 502, 503, 504, 302, 418, 0])('%i → unavailable/server', async (status) => {
		const error = failureOf(await answer({ status, content: '<html>bad gateway</html>' }));
		expect(error).toMatchObject({ kind: 'unavailable', cause: 'server', status, message: `HTTP ${status}` });
	});
});

describe('Retry-After', () => {
	const retryOf = async (headers?: Record<string, string>) => {
		const error = failureOf(await answer({ status: 429, json: {}, headers }));
		if (error.kind !== 'rate_limited') throw new Error(`expected rate_limited, got ${error.kind}`);
		return error.retryAfterMs;
	};

	it('reads seconds, whatever the header case', async () => {
		expect(await retryOf({ 'Retry-After': '30' })).toBe(30_000);
		expect(await retryOf({ 'retry-after': '2' })).toBe(2_000);
		expect(await retryOf({ 'RETRY-AFTER': ' 0 ' })).toBe(0);
	});

	it('reads an HTTP date against the clock', async () => {
		expect(await retryOf({ 'Retry-After': new Date(NOW + 90_000).toUTCString() })).toBe(90_000);
		expect(await retryOf({ 'Retry-After': new Date(NOW - 90_000).toUTCString() })).toBe(0);
	});

	it('defaults to 60 s when absent or unreadable', async () => {
		expect(await retryOf()).toBe(60_000);
		expect(await retryOf({ 'Retry-After': 'soon' })).toBe(60_000);
		expect(await retryOf({ 'Retry-After': '-5' })).toBe(60_000);
		expect(parseRetryAfter('', NOW)).toBe(60_000);
	});
});

describe('vendor messages', () => {
	it.each([
		['BotPenguin lead', { success: false, message: 'Bad request / invalid parameters', code: 400 }, 'Bad request / invalid parameters'],
		['BotPenguin contacts', { success: false, error: { code: 'UNAUTHORIZED', message: 'Bearer token is invalid or has expired.', statusCode: 401 } }, 'Bearer token is invalid or has expired.'],
		['Rocket.Chat error', { success: false, error: 'No custom user status found with the id of "x".' }, 'No custom user status found with the id of "x".'],
		['Rocket.Chat status', { status: 'error', message: 'You must be logged in to do this.' }, 'You must be logged in to do this.'],
		['Callbell error', { error: 'Invalid token' }, 'Invalid token'],
		['Callbell errors', { errors: ['uuid is invalid', { message: 'available must be boolean' }] }, 'uuid is invalid; available must be boolean'],
		['nothing usable', { foo: 1 }, 'HTTP 400'],
		['array body', [1, 2], 'HTTP 400'],
	])('%s', async (_label, json, message) => {
		expect(failureOf(await answer({ status: 400, json })).message).toBe(message);
	});

	it('falls back to HTTP <status> for a non-JSON body', async () => {
		expect(failureOf(await answer({ status: 403, content: 'Forbidden' })).message).toBe('HTTP 403');
	});

	it('truncates to 300 characters', async () => {
		const error = failureOf(await answer({ status: 400, json: { message: 'x'.repeat(1000) } }));
		expect(error.message.length).toBe(300);
	});
});

describe('thrown errors and timeouts', () => {
	it.each([
		[new Error('ETIMEDOUT'), 'timeout'],
		[new Error('Request timed out after 180000ms'), 'timeout'],
		[new Error('Timeout awaiting response'), 'timeout'],
		[new Error('The operation was aborted'), 'timeout'],
		[Object.assign(new Error('connect failed'), { code: 'ETIMEDOUT' }), 'timeout'],
		[new Error('read ECONNRESET'), 'network'],
		[new Error('connect ECONNREFUSED 127.0.0.1:443'), 'network'],
		[new Error('socket hang up'), 'network'],
		[new Error('getaddrinfo ENOTFOUND api.example.test'), 'network'],
		['a bare string', 'network'],
	])('%p → unavailable/%s', async (thrown, cause) => {
		const error = failureOf(await answer({ throws: thrown }));
		expect(error).toMatchObject({ kind: 'unavailable', cause, vendor: 'callbell' });
		expect(error).not.toHaveProperty('status');
	});

	it('gives up on a call that never answers after timeoutMs (own timer), not before', async () => {
		// The clock is jest's: the test says when the timer fires, whatever the machine's load.
		jest.useFakeTimers();
		try {
			const { fake, http } = setup(40);
			fake.script({ hang: true });
			let settled: VendorResult<unknown> | undefined;
			void http.request(base).then((r) => (settled = r));
			await jest.advanceTimersByTimeAsync(39);
			expect(settled).toBeUndefined();
			await jest.advanceTimersByTimeAsync(1);
			expect(settled && failureOf(settled)).toMatchObject({ kind: 'unavailable', cause: 'timeout' });
		} finally {
			jest.useRealTimers();
		}
	});

	it('never throws, even when the accessor throws synchronously', async () => {
		const broken = {
			get: () => {
				throw new Error('bridge exploded');
			},
		} as unknown as FakeHttp;
		const http = new VendorHttp(broken, { timeoutMs: 1000 });
		const error = failureOf(await http.request(base));
		expect(error).toMatchObject({ kind: 'unavailable', cause: 'network', message: 'bridge exploded' });
	});
});

describe('secret masking', () => {
	const token = 'tok/en+S3CRET';

	it('masks a token the vendor echoes back, raw and URL-encoded', async () => {
		const error = failureOf(
			await answer({ status: 401, json: { message: `token ${token} is not valid (${encodeURIComponent(token)})` } }, { secrets: ['', token] }),
		);
		expect(error.message).toBe('token *** is not valid (***)');
	});

	it('masks secrets in thrown error messages', async () => {
		const error = failureOf(await answer({ throws: new Error(`socket hang up for ${token}`) }, { secrets: [token] }));
		expect(error.message).toBe('socket hang up for ***');
	});

	it('masks a secret that runs past the 300-character cut', async () => {
		// 290 + 13 characters: cutting before masking would leave `tok/en+S3…` behind.
		const error = failureOf(await answer({ status: 400, json: { message: `${'x'.repeat(290)}${token}` } }, { secrets: [token] }));
		expect(error.message).toBe(`${'x'.repeat(290)}***`);
	});
});
