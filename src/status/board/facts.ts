import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { isPresence, type Presence } from '../../vendors/rocketchat';
import type { StatusService } from '../service';
import type { Ledger } from '../store';

/**
 * What the board shows of one member, from what the app already knows: Rocket.Chat's own user
 * record (presence, text: it came with the member list), the app's timer, its Callbell ledger and
 * its links. Nothing here asks a vendor.
 */
export interface MemberFacts {
	user: IUser;
	presence: Presence;
	text: string;
	/** the end of a timed status (`/st … for 1h`) */
	until?: number;
	/** absent = no Callbell user; `ledger` absent = linked, never changed by the app */
	callbell?: { ledger?: Ledger };
	omnichannel: OmnichannelFact;
}

/**
 * Omnichannel availability as the app knows it. It has no accessor (only REST, see the platform
 * facts), so the board can show only what the app itself last set there. Until the Omnichannel sync
 * ("Omnichannel follows /st") records that, the board knows who is an Omnichannel agent (the role
 * Rocket.Chat gives them) and says the availability is unknown.
 * SEAM: when that record exists, read it in `readFacts` for the page's users (one batch, like the
 * ledgers) and answer 'available' / 'not-available' from it here.
 */
export type OmnichannelFact = 'available' | 'not-available' | 'agent' | 'none';
export const OMNICHANNEL_AGENT_ROLE = 'livechat-agent';

function omnichannelOf(user: IUser): OmnichannelFact {
	return (user.roles ?? []).includes(OMNICHANNEL_AGENT_ROLE) ? 'agent' : 'none';
}

export const presenceOf = (user: IUser): Presence => (isPresence(user.status) ? user.status : 'offline');

/** Linked to nothing: no Callbell user and not an Omnichannel agent; the app cannot mirror this member anywhere. */
export const linkedToNothing = (f: MemberFacts): boolean => !f.callbell && f.omnichannel === 'none';

/**
 * The facts of one page of members, every read in parallel: per member its link (with the uuid index
 * when a link exists), ledger and timer, keyed by user id (persistence answers one key per read and has
 * no "any of these keys"); the cached Callbell status names once. See the README for the count.
 */
export async function readFacts(service: StatusService, users: ReadonlyArray<IUser>, now: number): Promise<{ facts: MemberFacts[]; callbellNames: Record<string, string> }> {
	const [uuids, ledgers, timers, cached] = await Promise.all([
		service.callbellUuids(users),
		Promise.all(users.map((u) => service.store.ledger(u.id))),
		Promise.all(users.map((u) => service.store.timer(u.id))),
		service.store.cache<{ id: string; name: string }>('callbell-statuses'),
	]);
	const callbellNames: Record<string, string> = {};
	for (const s of cached?.list ?? []) if (typeof s?.id === 'string' && typeof s.name === 'string') callbellNames[s.id] = s.name;
	const facts = users.map((user, i): MemberFacts => {
		const timer = timers[i];
		const ledger = ledgers[i];
		return {
			user,
			presence: presenceOf(user),
			text: user.statusText ?? '',
			// a timer is replaced or removed by every later change, so one still ahead is the live one
			...(timer && timer.until > now ? { until: timer.until } : {}),
			...(uuids.has(user.id) ? { callbell: ledger ? { ledger } : {} } : {}),
			omnichannel: omnichannelOf(user),
		};
	});
	return { facts, callbellNames };
}
