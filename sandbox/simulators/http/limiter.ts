/** Rate limiter: a sliding log per key; only accepted requests are logged. */
import type { RateLimit } from './types';

export class SlidingWindowLimiter {
	private readonly hits = new Map<string, number[]>();
	constructor(public config: RateLimit | null) {}

	/** null when allowed (and counted), otherwise ms until a slot frees up. */
	take(key: string, now: number): number | null {
		if (!this.config) return null;
		const { limit, windowMs } = this.config;
		const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
		if (list.length >= limit) {
			this.hits.set(key, list);
			return Math.max(1, list[0] + windowMs - now);
		}
		list.push(now);
		this.hits.set(key, list);
		return null;
	}

	clear(): void {
		this.hits.clear();
	}
}

export function retryAfterSeconds(ms: number): number {
	return Math.max(1, Math.ceil(ms / 1000));
}
