/**
 * In-process locks per key: calls for one key run one after the other, calls for different keys side
 * by side. A lock is only a lock, never state: what it protects lives in persistence, because several
 * server instances share that; across instances it does not serialize anything (see claim.ts for the
 * persistence protocol used where that matters). The one implementation: `withKeyLock` below and
 * delivery's instance lock (src/delivery/runtime.ts) are both made of it.
 */
export class KeyedLock {
	private readonly tails = new Map<string, Promise<void>>();

	/**
	 * Runs `fn` once every earlier holder of `key` is done (a failing holder too), or once it has waited
	 * `maxWaitMs` for them (then it runs anyway; by default it waits as long as they take).
	 */
	public async run<T>(key: string, fn: () => Promise<T>, maxWaitMs = Infinity): Promise<T> {
		const previous = this.tails.get(key) ?? Promise.resolve();
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		const tail = previous.then(() => mine);
		this.tails.set(key, tail);
		let timer: ReturnType<typeof setTimeout> | undefined;
		try {
			if (Number.isFinite(maxWaitMs)) await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
			else await previous;
			if (timer !== undefined) clearTimeout(timer);
			return await fn();
		} finally {
			release();
			if (this.tails.get(key) === tail) this.tails.delete(key);
		}
	}
}

const thisInstance = new KeyedLock();

/**
 * `fn` under this server instance's lock of `key`. A holder that takes longer than `maxWaitMs` no
 * longer blocks the next caller (which then runs anyway and logs nothing itself): an engine call is cut
 * off after 30 s, and a lock must never be what makes an unrelated call time out.
 */
export function withKeyLock<T>(key: string, fn: () => Promise<T>, maxWaitMs = 10_000): Promise<T> {
	return thisInstance.run(key, fn, maxWaitMs);
}
