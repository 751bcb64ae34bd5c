import type { AnswerLimit } from './limits';
import { parseRetryAfter } from './retry-after';

/** The vendors the app talks to; one limiter and one client each. */
export type Vendor = 'botpenguin' | 'callbell' | 'rocketchat';

/**
 * What a vendor call can end in. Clients never throw raw responses: they return one of these.
 * Delivery decides retry vs final from `kind`; replies turn it into one translated sentence.
 * `message` is the vendor's own words (already masked of secrets), safe to show an agent.
 */
export type VendorFailure =
	| { kind: 'unauthorized'; vendor: Vendor; status: number; message: string }
	| { kind: 'not_found'; vendor: Vendor; status: number; message: string }
	| { kind: 'rate_limited'; vendor: Vendor; status: number; message: string; retryAfterMs: number }
	| { kind: 'invalid'; vendor: Vendor; status: number; message: string }
	| { kind: 'unavailable'; vendor: Vendor; status?: number; message: string; cause: 'server' | 'timeout' | 'network' }
	/** the vendor answered (2xx) with more than the app reads (limits.ts): refused, never cut */
	| { kind: 'unavailable'; vendor: Vendor; status?: number; message: string; cause: 'too_large'; limit: AnswerLimit }
	| { kind: 'not_configured'; vendor: Vendor; message: string; setting: string };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A failure of one call as the transport sees it, before it is stamped with the vendor. */
export type CallFailure = DistributiveOmit<Exclude<VendorFailure, { kind: 'not_configured' }>, 'vendor'>;

export type VendorResult<T> = { ok: true; value: T; status: number } | { ok: false; error: VendorFailure };

export const ok = <T>(value: T, status = 200): VendorResult<T> => ({ ok: true, value, status });
export const fail = <T = never>(error: VendorFailure): VendorResult<T> => ({ ok: false, error });

/** What an answered non-2xx status means: 400/409/422 invalid, 401/403 unauthorized, 404 not found, 429 rate limited (for `Retry-After`), any other unavailable. */
export function failureOfStatus(status: number, message: string, retryAfter: string | undefined, now: number): CallFailure {
	switch (status) {
		case 400:
		case 409:
		case 422:
			return { kind: 'invalid', status, message };
		case 401:
		case 403:
			return { kind: 'unauthorized', status, message };
		case 404:
			return { kind: 'not_found', status, message };
		case 429:
			return { kind: 'rate_limited', status, message, retryAfterMs: parseRetryAfter(retryAfter, now) };
		default:
			return { kind: 'unavailable', cause: 'server', status, message };
	}
}

/** Whether delivery may try again later (429, 5xx, timeouts, network) or the failure is final. */
export function isRetryable(error: VendorFailure): boolean {
	return error.kind === 'rate_limited' || error.kind === 'unavailable';
}

/**
 * Whether the vendor may have applied a request that failed this way: the request left, and no answer
 * says it was refused. A timeout, a connection lost after connecting, or a gateway timeout (504) may
 * all come after the vendor applied the write; a refused connection or a failed DNS look-up never do,
 * and an answered 4xx/5xx says the vendor did not apply it.
 */
export function mayHaveApplied(error: VendorFailure): boolean {
	if (error.kind !== 'unavailable') return false;
	if (error.cause === 'timeout') return true;
	// an answered 2xx the app would not read: the vendor took the request
	if (error.cause === 'too_large') return true;
	if (error.cause === 'server') return error.status === 504;
	return !NEVER_SENT.test(error.message);
}

/** Network errors that happen before a request leaves: the vendor cannot have seen it. */
const NEVER_SENT = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|getaddrinfo|connection refused|dns|certificate|self[- ]signed|ERR_TLS|UNABLE_TO_VERIFY/i;
