import { type Demo, startDemo } from '../../sandbox/demo';

/**
 * The engine bug behind issue 9, shown on purpose: with the legacy public URLs switched on, one
 * unauthenticated request whose JSON body has a `"__proto__"` key kills the app's Deno runtime
 * (Apps-Engine 1.62: its msgpack decoder refuses the key, nothing catches it). The app's own code
 * never runs, so no check in it can help; only not being reachable does (public-surface.test.ts).
 * Its own file: the runtime does not come back.
 */
describe('engine bug: "__proto__" in a public endpoint body', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual' });
	});
	afterAll(() => demo.stop());

	it('with public_endpoints on, the legacy URLs work, health warns, and one stranger\'s body takes the whole app down', async () => {
		await demo.host.setSetting('public_endpoints', true);
		// The engine reads endpoint visibility when it configures the app: on enable or a server start.
		await demo.restart({ timers: 'manual' });
		const publicUrl = demo.host.api.publicUrl('callbell-webhook');
		expect(demo.host.api.url('callbell-webhook')).toBe(publicUrl);
		const hook = { email: 'alice@demo.test', available: false, userCustomStatus: null };
		expect((await demo.host.api.request('POST', publicUrl, { body: hook, query: { secret: 'demo-webhook-secret' } })).status).toBe(200);
		expect((await demo.host.as('admin').run('/inbox-bridge health')).text).toContain('public_endpoints');

		// No secret: the body is decoded by the runtime before any app code could refuse it.
		const crash = await demo.host.api.request('POST', publicUrl, { raw: '{"email":"x@y.z","available":true,"__proto__":{}}' }).then(
			(res) => `answered ${res.status}`,
			(e: Error) => `failed: ${e.message}`,
		);
		expect(crash).not.toBe('answered 200');
		await expect(demo.host.as('admin').run('/inbox-bridge help')).rejects.toThrow();
		demo.host.errors.splice(0);
	}, 120000);
});
