import fc from 'fast-check';
import { Claims } from '../../src/store/claim';
import { KeyValueStore } from '../../src/store/kv';
import { MemoryStore } from './fakes/memory-store';

/**
 * `Claims.acquire`: waiting for a claim someone else holds (an agent's turn held by another instance).
 * Holders never overlap, every waiter gets its turn once the holder lets go, a waiter gives up after
 * its budget of pauses (not by the clock, which a test may freeze), and waiting only reads.
 */
const tick = () => new Promise<void>((r) => setImmediate(r));
const noSleep = async () => tick();

function interleaved(seed: number): MemoryStore {
	let s = seed >>> 0;
	return new MemoryStore(async () => {
		s = (Math.imul(s, 1103515245) + 12345) >>> 0;
		for (let i = s % 4; i > 0; i--) await tick();
	});
}

describe('Claims.acquire', () => {
	it('several claimants of one resource: each gets it, one at a time (searched)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat(3), { minLength: 2, maxLength: 5 }), fc.integer(), async (delays, seed) => {
				const store = interleaved(seed);
				const shared = new Claims(new KeyValueStore(store.reader(), store.writer()));
				let holders = 0;
				let most = 0;
				let served = 0;
				await Promise.all(
					delays.map(async (d) => {
						for (let i = 0; i < d; i++) await tick();
						const c = await shared.acquire('agent', 60_000, { waitMs: 10_000, sleep: noSleep });
						expect(c).toBeDefined();
						most = Math.max(most, ++holders);
						for (let i = 0; i < 3; i++) await tick();
						holders--;
						served++;
						await shared.release(c!);
					}),
				);
				expect(most).toBe(1);
				expect(served).toBe(delays.length);
			}),
			{ numRuns: 150 },
		);
	});

	it('gives up after its budget of pauses while the holder keeps it, having only looked', async () => {
		const store = new MemoryStore();
		const writer = store.writer();
		let writes = 0;
		const counted = { ...writer, updateByAssociations: (...args: Parameters<typeof writer.updateByAssociations>) => (writes++, writer.updateByAssociations(...args)) } as typeof writer;
		const holder = new Claims(new KeyValueStore(store.reader(), writer), () => 0);
		expect(await holder.take('agent', 60_000)).toBeDefined();
		const claims = new Claims(new KeyValueStore(store.reader(), counted), () => 0);
		let slept = 0;
		const got = await claims.acquire('agent', 60_000, { waitMs: 1000, sleep: async (ms) => void (slept += ms) });
		expect(got).toBeUndefined();
		// the pauses are jittered, but the last one is cut to the budget: exactly the budget, whatever the draws
		expect(slept).toBe(1000);
		// one attempt written (and removed again), then only looks: the holder's claim is the only record
		expect(writes).toBe(1);
		expect(store.records.size).toBe(1);
	});

	it('a claim left by a holder that died is ignored once its lease is over', async () => {
		let now = 0;
		const store = new MemoryStore();
		const claims = new Claims(new KeyValueStore(store.reader(), store.writer()), () => now);
		expect(await claims.take('agent', 30_000)).toBeDefined();
		const waiting = claims.acquire('agent', 30_000, { waitMs: 60_000, sleep: async (ms) => void (now += ms) });
		expect(await waiting).toBeDefined();
		expect(now).toBeGreaterThanOrEqual(30_000);
	});

	it('a look that fails after the claim was written removes it again: nothing holds the resource for the lease', async () => {
		const store = new MemoryStore();
		class FailingOnce extends KeyValueStore {
			private failed = false;
			public override async list<T>(tag: string): Promise<T[]> {
				if (!this.failed) {
					this.failed = true;
					throw new Error('persistence unavailable');
				}
				return super.list<T>(tag);
			}
		}
		const claims = new Claims(new FailingOnce(store.reader(), store.writer()), () => 0);
		await expect(claims.take('agent', 60_000)).rejects.toThrow('persistence unavailable');
		expect(store.records.size).toBe(0);
		expect(await claims.take('agent', 60_000)).toBeDefined();
	});

	it('a claim record whose time does not read is no claim: removed by the next taker, never held', async () => {
		const store = new MemoryStore();
		const kv = new KeyValueStore(store.reader(), store.writer());
		await kv.put('claim:agent:bad', { resource: 'agent', token: 'bad', at: Number.NaN }, ['claims:agent']);
		const claims = new Claims(kv, () => 0);
		expect(await claims.held('agent', 60_000)).toBe(false);
		expect(await claims.take('agent', 60_000)).toBeDefined();
		expect(store.records.size).toBe(1);
	});
});
