import { DEMO } from '../../sandbox/simulators';
import { demoPerTest } from './fixtures';

/**
 * The host counts every call the app's runtime makes to the server (sandbox/host/engine-calls.ts):
 * the figure `npm run bench` prints per operation. These tests hold the counter to what the engine
 * and the simulators saw, so a counter that misses or invents calls fails here.
 */

const demo = demoPerTest({ echoStatusEvents: false });
const host = () => demo().host;
const ALICE_CB = DEMO.callbellUsers[0].uuid;

describe('the engine-call counter', () => {
	it('/inbox-bridge help costs exactly one user read (the app user) and one notification', async () => {
		const { calls, result } = await host().engineCalls.measure(() => host().as('alice').run('/inbox-bridge help'));
		expect(result.texts).toHaveLength(1);
		expect(calls.byKind).toEqual({ message: 1, 'user.read': 1 });
		expect(calls.byMethod).toEqual({
			'accessor:getReader:getUserReader:getAppUser': 1,
			'bridges:getMessageBridge:doNotifyUser': 1,
		});
		expect(calls.total).toBe(2);
	});

	it('/st busy of a linked agent: settings reads, one HTTP call (the Callbell PUT), one user update (and the claims probe), one reply', async () => {
		const { calls } = await host().engineCalls.measure(() => host().as('alice').run('/st busy'));
		// the HTTP calls counted are the requests the simulators received, no more, no fewer
		expect(demo().sims.callbell.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /v1/users/${ALICE_CB}/status`]);
		const vendorRequests = demo().sims.list.reduce((n, s) => n + s.requests.length, 0);
		expect(calls.byKind.http).toBe(vendorRequests);
		expect(calls.byKind['settings.read']).toBeGreaterThanOrEqual(1);
		// the status write, and once per runtime the probe for presence claims (Rocket.Chat 8.6+: src/status/claims/probe.ts),
		// which this engine refuses: the write is then `updateStatus` as ever
		expect(calls.byKind['user.update']).toBe(2);
		expect(Object.entries(calls.byMethod).filter(([m]) => m.includes(':getUserUpdater:'))).toEqual([
			['accessor:getModifier:getUpdater:getUserUpdater:endActiveState', 1],
			['accessor:getModifier:getUpdater:getUserUpdater:updateStatus', 1],
		]);
		expect(calls.byKind.message).toBe(1);
		expect(Object.values(calls.byKind).reduce((a, b) => a + b, 0)).toBe(calls.total);
		expect(Object.values(calls.byMethod).reduce((a, b) => a + b, 0)).toBe(calls.total);
	});

	it('counts from the last reset: nothing between operations, and a second command only its own calls', async () => {
		await host().as('alice').run('/st busy');
		host().engineCalls.reset();
		expect(host().engineCalls.snapshot()).toEqual({ total: 0, byKind: {}, byMethod: {} });
		await host().as('alice').run('/inbox-bridge help');
		// the notification only: the app's bot user was read by the first command (once per app instance)
		expect(host().engineCalls.snapshot().byMethod).toEqual({ 'bridges:getMessageBridge:doNotifyUser': 1 });
	});
});
