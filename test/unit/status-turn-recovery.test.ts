import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type * as FeatureModule from '../../src/status/feature';
import type * as ServicesModule from '../../src/status/services';
import { TURN_LEASE_MS } from '../../src/status/turn/turn';
import { MemoryWorld } from './fakes/memory-world';

/**
 * A status change sends its Callbell half without an outbox record around it (the agent's turn keeps
 * the order: src/delivery/outcome.ts SubmitOptions). What covers an instance that dies in the middle is
 * the turn's claim it leaves behind: the agent's next turn, or the sweep a lease later, takes nothing
 * the ledger says for granted and sends Callbell the state Rocket.Chat shows (src/status/turn/turn.ts,
 * callbell/ledger.ts `ordered`/in doubt, turn/change.ts `repair`).
 *
 * Each "instance" is its own copy of the app's modules (its own in-process locks), as in the status
 * model: the dead instance's lock stays held, as a dead process's would, and only another instance
 * can go on.
 */
interface Instance {
	services: typeof ServicesModule.statusServices;
	feature: typeof FeatureModule.statusFeature;
}

function instance(): Instance {
	let loaded: Instance | undefined;
	jest.isolateModules(() => {
		loaded = {
			services: (require('../../src/status/services') as typeof ServicesModule).statusServices,
			feature: (require('../../src/status/feature') as typeof FeatureModule).statusFeature,
		};
	});
	if (!loaded) throw new Error('modules not loaded');
	return loaded;
}

const UUID = 'cb-alice-0001';

describe('a status turn whose instance died in it', () => {
	function setUp() {
		jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
		const w = new MemoryWorld();
		jest.setSystemTime(w.now);
		const alice = w.addAgent('alice', UUID);
		const [dead, live] = [instance(), instance()];
		const me = () => w.users.get(alice.id) as IUser;
		const by = { source: 'command' as const, requester: { userId: alice.id, username: 'alice' } };
		const change = (i: Instance, presence: 'online' | 'busy') => i.services(w.ctx, w.accessors(), () => w.now).changes.change(me(), { kind: 'set', presence, text: '' }, by);
		const callbell = () => w.cbUsers.get(UUID);
		const later = (ms: number) => {
			w.now += ms;
			jest.setSystemTime(w.now);
		};
		/** Lets the dying call run until it hangs in its Callbell request. */
		const settle = async () => {
			for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
		};
		const sweep = (i: Instance) => {
			if (!i.feature.sweep) throw new Error('the status feature has no sweep');
			return i.feature.sweep(w.ctx, w.accessors());
		};
		return { w, dead, live, change, callbell, later, settle, sweep };
	}
	afterEach(() => jest.useRealTimers());

	it('died after Callbell applied its change: the next change sends the whole state, though the ledger says Callbell has it', async () => {
		const { w, dead, live, change, callbell, later, settle } = setUp();
		await change(live, 'online'); // the ledger now knows Callbell is available
		expect(callbell()?.available).toBe(true);
		w.cbFaults.push('dies_after_applied');
		void change(dead, 'busy'); // never returns
		await settle();
		expect(callbell()?.available).toBe(false); // Callbell took it; the ledger never heard
		later(TURN_LEASE_MS + 1_000);
		const writes = w.cbWrites.length;
		const back = await change(live, 'online');
		expect(back.ok).toBe(true);
		expect(w.cbWrites.length).toBe(writes + 1);
		expect(callbell()?.available).toBe(true);
		expect(w.users.get('u-alice')?.status).toBe('online');
	});

	it('died before its request reached Callbell, and the agent changes nothing: the sweep sends what Rocket.Chat shows, once', async () => {
		const { w, dead, live, change, callbell, later, settle, sweep } = setUp();
		await change(live, 'online');
		w.cbFaults.push('dies_before_sent');
		void change(dead, 'busy');
		await settle();
		expect(w.users.get('u-alice')?.status).toBe('busy'); // Rocket.Chat was written before Callbell
		expect(callbell()?.available).toBe(true);
		// within the lease the turn may still be alive: the sweep leaves it alone
		later(5_000);
		await sweep(live);
		expect(callbell()?.available).toBe(true);
		later(TURN_LEASE_MS);
		const writes = w.cbWrites.length;
		await sweep(live);
		expect(callbell()?.available).toBe(false);
		expect(w.cbWrites.length).toBe(writes + 1);
		// repaired: the dead claim is gone, so the next sweep and the next change trust the ledger again
		await sweep(live);
		expect(w.cbWrites.length).toBe(writes + 1);
		await change(live, 'busy');
		expect(w.cbWrites.length).toBe(writes + 1);
	});

	it('a dead claim of a user deleted since is cleared by the sweep, so it never takes a repair’s place', async () => {
		const { w, dead, live, change, settle, later, sweep } = setUp();
		await change(live, 'online');
		w.cbFaults.push('dies_before_sent');
		void change(dead, 'busy');
		await settle();
		w.users.delete('u-alice');
		later(TURN_LEASE_MS + 1_000);
		const turns = () => live.services(w.ctx, w.accessors(), () => w.now).turns;
		expect(await turns().abandoned()).toEqual(['u-alice']);
		await sweep(live);
		expect(await turns().abandoned()).toEqual([]);
	});

	it('a turn that ends, even by an error, leaves nothing to repair', async () => {
		const { w, live, change, callbell, later, sweep } = setUp();
		await change(live, 'online');
		w.cbFaults.push(500);
		const failed = await change(live, 'busy');
		expect(failed.ok && failed.applied.callbell.state).toBe('queued');
		later(TURN_LEASE_MS + 1_000);
		const writes = w.cbWrites.length;
		await sweep(live);
		// no repair: the queued change stays the drain's (src/delivery/jobs.ts runs it before this sweep)
		expect(callbell()?.available).toBe(true);
		expect(w.cbWrites.length).toBe(writes);
	});
});
