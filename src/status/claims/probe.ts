import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
import { type ClaimsSupport, detectClaims } from '../../presence-claims';

/**
 * Whether this engine has presence claims, asked once per runtime: an engine only changes with a
 * server upgrade, which restarts the app. `claims` and `legacy` are kept; `unknown` (the probe timed
 * out, say) is not, so the next write probes again. Concurrent writes share one probe in flight.
 * Accessors are new per call, so what is kept is the answer, never an updater or a reader: one
 * instance for the app's life (a module constant or a field of the app).
 */
export class ClaimsProbe {
	private known?: Promise<ClaimsSupport['kind']>;

	/** `claims` or `legacy`, or `unknown` with why. `probeUserId`: a user the probe names and changes nothing for (the app's own). */
	public async support(updater: IUserUpdater, probeUserId: string): Promise<{ kind: 'claims' | 'legacy' } | { kind: 'unknown'; reason: string }> {
		if (!this.known) {
			const asked = this.ask(updater, probeUserId);
			this.known = asked.then((s) => s.kind);
			const answer = await asked;
			if (answer.kind === 'unknown') this.known = undefined;
			return answer.kind === 'unknown' ? answer : { kind: answer.kind };
		}
		const kind = await this.known;
		return kind === 'unknown' ? { kind, reason: 'the probe in flight could not decide' } : { kind };
	}

	private async ask(updater: IUserUpdater, probeUserId: string): Promise<ClaimsSupport> {
		try {
			return await detectClaims(updater, probeUserId);
		} catch (e) {
			return { kind: 'unknown', reason: e instanceof Error ? e.message : String(e) };
		}
	}
}
