/** `Retry-After` when absent or unreadable. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date; 60 s when absent or unreadable.
 * A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number): number {
	if (typeof value !== 'string') return DEFAULT_RETRY_AFTER_MS;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		return Math.round(Number(text) * 1000);
	}
	if (/[a-z]/i.test(text)) {
		const at = Date.parse(text);
		if (Number.isFinite(at)) return Math.max(0, at - now);
	}
	return DEFAULT_RETRY_AFTER_MS;
}
