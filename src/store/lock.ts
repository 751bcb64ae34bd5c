/**
 * An in-process lock per key: calls for one key run one after the other, calls for different keys
 * side by side. It is only a lock, never state: what it protects lives in persistence, because
 * several server instances share that; across instances it does not serialize anything (see
 * claim.ts for the persistence protocol used where that matters).
 *
 * A holder that takes longer than `maxWaitMs` no longer blocks the next caller (which then runs
 * anyway and logs nothing itself): an engine call is cut off after 30 s, and a lock must never be
 * what makes an unrelated call time out.
 */
const tails = new Map<string, Promise<void>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>, maxWaitMs = 10_000): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	let release!: () => void;
	const mine = new Promise<void>((resolve) => (release = resolve));
	const tail = previous.then(() => mine);
	tails.set(key, tail);
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
		if (timer !== undefined) clearTimeout(timer);
		return await fn();
	} finally {
		release();
		if (tails.get(key) === tail) tails.delete(key);
	}
}
