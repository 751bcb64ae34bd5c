import { type Demo, startDemo } from '../../sandbox/demo';
import { sign } from '../../src/endpoints/signature';

/** The app's public HTTP endpoints refuse what they should before doing anything. */
describe('app endpoints: secrets and sizes', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual' });
	});
	afterAll(() => demo.stop());
	afterEach(() => demo.host.assertNoErrors());

	const statusOf = async (endpoint: string, body: unknown, headers: Record<string, string>, query: Record<string, string> = {}) =>
		(await demo.host.api.post(endpoint, body, headers, query)).status;

	it('status: missing, wrong, prefix-of and other-scheme secrets are 401; the right one works', async () => {
		const body = { user: 'alice', status: 'away' };
		for (const headers of [{} as Record<string, string>, { authorization: 'Bearer nope' }, { authorization: 'Bearer demo-api-secre' }, { authorization: 'Bearer demo-api-secretX' }, { authorization: 'Basic demo-api-secret' }]) {
			expect(await statusOf('status', body, headers)).toBe(401);
		}
		expect(demo.host.user('alice').status).not.toBe('away');
		expect(await statusOf('status', body, { authorization: 'Bearer demo-api-secret' })).toBe(200);
		expect(demo.host.user('alice').status).toBe('away');
	});

	it('status: a request signed with the secret (no secret on the wire) works; a bad or stale signature is 401', async () => {
		const body = { user: 'alice', status: 'offline', text: 'Signed' };
		const logsFrom = demo.world.logs.length;
		const t = Math.floor(Date.now() / 1000);
		let n = 0;
		const signature = (secret: string, at: number, nonce = `endpoint-test-nonce-${n++}`) => `t=${at},n=${nonce},v1=${sign(secret, at, nonce, body)}`;
		expect(await statusOf('status', body, { 'x-inbox-bridge-signature': signature('wrong-secret', t) })).toBe(401);
		expect(await statusOf('status', body, { 'x-inbox-bridge-signature': signature('demo-api-secret', t - 600) })).toBe(401);
		expect(await statusOf('status', { ...body, status: 'away' }, { 'x-inbox-bridge-signature': signature('demo-api-secret', t) })).toBe(401);
		expect(demo.host.user('alice').statusText).not.toBe('Signed');
		expect(await statusOf('status', body, { 'x-inbox-bridge-signature': signature('demo-api-secret', t) })).toBe(200);
		expect(demo.host.user('alice').statusText).toBe('Signed');
		expect(JSON.stringify(demo.world.logs.slice(logsFrom))).toContain('x-inbox-bridge-signature');
		expect(JSON.stringify(demo.world.logs.slice(logsFrom))).not.toContain('demo-api-secret');
	});

	it('status: an empty api_secret turns the endpoint off', async () => {
		await demo.host.setSetting('api_secret', '');
		try {
			expect(await statusOf('status', { user: 'alice', status: 'busy' }, { authorization: 'Bearer ' })).toBe(403);
		} finally {
			await demo.host.setSetting('api_secret', 'demo-api-secret');
		}
	});

	it('oversized bodies are refused with 413 before anything happens', async () => {
		demo.sims.callbell.clear();
		const huge = { user: 'alice', status: 'busy', text: 'x'.repeat(20000) };
		expect(await statusOf('status', huge, { authorization: 'Bearer demo-api-secret' })).toBe(413);
		const hugeHook = { email: 'alice@demo.test', available: false, padding: 'y'.repeat(20000) };
		expect(await statusOf('callbell-webhook', hugeHook, {}, { secret: 'demo-webhook-secret' })).toBe(413);
		expect(demo.host.user('alice').status).not.toBe('busy');
		expect(demo.sims.callbell.requests).toHaveLength(0);
	});

	it('callbell-webhook: missing or wrong secret is 401 and changes nothing', async () => {
		const hook = { email: 'alice@demo.test', name: 'Alice', available: false, lastUpdatedAt: new Date().toISOString(), userCustomStatus: null };
		const before = demo.host.user('alice').status;
		expect(await statusOf('callbell-webhook', hook, {})).toBe(401);
		expect(await statusOf('callbell-webhook', hook, {}, { secret: 'demo-webhook-secre' })).toBe(401);
		expect(demo.host.user('alice').status).toBe(before);
	});

	it('unknown endpoints are 404', async () => {
		expect(await statusOf('nope', {}, {})).toBe(404);
	});
});
