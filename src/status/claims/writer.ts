import type { IUserRead } from '@rocket.chat/apps-engine/definition/accessors/IUserRead';
import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
import type { IUser } from '@rocket.chat/apps-engine/definition/users/IUser';
import type { ClaimSource, ClaimsUpdater } from '../../presence-claims';
import type { Presence } from '../../vendors/rocketchat';
import { CLAIM_SOURCE, claimId, type EndResult, isAppClaim, type RcChange, type WriteResult } from './change';
import type { ClaimsProbe } from './probe';

/**
 * The app's one write of a Rocket.Chat status. Engines without presence claims get `updateStatus`
 * exactly as before; 8.6+ gets a claim with the source of who wanted it (change.ts, CLAIM_SOURCE), the
 * id `inbox-bridge:<token>` and `until` as `statusExpiresAt`, then the user is read back to say what
 * shows (the server's answer does not). `end` ends only the claim of that token.
 *
 * On claims servers, before writing:
 * - `away` is claimed as `busy` (Away cannot be chosen by hand on 8.6+; it follows activity), with the
 *   change's text or `awayText`;
 * - an agent who chose invisible is left alone unless the change is their own (`self`);
 * - an automated change (`external`) never replaces another integration's claim (a calendar meeting):
 *   equal sources replace each other in place, so it is deferred to that claim's end;
 * - the app's own automated `offline` (working hours) blocks every later non-manual claim, its own
 *   included: the writer ends it first, then decides on what shows after.
 */
export interface WriterOptions {
	/** One per app: the engine is probed once per runtime. */
	probe: ClaimsProbe;
	/** The user the probe names (the app's own user): the probe changes nothing for it. */
	probeUserId: string;
	users: Pick<IUserRead, 'getById'>;
	now: () => number;
	/** The text of an `away` claimed as `busy` when the change has none (e.g. "Away" in the agent's language). */
	awayText: string;
}

export interface RocketChatWriter {
	write(user: IUser, change: RcChange): Promise<WriteResult>;
	/** Ends the claim of `change.token`: restores what waited behind it; a no-op once anything replaced it. */
	end(user: IUser, change: Pick<RcChange, 'token'>): Promise<EndResult>;
}

/** IUser's claim fields, declared by the 1.65+ definitions (the app builds against 1.62). */
type Seen = IUser & { statusDefault?: string; statusSource?: ClaimSource; statusExpiresAt?: unknown; statusId?: string };

/**
 * A time the server sent, as epoch ms: a Date in process, an ISO string once the user crossed the
 * runtime's JSON bridge (Deno), a number from anything else; undefined when it names no time.
 */
function timeOf(v: unknown): number | undefined {
	const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : typeof v === 'number' ? v : Number.NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

const RANK: Record<ClaimSource, number> = { internal: 1, manual: 2, external: 3 };
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
/** Chose invisible. Without claim fields: shows offline while connected. */
const invisible = (u: Seen): boolean => (u.statusDefault !== undefined ? u.statusDefault === 'offline' : u.status === 'offline' && String(u.statusConnection) !== 'offline');
/** The app's own automated invisible (not a person's `/st offline` made through the app). */
const appsAutomatedInvisible = (u: Seen): boolean => invisible(u) && u.statusSource === 'external' && isAppClaim(u.statusId);

export function rocketChatWriter(updater: IUserUpdater, opts: WriterOptions): RocketChatWriter {
	const claims = updater as unknown as ClaimsUpdater;
	const read = async (id: string): Promise<Seen | undefined> => (await opts.users.getById(id)) as Seen | undefined;

	async function legacy(user: IUser, change: RcChange): Promise<WriteResult> {
		try {
			const done = await updater.updateStatus(user, change.text, change.presence);
			return done === false ? { ok: false, reason: 'rejected', detail: 'user updater refused' } : { ok: true, via: 'status' };
		} catch (e) {
			return { ok: false, reason: 'error', detail: message(e) };
		}
	}

	/** Why the change must not be claimed over what shows, if it must not. */
	function refusal(seen: Seen, change: RcChange, source: ClaimSource): WriteResult | undefined {
		if (change.by !== 'self' && invisible(seen) && !appsAutomatedInvisible(seen)) return { ok: false, reason: 'offline', detail: 'the agent chose invisible: only they can change that' };
		// an integration's status whose end has passed (the server not done clearing it) blocks nothing: waiting
		// for it would arm a retry that is due at once, again and again
		const ends = timeOf(seen.statusExpiresAt);
		if (source === 'external' && seen.statusSource === 'external' && !isAppClaim(seen.statusId) && !(ends !== undefined && ends <= opts.now())) {
			const retryAt = ends;
			return { ok: false, reason: 'deferred', detail: `another integration's status shows (${seen.statusText ?? ''})`, ...(retryAt !== undefined ? { retryAt } : {}) };
		}
		return undefined;
	}

	function shown(after: Seen | undefined, id: string, source: ClaimSource, presence: Presence): WriteResult {
		if (after?.statusId === id) return { ok: true, via: 'claims', presence, shows: 'now' };
		if (after?.statusDefault === undefined) return { ok: true, via: 'claims', presence, shows: 'unconfirmed' };
		// before the rank: a person's invisible is a manual claim, stronger than an automated one, and refuses it outright
		if (invisible(after)) return { ok: false, reason: 'offline', detail: 'the agent chose invisible: only they can change that' };
		if (after.statusSource !== undefined && RANK[after.statusSource] < RANK[source]) return { ok: true, via: 'claims', presence, shows: 'later', behind: after.statusSource };
		return { ok: false, reason: 'rejected', detail: `not shown, and nothing stronger shows (${after.statusSource ?? 'no'} source)` };
	}

	async function claim(user: IUser, change: RcChange): Promise<WriteResult> {
		const source = CLAIM_SOURCE[change.by];
		if (change.until !== undefined && change.until <= opts.now()) return { ok: false, reason: 'expired', detail: 'the status would end before it starts' };
		let seen: Seen = user;
		if (source === 'external' && appsAutomatedInvisible(seen) && seen.statusId) {
			await claims.endActiveState(user.id, seen.statusId);
			seen = (await read(user.id)) ?? seen;
		}
		const refused = refusal(seen, change, source);
		if (refused) return refused;
		const presence: Presence = change.presence === 'away' ? 'busy' : change.presence;
		const id = claimId(change.token);
		await claims.setActiveState(user.id, {
			statusDefault: presence,
			statusSource: source,
			statusText: change.presence === 'away' && !change.text ? opts.awayText : change.text,
			statusId: id,
			...(change.until !== undefined ? { statusExpiresAt: new Date(change.until) } : {}),
		});
		return shown(await read(user.id), id, source, presence);
	}

	return {
		async write(user, change) {
			const support = await opts.probe.support(updater, opts.probeUserId);
			if (support.kind !== 'claims') return legacy(user, change);
			try {
				return await claim(user, change);
			} catch (e) {
				return { ok: false, reason: 'error', detail: message(e) };
			}
		},
		async end(user, change) {
			const support = await opts.probe.support(updater, opts.probeUserId);
			if (support.kind === 'legacy') return { ok: false, reason: 'legacy', detail: 'no presence claims on this engine' };
			if (support.kind === 'unknown') return { ok: false, reason: 'unknown', detail: support.reason };
			try {
				await claims.endActiveState(user.id, claimId(change.token));
				return { ok: true, via: 'claims' };
			} catch (e) {
				return { ok: false, reason: 'error', detail: message(e) };
			}
		},
	};
}
