import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';

/**
 * Presence claims (Rocket.Chat 8.6+, Apps-Engine 1.65+: `IUserUpdater.setActiveState/endActiveState`),
 * detected at run time: the app declares `^1.47.0` and runs on engines without them. Asked once per
 * runtime through `ClaimsProbe` (src/status/claims/probe.ts) by the app's Rocket.Chat writer, which the
 * per-agent status turn is to call (docs/presence-8.6.md, "Design").
 *
 * Why not `typeof updater.setActiveState === 'function'`: the Deno runtime of engines up to at least
 * 1.62 hands the app a Proxy for the user updater, on which every name is a function that forwards the
 * call to the server; the server then refuses an unknown one ("Invalid accessor method"). So a present
 * method proves nothing: the detection makes one call that changes nothing where claims exist: ending a
 * claim by a statusId no claim ever has (8.6+ ignores an id that matches neither the active nor the
 * stashed claim).
 */

export type ClaimSource = 'internal' | 'manual' | 'external';

/** What `setActiveState` takes (1.65+ definitions: `Pick<IUser, 'statusDefault' | ... | 'statusId'>`). */
export interface ClaimState {
	statusDefault: 'online' | 'away' | 'busy' | 'offline';
	statusSource?: ClaimSource;
	statusText?: string;
	statusExpiresAt?: Date;
	statusId?: string;
}

export interface ClaimsUpdater {
	setActiveState(userId: string, state: ClaimState): Promise<void>;
	endActiveState(userId: string, statusId?: string): Promise<void>;
}

/** Never the statusId of a real claim (the app's own are `inbox-bridge:<id>`). */
export const PROBE_STATUS_ID = 'inbox-bridge-probe:no-such-claim';

export type ClaimsSupport =
	| { kind: 'claims'; updater: ClaimsUpdater }
	/** The engine has no claims: use `updateStatus`. */
	| { kind: 'legacy' }
	/** The probe failed for another reason (a timeout, a refused permission): decide again on a later call. */
	| { kind: 'unknown'; reason: string };

const REFUSED_BY_ENGINE = /Invalid accessor method|is not a function|Method not found|Invalid bridge request/i;

/**
 * Whether this engine applies presence claims. `probeUserId` is a user the probe may name, e.g. the
 * app's own user: the probe changes nothing for it. One engine call; the answer holds for the life of
 * the runtime (an engine changes only with a server upgrade, which restarts the app).
 */
export async function detectClaims(updater: IUserUpdater, probeUserId: string): Promise<ClaimsSupport> {
	// The 1.62 definitions (the floor this app is built against) do not declare these methods.
	const candidate = updater as unknown as Partial<Record<keyof ClaimsUpdater, unknown>>;
	if (typeof candidate.setActiveState !== 'function' || typeof candidate.endActiveState !== 'function') return { kind: 'legacy' };
	const claims = updater as unknown as ClaimsUpdater;
	try {
		await claims.endActiveState(probeUserId, PROBE_STATUS_ID);
		return { kind: 'claims', updater: claims };
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		return REFUSED_BY_ENGINE.test(reason) ? { kind: 'legacy' } : { kind: 'unknown', reason: reason.slice(0, 200) };
	}
}
