import { isRetryable, type VendorFailure } from '../vendors/errors';

/** Sliding-window log: the send times within the last window. Pure, so it is unit-tested and shared by every instance through persistence. */
export interface WindowLog {
	sent: number[];
}

export interface RateLimit {
	limit: number;
	windowMs: number;
}

/** The limiter's guard: this share of the window (1 %)… */
export const GUARD_SHARE = 0.01;
/** …but never more than this. */
export const GUARD_MAX_MS = 250;

/**
 * Slack added to the window: our clock stamps a request before it leaves, the vendor stamps it when it
 * arrives, so a slot is reused a little later than the bare window (`GUARD_SHARE` of it, at most `GUARD_MAX_MS`).
 */
export const guardMs = (windowMs: number): number => Math.min(GUARD_MAX_MS, Math.ceil(windowMs * GUARD_SHARE));

/** May one more request go now? If not, how long until a slot frees. */
export function tryAcquire(log: WindowLog, limit: RateLimit, now: number): { ok: true; log: WindowLog } | { ok: false; waitMs: number; log: WindowLog } {
	const window = limit.windowMs + guardMs(limit.windowMs);
	const recent = log.sent.filter((t) => t > now - window).sort((a, b) => a - b);
	if (recent.length < limit.limit) return { ok: true, log: { sent: [...recent, now] } };
	const oldestThatMatters = recent[recent.length - limit.limit];
	return { ok: false, waitMs: Math.max(1, oldestThatMatters + window - now), log: { sent: recent } };
}

export interface RetryPolicy {
	baseDelayMs: number;
	maxDelayMs: number;
	maxAgeMs: number;
}

/** What to do after a failed attempt: retry at a time, or stop with the failure. */
export function nextAttempt(
	failure: VendorFailure,
	attempt: number,
	createdAt: number,
	now: number,
	policy: RetryPolicy,
	random: () => number = Math.random,
): { retry: true; at: number } | { retry: false } {
	if (!isRetryable(failure)) return { retry: false };
	let delay: number;
	if (failure.kind === 'rate_limited') {
		delay = Math.max(failure.retryAfterMs, 1);
	} else {
		const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
		delay = Math.round(exp * (0.5 + random() * 0.5)); // "equal jitter": never less than half the backoff
	}
	const at = now + delay;
	if (at - createdAt > policy.maxAgeMs) return { retry: false };
	return { retry: true, at };
}

/** A short non-reversible tag for a token, so limiter keys never hold the secret itself. */
export function tokenTag(token: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < token.length; i++) {
		h ^= token.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h.toString(16).padStart(8, '0');
}
