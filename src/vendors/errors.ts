import type { AnswerLimit } from './limits';
import { parseRetryAfter } from './retry-after';

/** The vendors the app talks to; one limiter and one client each. The one list: the type and the schemas of records derive from it. */
export const VENDORS = ['botpenguin', 'callbell', 'rocketchat'] as const;
export type Vendor = (typeof VENDORS)[number];

/**
 * Whether a failed call's request reached the vendor, decided once where the call was made (http.ts,
 * or the client that refused to make it) from what happened, never from the failure's words:
 * - `no`: it never left: a setting missing or refused by the URL policy, a body that could not be
 *   built, no time left for it, a connection refused or a host name that did not resolve;
 * - `unknown`: it may have reached the vendor and no answer came back: a timeout, a connection lost
 *   after sending, a sender that stopped mid-call;
 * - `yes`: the vendor answered (an HTTP status).
 */
export const SENT = ['no', 'unknown', 'yes'] as const;
export type Sent = (typeof SENT)[number];

/**
 * What a vendor call can end in. Clients never throw raw responses: they return one of these.
 * Delivery decides retry vs final from `kind`, and whether the vendor may have applied it from `sent`
 * (`mayHaveApplied`); replies turn it into one translated sentence.
 * `message` is the vendor's own words (already masked of secrets), safe to show an agent, and read by
 * nothing that decides.
 */
export type VendorFailure =
	| { kind: 'unauthorized'; vendor: Vendor; sent: Sent; status: number; message: string }
	| { kind: 'not_found'; vendor: Vendor; sent: Sent; status: number; message: string }
	| { kind: 'rate_limited'; vendor: Vendor; sent: Sent; status: number; message: string; retryAfterMs: number }
	| { kind: 'invalid'; vendor: Vendor; sent: Sent; status: number; message: string }
	| { kind: 'unavailable'; vendor: Vendor; sent: Sent; status?: number; message: string; cause: 'server' | 'timeout' | 'network' }
	/** the vendor answered (2xx) with more than the app reads (limits.ts): refused, never cut */
	| { kind: 'unavailable'; vendor: Vendor; sent: 'yes'; status?: number; message: string; cause: 'too_large'; limit: AnswerLimit }
	| { kind: 'not_configured'; vendor: Vendor; sent: 'no'; message: string; setting: string };

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
			return { kind: 'invalid', sent: 'yes', status, message };
		case 401:
		case 403:
			return { kind: 'unauthorized', sent: 'yes', status, message };
		case 404:
			return { kind: 'not_found', sent: 'yes', status, message };
		case 429:
			return { kind: 'rate_limited', sent: 'yes', status, message, retryAfterMs: parseRetryAfter(retryAfter, now) };
		default:
			return { kind: 'unavailable', cause: 'server', sent: 'yes', status, message };
	}
}

/** Whether delivery may try again later (429, 5xx, timeouts, network) or the failure is final. */
export function isRetryable(error: VendorFailure): boolean {
	return error.kind === 'rate_limited' || error.kind === 'unavailable';
}

/**
 * Whether the vendor may have applied a request that failed this way, from `sent` alone: a request
 * that never left cannot have been applied; one that left without an answer (a timeout, a connection
 * lost after sending) may have been; an answer says it was not — except a 2xx the app would not read
 * (the vendor took it) and a gateway timeout (504: the vendor behind the gateway may have applied it).
 * Refusals by status (4xx kinds) and settings never applied anything.
 */
export function mayHaveApplied(error: VendorFailure): boolean {
	if (error.kind !== 'unavailable') return false;
	switch (error.sent) {
		case 'no':
			return false;
		case 'unknown':
			return true;
		case 'yes':
			return error.status === 504 || (error.status !== undefined && error.status >= 200 && error.status < 300);
	}
}
