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
 * lives in persistence). Persistence has no compare-and-set, so a read-modify-write of a shared record
 * (a limiter window) is serialized here; across instances the claims in src/store/claim.ts decide.
 */
export class SerialLock {
	private chain: Promise<unknown> = Promise.resolve();

	public run<T>(fn: () => Promise<T>): Promise<T> {
		const next = this.chain.then(fn, fn);
		this.chain = next.catch(() => undefined);
		return next;
	}
}

/** The lock of this server instance (one app runtime = one module instance). */
export const instanceLock = new SerialLock();
