import type { ClaimSource } from '../../presence-claims';
import type { Presence } from '../../vendors/rocketchat';

/**
 * What the per-agent turn asks of Rocket.Chat, and what it gets back, for the one unit that writes a
 * status there (writer.ts): `updateStatus` on engines without presence claims, a claim on 8.6+.
 */

/** Who wanted the change: decides the claim's source (CLAIM_SOURCE). */
export type ChangeBy = 'self' | 'manager' | 'bot' | 'callbell' | 'hours' | 'timer';

export interface RcChange {
	presence: Presence;
	text: string;
	/** When the status ends (epoch ms). Claims: `statusExpiresAt`, ended by the server. Old engines: ignored (the app's timer job restores). */
	until?: number;
	by: ChangeBy;
	/** Unique per app change (the turn's `s<seq>`): the claim's id is `inbox-bridge:<token>`. */
	token: string;
}

export type WriteResult =
	/** `updateStatus` took it (old engine, or the probe could not decide). */
	| { ok: true; via: 'status' }
	/**
	 * The claim was written. `shows`: `now` = read back as the shown claim; `later` = something stronger
	 * (`behind`) shows: it waits and shows when that ends, unless the server's single waiting slot holds
	 * something stronger too (then it was dropped: the server does not say which); `unconfirmed` = the
	 * user as read carries no claim fields, so nothing can be told. `presence` is what was claimed
	 * (`away` becomes `busy` on claims servers).
	 */
	| { ok: true; via: 'claims'; presence: Presence; shows: 'now' | 'unconfirmed' }
	| { ok: true; via: 'claims'; presence: Presence; shows: 'later'; behind: ClaimSource }
	/** The agent chose invisible: only their own `/st` changes that. Nothing was written. */
	| { ok: false; reason: 'offline'; detail: string }
	/** Another integration's claim (a calendar meeting) shows: not overwritten. Try again at `retryAt` (its end), if it has one. */
	| { ok: false; reason: 'deferred'; detail: string; retryAt?: number }
	/** `until` is not in the future: nothing to claim. */
	| { ok: false; reason: 'expired'; detail: string }
	/** `updateStatus` answered false, or the claim was written and does not show with nothing stronger in front of it. */
	| { ok: false; reason: 'rejected'; detail: string }
	| { ok: false; reason: 'error'; detail: string };

export type EndResult =
	/** The claim with the change's id ended (or had already gone: the server ignores an id no claim has). */
	| { ok: true; via: 'claims' }
	/** No claims here (`legacy`) or not known yet (`unknown`): nothing to end; the old path restores by writing. */
	| { ok: false; reason: 'legacy' | 'unknown' | 'error'; detail: string };

/**
 * The source each writer claims with: who wanted the status (docs/presence-8.6.md, "Design").
 * - `self`: the person's own intent. Lifts their own invisible; during a call it waits and shows after.
 * - `manager`: a deliberate human decision that must show over integrations (as `external` it would wait
 *   forever behind any status the agent ever picked: on 8.6 every pick is a lasting manual claim). The
 *   writer refuses it while the agent chose invisible: lifting that stays theirs.
 * - `callbell`, `bot`, `hours`, `timer`: automation driven by an inbox or a schedule. Never over a call,
 *   a meeting or the person's own choice (they wait behind those); never over another integration's
 *   claim (a calendar meeting), which the writer checks first because equal sources replace in place.
 */
export const CLAIM_SOURCE: Record<ChangeBy, Extract<ClaimSource, 'manual' | 'external'>> = {
	self: 'manual',
	manager: 'manual',
	bot: 'external',
	callbell: 'external',
	hours: 'external',
	timer: 'external',
};

export const APP_CLAIM_PREFIX = 'inbox-bridge:';
export const claimId = (token: string): string => `${APP_CLAIM_PREFIX}${token}`;
export const isAppClaim = (statusId: string | undefined): boolean => statusId?.startsWith(APP_CLAIM_PREFIX) === true;
