import { isRetryable, type VendorFailure } from '../vendors/errors';

export interface RateLimit {
	limit: number;
	windowMs: number;
}

/**
 * One slot of a limiter window, as persisted: taken at `at` for one request. Until the vendor answers,
 * that request may reach the vendor (and be counted there) at any moment up to `leaseUntil`; once
 * `answeredAt` is known, the vendor counted it by then.
 */
export interface WindowSlot {
	at: number;
	leaseUntil: number;
	answeredAt?: number;
}

/** The limiter's guard: this share of the window (1 %)… */
export const GUARD_SHARE = 0.01;
/** …but never more than this. */
export const GUARD_MAX_MS = 250;
/** A sender holds an item (and its limiter slot) this long beyond the HTTP timeout; past it the sender is presumed dead. */
export const LEASE_MARGIN_MS = 10000;

/**
 * Slack added to the window: our clock stamps a request before it leaves, the vendor stamps it when it
 * arrives, so a slot is reused a little later than the bare window (`GUARD_SHARE` of it, at most `GUARD_MAX_MS`).
 */
export const guardMs = (windowMs: number): number => Math.min(GUARD_MAX_MS, Math.ceil(windowMs * GUARD_SHARE));

/** How long a sender holds what it sends (an outbox item, a limiter slot): the HTTP timeout and a margin. */
export const senderLeaseMs = (timeoutMs: number): number => timeoutMs + LEASE_MARGIN_MS;

/**
 * Until when a slot counts: a window (and the guard) after the vendor answered, or, never answered,
 * after the last moment its request could still have reached the vendor.
 */
export const heldUntil = (slot: WindowSlot, windowMs: number): number => (slot.answeredAt ?? slot.leaseUntil) + windowMs + guardMs(windowMs);

/** The earliest a slot can free: one still in flight could be answered right now. */
const earliestFree = (slot: WindowSlot, windowMs: number, now: number): number =>
	slot.answeredAt === undefined && slot.leaseUntil > now ? now + windowMs + guardMs(windowMs) : heldUntil(slot, windowMs);

/**
 * May one more request go now, given the slots that still count (`held`: `heldUntil` after now)?
 * If not, how long until one may free. Pure, so it is unit-tested and shared by every instance
 * through the slots in persistence.
 */
export function admit(held: WindowSlot[], limit: RateLimit, now: number): { ok: true } | { ok: false; waitMs: number } {
	if (held.length < limit.limit) return { ok: true };
	const frees = held.map((s) => earliestFree(s, limit.windowMs, now)).sort((a, b) => a - b);
	return { ok: false, waitMs: Math.max(1, frees[held.length - limit.limit] - now) };
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
