import { maskSecrets } from './masking';

/** Longest vendor message kept in a failure. */
export const MAX_MESSAGE_LENGTH = 300;

/**
 * A message fit for a failure (shown to agents, kept in the outbox and the audit): every secret sent in
 * the call masked in every encoding (masking.ts), then cut to `MAX_MESSAGE_LENGTH` characters.
 */
export function cleanMessage(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
	const masked = maskSecrets(text, secrets);
	return masked.length > MAX_MESSAGE_LENGTH ? `${masked.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : masked;
}
