/**
 * The sandbox server's HTTP bridge when the server stops (sandbox/host/bridges/http.ts): a call the app
 * gave up on may still run (an endless body, an answer that never comes). Stopping cuts it off and waits
 * until it settled, so the engine hands its answer to the app's process while that still runs; a late
 * answer to a stopped process is an engine error that would land in whatever host runs next.
 */
import type { IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge';
import { httpBridge } from '../../sandbox/host/bridges/http';
import { World } from '../../sandbox/host/world';
import { type CallbellSim, DEMO, demoCallbellOptions, startCallbell } from '../../sandbox/simulators';

let cb: CallbellSim;
beforeEach(async () => {
	cb = await startCallbell(demoCallbellOptions());
});
afterEach(async () => {
	await cb.close();
});

/** The bridge's call as the engine makes it (a long timeout: only stopping can end it here). */
function get(bridge: ReturnType<typeof httpBridge>['bridge']): Promise<unknown> {
	const info = { appId: 'test', method: 'get', url: `${cb.url}/v1/custom_statuses`, request: { headers: { Authorization: `Bearer ${DEMO.callbellToken}` }, timeout: 60_000 } } as unknown as IHttpBridgeRequestInfo;
	return (bridge as unknown as { call: (i: IHttpBridgeRequestInfo) => Promise<unknown> }).call(info);
}

it.each([
	['an endless body', () => cb.floodNext(1, 'endless')],
	['no answer at all', () => cb.hangNext(1)],
])('%s: stopping the server ends the call with an error and waits for it', async (_, fault) => {
	fault();
	const { bridge, end } = httpBridge(new World());
	const outcome = get(bridge).then(
		() => 'answered',
		(e: Error) => e.message,
	);
	await cb.waitForRequest((r) => r.path.endsWith('/custom_statuses'), 10_000);
	let settled = false;
	void outcome.then(() => (settled = true));
	await end();
	expect(settled).toBe(true);
	expect(await outcome).toBe('The server is stopping.');
});

it('twenty calls at once (a shift change runs twenty jobs together): all cut off at stop', async () => {
	cb.hangNext(20);
	const { bridge, end } = httpBridge(new World());
	const outcomes = Array.from({ length: 20 }, () => get(bridge).then(() => 'answered', (e: Error) => e.message));
	for (let seen = 0; seen < 20; seen = cb.requests.filter((r) => r.path.endsWith('/custom_statuses')).length) await new Promise((r) => setTimeout(r, 10));
	await end();
	expect(await Promise.all(outcomes)).toEqual(Array(20).fill('The server is stopping.'));
});

it('a call after the server stopped never reaches the vendor', async () => {
	const { bridge, end } = httpBridge(new World());
	await end();
	await expect(get(bridge)).rejects.toThrow('The server is stopping.');
	expect(cb.requests).toHaveLength(0);
});
