import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { Requester } from '../../delivery/outbox';
import { translator, userLocale } from '../../i18n';
import { type ChangeBy, ClaimsProbe, rocketChatWriter } from '../claims';
import type { ApplyOptions, RcOutcome, Source, Want } from '../model/types';

/** One per app runtime: whether the engine has presence claims is asked once (claims/probe.ts). */
const CLAIMS = new ClaimsProbe();

/** Who wanted a change, as the Rocket.Chat write names it: the claim source on 8.6+ follows from it (claims/change.ts). */
function writerOf(source: Source, user: IUser, requester: Requester): ChangeBy {
	switch (source) {
		case 'command':
			return requester.userId === user.id ? 'self' : 'manager';
		case 'api':
			return 'bot';
		case 'webhook':
			return 'callbell';
		case 'rocketchat': // never written back; named for completeness
		case 'timer':
			return 'timer';
		case 'hours':
			return 'hours';
	}
}

/**
 * The Rocket.Chat write: `updateStatus` on engines without presence claims, a claim on 8.6+ (claims/).
 * A timer's restore first ends the timed change's own claim: where that works the server has already
 * put back what waited behind it, and nothing more is written.
 */
export async function writeRocketChat(a: Accessors, user: IUser, want: Want, opts: ApplyOptions, token: string, now: () => number): Promise<{ ok: true; note?: Pick<Extract<RcOutcome, { state: 'done' }>, 'waits' | 'shownAs'> } | { ok: false; detail: string }> {
	const writer = rocketChatWriter(a.modify.getUpdater().getUserUpdater(), {
		probe: CLAIMS,
		probeUserId: user.id,
		users: a.read.getUserReader(),
		now,
		awayText: translator(userLocale(user))('st_presence_away'),
	});
	if (opts.ends !== undefined && (await writer.end(user, { token: opts.ends })).ok) return { ok: true };
	const by = writerOf(opts.source, user, opts.requester);
	const written = await writer.write(user, { presence: want.presence, text: want.text, by, token, ...(want.until !== undefined ? { until: want.until } : {}) });
	if (!written.ok) return { ok: false, detail: written.detail };
	if (written.via === 'status') return { ok: true };
	const note = { ...(written.shows === 'later' ? { waits: written.behind === 'internal' ? ('internal' as const) : ('manual' as const) } : {}), ...(written.presence !== want.presence ? { shownAs: written.presence } : {}) };
	return { ok: true, note };
}
