import { claimOnce, pruneClaims } from '../../src/store/once';
import { KeyValueStore } from '../../src/store/kv';
import { SerialLock } from '../../src/delivery/runtime';
import { withKeyLock } from '../../src/store/lock';
import type * as ClaimModule from '../../src/store/once';
import { MemoryWorld } from './fakes/memory-world';

const storeOf = (w: MemoryWorld) => {
	const a = w.accessors();
	return new KeyValueStore(a.read.getPersistenceReader(), a.persis);
};

describe('claimed once', () => {
	it('of ten concurrent claims in one instance, exactly one wins; a later one loses until the claim expires', async () => {
		const w = new MemoryWorld();
		const kv = storeOf(w);
		const wins = await Promise.all(Array.from({ length: 10 }, () => claimOnce(kv, 'k', 60_000, 1000)));
		expect(wins.filter(Boolean)).toHaveLength(1);
		expect(await claimOnce(kv, 'k', 60_000, 2000)).toBe(false);
		expect(await claimOnce(kv, 'k', 60_000, 61_001)).toBe(true);
	});

	it('two instances (separate locks) over one store: still one winner when the claims interleave', async () => {
		const w = new MemoryWorld();
		let other!: typeof ClaimModule;
		jest.isolateModules(() => {
			other = require('../../src/store/once') as typeof ClaimModule;
		});
		for (let round = 0; round < 20; round++) {
			const key = `k${round}`;
			const wins = await Promise.all([claimOnce(storeOf(w), key, 60_000, 1000), other.claimOnce(storeOf(w), key, 60_000, 1000), claimOnce(storeOf(w), key, 60_000, 1000)]);
			expect(wins.filter(Boolean)).toHaveLength(1);
		}
	});

	it('prunes keys whose claims all expired, and only those', async () => {
		const w = new MemoryWorld();
		const kv = storeOf(w);
		await claimOnce(kv, 'old', 10, 1000);
		await claimOnce(kv, 'live', 60_000, 1000);
		expect(await pruneClaims(kv, 5000)).toBe(1);
		expect(await claimOnce(kv, 'old', 10, 5000)).toBe(true);
		expect(await claimOnce(kv, 'live', 60_000, 5000)).toBe(false);
	});
});

describe('per-key lock', () => {
	it('runs calls for one key one after the other, other keys side by side', async () => {
		const log: string[] = [];
		const step = (key: string, name: string) =>
			withKeyLock(key, async () => {
				log.push(`${name}+`);
				await new Promise((r) => setImmediate(r));
				log.push(`${name}-`);
			});
		await Promise.all([step('a', 'a1'), step('a', 'a2'), step('b', 'b1')]);
		expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
		expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
	});

	it('a failing holder does not block the next', async () => {
		await expect(withKeyLock('f', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(withKeyLock('f', async () => 'next')).resolves.toBe('next');
	});

	it('a holder past maxWaitMs no longer blocks withKeyLock; delivery’s instance lock waits for it however long', async () => {
		jest.useFakeTimers();
		try {
			let holderDone!: () => void;
			const holding = new Promise<void>((resolve) => (holderDone = resolve));
			const log: string[] = [];
			void withKeyLock('slow', () => holding);
			const next = withKeyLock('slow', async () => void log.push('key lock: ran'), 50);
			const serial = new SerialLock();
			void serial.run(() => holding);
			const queued = serial.run(async () => void log.push('instance lock: ran'));
			await jest.advanceTimersByTimeAsync(60_000);
			await next;
			expect(log).toEqual(['key lock: ran']);
			holderDone();
			await queued;
			expect(log).toEqual(['key lock: ran', 'instance lock: ran']);
		} finally {
			jest.useRealTimers();
		}
	});
});
