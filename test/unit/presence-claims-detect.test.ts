import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
import { detectClaims, PROBE_STATUS_ID } from '../../src/presence-claims';

/**
 * Run-time detection of presence claims (src/presence-claims.ts) against the three shapes a user
 * updater has: a plain object without the methods (a runtime built from pre-1.65 definitions), the
 * Deno runtime's Proxy on which every name is a function that the server may refuse, and an engine
 * that has them.
 */

type Call = { method: string; params: unknown[] };

/** Like the Deno runtime's updater: every property is a function forwarding to the "server". */
function proxyUpdater(server: (call: Call) => Promise<unknown>): { updater: IUserUpdater; calls: Call[] } {
	const calls: Call[] = [];
	const updater = new Proxy(
		{},
		{
			get:
				(_t, method: string) =>
				(...params: unknown[]) => {
					calls.push({ method, params });
					return server({ method, params });
				},
		},
	) as IUserUpdater;
	return { updater, calls };
}

/** What the 1.62 server answers for a method its updater lacks (AppsEngineDenoRuntime.handleAccessorMessage). */
const server162 = async ({ method }: Call) => {
	if (method === 'setActiveState' || method === 'endActiveState') throw new Error(`Invalid accessor method "${method}"`);
	return true;
};

describe('detecting presence claims', () => {
	it('an updater without the methods is the old engine, without a call', async () => {
		const calls: string[] = [];
		const updater = { updateStatus: async () => (calls.push('updateStatus'), true) } as unknown as IUserUpdater;
		expect(await detectClaims(updater, 'app-user')).toEqual({ kind: 'legacy' });
		expect(calls).toEqual([]);
	});

	it('a Proxy updater the server refuses the methods of is the old engine', async () => {
		const { updater, calls } = proxyUpdater(server162);
		expect(await detectClaims(updater, 'app-user')).toEqual({ kind: 'legacy' });
		expect(calls).toEqual([{ method: 'endActiveState', params: ['app-user', PROBE_STATUS_ID] }]);
	});

	it('an engine that ends the probe has claims; the probe names no claim the app ever makes', async () => {
		const { updater, calls } = proxyUpdater(async () => undefined);
		const support = await detectClaims(updater, 'app-user');
		expect(support.kind).toBe('claims');
		expect(calls).toEqual([{ method: 'endActiveState', params: ['app-user', PROBE_STATUS_ID] }]);
		expect(PROBE_STATUS_ID.startsWith('inbox-bridge:')).toBe(false);
		if (support.kind === 'claims') {
			await support.updater.setActiveState('u1', { statusDefault: 'busy', statusSource: 'manual', statusId: 'inbox-bridge:1' });
			expect(calls[1]).toEqual({ method: 'setActiveState', params: ['u1', { statusDefault: 'busy', statusSource: 'manual', statusId: 'inbox-bridge:1' }] });
		}
	});

	it('any other failure of the probe decides nothing', async () => {
		const { updater } = proxyUpdater(async () => {
			throw new Error('Request timed out after 30000 ms');
		});
		expect(await detectClaims(updater, 'app-user')).toEqual({ kind: 'unknown', reason: 'Request timed out after 30000 ms' });
	});
});
