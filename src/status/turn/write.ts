import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import { translator, userLocale } from '../../i18n';
import { type ChangeBy, ClaimsProbe, rocketChatWriter } from '../claims';
import type { ApplyOptions, RcOutcome, Want } from '../model/types';
import { askerOf } from './asker';

/** One per app runtime: whether the engine has presence claims is asked once (claims/probe.ts). */
const CLAIMS = new ClaimsProbe();

/**
 * The Rocket.Chat write: `updateStatus` on engines without presence claims, a claim on 8.6+ (claims/).
 * A timer's restore first ends the timed change's own claim: where that works the server has already
 * put back what waited behind it, and nothing more is written.
 */
export async function writeRocketChat(a: Accessors, user: IUser, want: Want, opts: ApplyOptions, token: string, now: () => number): Promise<{ ok: true; note?: Pick<Extract<RcOutcome, { state: 'done' }>, 'waits' | 'shownAs'> } | { ok: false; detail: string; retryAt?: number }> {
	const writer = rocketChatWriter(a.modify.getUpdater().getUserUpdater(), {
		probe: CLAIMS,
		probeUserId: user.id,
		users: a.read.getUserReader(),
		now,
		awayText: translator(userLocale(user))('st_presence_away'),
	});
	if (opts.ends !== undefined && (await writer.end(user, { token: opts.ends })).ok) return { ok: true };
	// who asked decides the claim's source on 8.6+ (claims/change.ts); Rocket.Chat's own changes are never written back
	const asker = askerOf(opts.source, user, opts.requester);
	const by: ChangeBy = asker === 'rocketchat' ? 'timer' : asker;
	const written = await writer.write(user, { presence: want.presence, text: want.text, by, token, ...(want.until !== undefined ? { until: want.until } : {}) });
	if (!written.ok) return { ok: false, detail: written.detail, ...(written.reason === 'deferred' && written.retryAt !== undefined ? { retryAt: written.retryAt } : {}) };
	if (written.via === 'status') return { ok: true };
	const note = { ...(written.shows === 'later' ? { waits: written.behind === 'internal' ? ('internal' as const) : ('manual' as const) } : {}), ...(written.presence !== want.presence ? { shownAs: written.presence } : {}) };
	return { ok: true, note };
}
