import * as z from '../../../src/zod';
import { BotPenguinClient } from '../../../src/vendors/botpenguin';
import { mayHaveApplied, type VendorFailure, type VendorResult } from '../../../src/vendors/errors';
import { type RequestSpec, VendorHttp } from '../../../src/vendors/http';
import { FakeHttp, type Script } from './fake-http';

/**
 * Whether a failed request left is decided once, in http.ts (or by the client that refused to send),
 * from what happened, and carried as `sent`; `mayHaveApplied` reads only that field.
 */

const NOW = Date.parse('2030-01-01T12:00:00Z');
const write: RequestSpec = { vendor: 'botpenguin', method: 'PUT', url: 'https://api.example.test/inbox/direct/lead', body: { uuid: 'L' }, secrets: [] };

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value)}`);
	return result.error;
}

async function outcome(script: Script, spec: Partial<RequestSpec> = {}) {
	const fake = new FakeHttp().script(script);
	const result = await new VendorHttp(fake, { timeoutMs: 1000, now: () => NOW }).request({ ...write, ...spec });
	return { failure: failureOf(result), calls: fake.calls.length };
}

/** A thrown network error, read as `sent` (and as applied exactly when that may be). */
async function networkFailureReads(thrown: unknown, sent: 'no' | 'unknown') {
	const { failure } = await outcome({ throws: thrown });
	expect(failure).toMatchObject({ kind: 'unavailable', cause: 'network', sent });
	expect(mayHaveApplied(failure)).toBe(sent === 'unknown');
}

const refusedConnection = Object.assign(new Error('connect ECONNREFUSED 203.0.113.7:443'), { code: 'ECONNREFUSED' });
const hungUp = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('refused before sending: sent no, never applied', () => {
	it('a body that cannot be JSON is not sent at all', async () => {
		const circular: Record<string, unknown> = {};
		circular.self = circular;
		const { failure, calls } = await outcome({ status: 200, json: {} }, { body: circular });
		expect(calls).toBe(0);
		expect(failure).toMatchObject({ kind: 'invalid', sent: 'no' });
		expect(mayHaveApplied(failure)).toBe(false);
	});

	it('no time left of a shared deadline: a timeout that never left', async () => {
		const { failure, calls } = await outcome({ status: 200, json: {} }, { deadline: NOW });
		expect(calls).toBe(0);
		expect(failure).toMatchObject({ kind: 'unavailable', cause: 'timeout', sent: 'no' });
		expect(mayHaveApplied(failure)).toBe(false);
	});

	it.each([
		['a refused connection (code)', refusedConnection],
		['a host name that does not resolve (message only, as the bridge hands it)', new Error('getaddrinfo ENOTFOUND api.example.test')],
		['a TLS handshake that failed', Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })],
	])('%s', (_what, thrown) => networkFailureReads(thrown, 'no'));

	it.each([
		['the URL policy refuses the base URL', { baseUrl: 'https://10.0.0.5/api' }],
		['a setting is missing', { leadToken: '' }],
	])('%s: the client does not call', async (_what, config) => {
		const fake = new FakeHttp().script({ status: 200, json: { success: true } });
		const client = new BotPenguinClient(new VendorHttp(fake, { timeoutMs: 1000 }), { baseUrl: 'https://api.example.test', leadToken: 't', apiKey: 'k', botId: 'b', customerId: 'c', ...config });
		const failure = failureOf(await client.updateLead({ uuid: 'L', notes: [{ title: 't', description: 'd' }] }));
		expect(fake.calls).toHaveLength(0);
		expect(failure).toMatchObject({ kind: 'not_configured', sent: 'no' });
		expect(mayHaveApplied(failure)).toBe(false);
	});
});

describe('timed out: sent unknown, may have applied', () => {
	it('our own timer ends a call that never answers', async () => {
		jest.useFakeTimers();
		try {
			const fake = new FakeHttp().script({ hang: true });
			const pending = new VendorHttp(fake, { timeoutMs: 40 }).request(write);
			await jest.advanceTimersByTimeAsync(40);
			const failure = failureOf(await pending);
			expect(failure).toMatchObject({ kind: 'unavailable', cause: 'timeout', sent: 'unknown' });
			expect(mayHaveApplied(failure)).toBe(true);
		} finally {
			jest.useRealTimers();
		}
	});

	it('the bridge gives up (a thrown timeout)', async () => {
		const { failure } = await outcome({ throws: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }) });
		expect(failure).toMatchObject({ kind: 'unavailable', cause: 'timeout', sent: 'unknown' });
		expect(mayHaveApplied(failure)).toBe(true);
	});
});

describe('connection lost after sending: sent unknown, may have applied', () => {
	it.each([
		['socket hang up (ECONNRESET)', hungUp],
		['read ECONNRESET, message only', new Error('read ECONNRESET')],
		['the server refusing a redirect hop (the first hop may have been applied)', new Error('error-ssrf-validation: request to https://10.0.0.1 refused')],
		['something nobody foresaw', 'a bare string'],
		['a hang-up whose words quote a URL that looks like a DNS or TLS failure', new Error('request to https://dns-certificate.example.test/lead failed, reason: socket hang up')],
		['a reset with a code, whatever its words say', Object.assign(new Error('connect ECONNREFUSED, then reset'), { code: 'ECONNRESET' })],
	])('%s', (_what, thrown) => networkFailureReads(thrown, 'unknown'));

	it('an accessor that throws synchronously: where is not known, so neither is whether it left', async () => {
		const broken = {
			put: () => {
				throw new Error('bridge exploded');
			},
		} as unknown as FakeHttp;
		const failure = failureOf(await new VendorHttp(broken, { timeoutMs: 1000 }).request(write));
		expect(failure).toMatchObject({ kind: 'unavailable', sent: 'unknown' });
	});
});

describe('answered: sent yes, applied only when the answer says the vendor took it', () => {
	it.each([
		[500, false],
		[503, false],
		[504, true],
	])('a %i', async (status, applied) => {
		const { failure } = await outcome({ status, json: { message: 'ECONNREFUSED said the body' } });
		expect(failure).toMatchObject({ kind: 'unavailable', cause: 'server', sent: 'yes', status });
		expect(mayHaveApplied(failure)).toBe(applied);
	});

	it('a 4xx', async () => {
		const { failure } = await outcome({ status: 400, json: { message: 'socket hang up' } });
		expect(failure).toMatchObject({ kind: 'invalid', sent: 'yes', status: 400 });
		expect(mayHaveApplied(failure)).toBe(false);
	});

	it('a 2xx whose body a read cannot use: answered, and the vendor took the request', async () => {
		const fake = new FakeHttp().script({ status: 200, content: '<html>oops</html>', headers: { 'content-type': 'text/html' }, noData: true });
		const failure = failureOf(await new VendorHttp(fake, { timeoutMs: 1000 }).request({ ...write, method: 'GET', body: undefined, schema: z.object({ id: z.string() }) }));
		expect(failure).toMatchObject({ kind: 'unavailable', cause: 'server', sent: 'yes', status: 200 });
		expect(mayHaveApplied(failure)).toBe(true);
	});

	it('a 2xx whose body a write cannot read is delivered, unconfirmed (no failure at all)', async () => {
		const fake = new FakeHttp().script({ status: 200, content: '', noData: true });
		const result = await new VendorHttp(fake, { timeoutMs: 1000 }).write(write);
		expect(result).toMatchObject({ ok: true, value: { status: 200, data: { confirmed: false } } });
	});
});

it('mayHaveApplied reads the field, never the words', () => {
	const base = { kind: 'unavailable', vendor: 'botpenguin', cause: 'network' } as const;
	expect(mayHaveApplied({ ...base, sent: 'no', message: 'socket hang up' })).toBe(false);
	expect(mayHaveApplied({ ...base, sent: 'unknown', message: 'connect ECONNREFUSED 127.0.0.1:443' })).toBe(true);
});
