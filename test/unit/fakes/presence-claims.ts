/**
 * A model of Rocket.Chat 8.6+'s presence claims, written from the rules (docs/presence-8.6.md,
 * "The rules"), not from Rocket.Chat's code: what a user's status becomes when calls, meetings,
 * calendars, the user and apps claim it. For unit tests of the app's claims path, which no runtime on
 * npm can run (engines 1.63+ ship definitions only).
 *
 * State is one user's: the active claim, one stash slot, the live connection. Every operation is
 * a pure function from a state to the next state and what happened; time is passed in (ms).
 */

export type Presence = 'online' | 'away' | 'busy' | 'offline';
/** Who claims: a call or meeting inside Rocket.Chat, the person, an integration. No source = system. */
export type ClaimSource = 'internal' | 'manual' | 'external';

/** What setActive carries (`text: undefined` keeps the current text). */
export interface Claim {
	statusDefault: Presence;
	source?: ClaimSource;
	text?: string;
	expiresAt?: number;
	statusId?: string;
}

/** A claim as held by a user: the active one always has a text. */
export interface Held extends Claim {
	text: string;
}

export interface PresenceUser {
	/** People display offline without a live connection; bots and apps keep their status. */
	kind: 'person' | 'bot' | 'app';
	/** The live connection: none, active (online) or idle (auto-away, a system state). */
	connection: 'none' | 'online' | 'away';
	active: Held;
	stash?: Claim;
}

/** What an operation did: `rejected` and `ignored` leave the state untouched. */
export type Outcome = 'applied' | 'stashed' | 'rejected' | 'restored' | 'reset' | 'dropped-stash' | 'ignored';

export interface Step {
	user: PresenceUser;
	outcome: Outcome;
}

/** No claim: online, no text, no source (the connection decides what shows). */
export const NO_CLAIM: Held = { statusDefault: 'online', text: '' };

export const person = (over: Partial<PresenceUser> = {}): PresenceUser => ({ kind: 'person', connection: 'online', active: NO_CLAIM, ...over });

/** Lower is stronger: internal > manual > external > system (no source). */
export const rank = (source: ClaimSource | undefined): number => (source === 'internal' ? 1 : source === 'manual' ? 2 : source === 'external' ? 3 : 4);

export const isExpired = (claim: Claim | undefined, now: number): boolean => claim?.expiresAt !== undefined && claim.expiresAt <= now;

/** The claim as it becomes active: a missing text keeps what was shown. */
const held = (claim: Claim, currentText: string): Held => ({ ...claim, text: claim.text ?? currentText });

/**
 * setActive. Throws as the server does for an expiry that is not in the future.
 * 1. Offline (the person chose invisible) can only be changed by a manual claim.
 * 2. A claim at least as strong as the active one takes over. A manual one never stashes and empties
 *    the stash. Any other stashes the claim it displaces (if that had a source), except when it
 *    re-applies the same source in place (only internal claims stack: a voice call and a video call).
 * 3. A weaker claim waits in the stash: if the slot is empty or expired, or holds a claim from a source
 *    no stronger than its own (a claim without a source never replaces one); otherwise it is rejected.
 */
export function setActive(user: PresenceUser, claim: Claim, now: number): Step {
	if (claim.expiresAt !== undefined && !(claim.expiresAt > now)) throw new Error('statusExpiresAt must be a future date');
	if (user.active.statusDefault === 'offline' && claim.source !== 'manual') return { user, outcome: 'rejected' };

	if (rank(claim.source) <= rank(user.active.source)) {
		const sameSourceInPlace = claim.source === user.active.source && claim.source !== 'internal';
		let stash = user.stash;
		if (claim.source === 'manual') stash = undefined;
		else if (user.active.source !== undefined && !sameSourceInPlace) stash = user.active;
		return { user: { ...user, active: held(claim, user.active.text), stash }, outcome: 'applied' };
	}

	const slotFree = user.stash === undefined || isExpired(user.stash, now);
	const noStronger = claim.source !== undefined && user.stash?.source !== undefined && rank(claim.source) <= rank(user.stash.source);
	if (slotFree || noStronger) {
		return { user: { ...user, stash: claim }, outcome: 'stashed' };
	}
	return { user, outcome: 'rejected' };
}

/**
 * endActive. With a statusId, only that claim ends: the stashed one is dropped, the active one ends,
 * any other id changes nothing. Ending the active claim restores the stash unless it expired, else
 * resets to no claim.
 */
export function endActive(user: PresenceUser, now: number, statusId?: string): Step {
	if (statusId !== undefined) {
		const isActive = user.active.statusId === statusId;
		if (!isActive && user.stash?.statusId === statusId) return { user: { ...user, stash: undefined }, outcome: 'dropped-stash' };
		if (!isActive) return { user, outcome: 'ignored' };
	}
	if (user.stash && !isExpired(user.stash, now)) {
		return { user: { ...user, active: held(user.stash, user.active.text), stash: undefined }, outcome: 'restored' };
	}
	return clearActive(user);
}

/** clearActive: every claim goes, whatever its source; online, no text. */
export function clearActive(user: PresenceUser): Step {
	return { user: { ...user, active: NO_CLAIM, stash: undefined }, outcome: 'reset' };
}

/**
 * The server's expiry job: ends (as endActive without an id) an active claim whose time has come. What
 * comes back is unexpired (an expired stash is not restored), so once is enough.
 */
export function expire(user: PresenceUser, now: number): PresenceUser {
	return isExpired(user.active, now) ? endActive(user, now).user : user;
}

/** What others see. A person with no live connection is offline whatever the claim; bots and apps keep theirs. */
export function displayed(user: PresenceUser): Presence {
	if (user.connection === 'none') return user.kind === 'person' ? 'offline' : user.active.statusDefault;
	return user.active.statusDefault === 'online' ? user.connection : user.active.statusDefault;
}

/**
 * What an app's `IUserUpdater.updateStatus(user, text, status)` becomes on 8.6+ (read from the server's
 * sources, docs/presence-8.6.md): online with no text clears every claim; anything else is a manual claim.
 */
export function legacyUpdateStatus(user: PresenceUser, status: Presence, text: string, now: number): Step {
	if (status === 'online' && !text) return clearActive(user);
	return setActive(user, { statusDefault: status, source: 'manual', text }, now);
}
