import { KeyedLock } from '../store/lock';

/**
 * What delivery needs from the machine it runs on, handed in so tests (and the model-based ones that
 * play two server instances over one store) can drive time and interleavings.
 */
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

/**
 * Runs critical sections one after another within one server instance (a lock, not state: the state
 * lives in persistence). Across instances nothing is serialized: the protocols over persistence decide
 * there (the claims in src/store/claim.ts, the limiter's slots). `id` names the instance in what they
 * write, so a taker can tell a record of its own instance (never racing it) from another's. Unlike
 * `withKeyLock`, a holder is waited for however long it takes: the limiter's count depends on it.
 * Tests make one per simulated instance.
 */
export class SerialLock {
	public readonly id = `i${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	private readonly lock = new KeyedLock();

	public run<T>(fn: () => Promise<T>): Promise<T> {
		return this.lock.run('', fn);
	}
}

/** The lock of this server instance (one app runtime = one module instance). */
export const instanceLock = new SerialLock();
