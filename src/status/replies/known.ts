import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { readSettings, SettingId } from '../../settings';
import { isPresence, type OmnichannelStatus, type Presence } from '../../vendors/rocketchat';
import type { Ledgers } from '../callbell/ledger';
import { type AttemptView, type OutboxView, resolveAttempt, targetOf } from '../model/attempts';
import type { Identity } from '../model/identity';
import { isOmnichannelAgent } from '../model/omnichannel-map';
import { stateToken, type StatusStore, type SyncRecord } from '../model/store';
import { callbellNames } from '../presets/lists';
import type { AgentTurns } from '../turn/turn';

/**
 * What the app knows of an agent, per system, from what it already holds (no vendor call): the one
 * reading that `/st list`, the `/st` form and the team board (`/st team`) format, so they never
 * disagree. Rocket.Chat as the server shows the user now (the user record); Callbell and Omnichannel
 * as last confirmed, plus the last change still pending in the outbox (or failed, with the vendor's
 * reason: `detail`). The intended state is never shown as applied.
 *
 * Cost per agent: the sync record (timer end, Omnichannel availability), the link (and its uuid
 * index when one exists), the Callbell ledger for a linked agent; then only what is open: the fate of
 * a queued change, and with `detail` the last Callbell attempt. The board reads a page of agents with
 * it, so nothing here may grow per agent without growing every page.
 */

export type CallbellTarget = { available?: boolean; customStatusUuid?: string | null };

export type CallbellKnown =
	/** `selfLink`: the agent may link themselves (`/st link`, callbell_self_link on) */
	| { linked: false; selfLink: boolean }
	/** `confirmed` absent: linked, never changed by the app */
	| { linked: true; uuid: string; confirmed?: CallbellTarget; last: AttemptView<CallbellTarget> };

export type OmnichannelKnown =
	| { state: 'not_agent' }
	/** an Omnichannel agent while omnichannel_follow_status is off: the app does not touch the availability */
	| { state: 'not_followed' }
	/** `confirmed` absent: Rocket.Chat has not confirmed an availability the app set yet */
	| { state: 'followed'; confirmed?: OmnichannelStatus; last: AttemptView<OmnichannelStatus> };

export interface AgentKnown {
	user: IUser;
	rocketchat: { status: Presence; text: string; until?: number };
	callbell: CallbellKnown;
	omnichannel: OmnichannelKnown;
}

/** What reading needs of a call's services (status/services.ts gives them all). */
export interface KnownSources {
	a: { read: Parameters<typeof readSettings>[0] };
	store: StatusStore;
	outbox: OutboxView;
	identity: Pick<Identity, 'callbellUuid'>;
	/** the Callbell ledger, a delivered change promoted */
	ledgers: Pick<Ledgers, 'read'>;
	/** a queued Omnichannel change found delivered is recorded on the agent's sync record, under its lock */
	turns: Pick<AgentTurns, 'update'>;
}

export interface KnownReading {
	agents: AgentKnown[];
	/** Callbell custom status names by id (the cached list), for the states above */
	callbellNames: Record<string, string>;
}

/** Rocket.Chat's own presence of a user; a user without one (never logged in) shows as offline. */
export const presenceOf = (user: IUser): Presence => (isPresence(user.status) ? user.status : 'offline');

/**
 * What the app knows of each of `users`, all read in parallel. `detail`: also the last Callbell attempt
 * when one is open (a failure's reason; `/st list`); without it a Callbell change is pending or not, as
 * the ledger says (the board).
 */
export async function readKnown(src: KnownSources, users: ReadonlyArray<IUser>, opts: { detail: boolean }): Promise<KnownReading> {
	const [settings, callbellSettings, callbellNamesNow, agents] = await Promise.all([
		readSettings(src.a.read, 'omnichannel'),
		readSettings(src.a.read, 'callbell'),
		callbellNames(src.store),
		Promise.all(users.map(async (user) => ({ user, sync: await src.store.sync(user.id), uuid: await src.identity.callbellUuid(user) }))),
	]);
	const follow = settings[SettingId.OmnichannelFollowStatus];
	const selfLink = callbellSettings[SettingId.CallbellSelfLink];
	const known = await Promise.all(
		agents.map(async ({ user, sync, uuid }): Promise<AgentKnown> => {
			const [until, callbell, omnichannel] = await Promise.all([timerUntil(src, user.id, sync), callbellOf(src, user.id, uuid, sync, opts.detail, selfLink), omnichannelOf(src, user, sync, follow)]);
			return { user, rocketchat: { status: presenceOf(user), text: user.statusText ?? '', ...(until !== undefined ? { until } : {}) }, callbell, omnichannel };
		}),
	);
	return { agents: known, callbellNames: callbellNamesNow };
}

/** The end of the agent's timed status: the sync record says (a record from before it did: the timer's own). */
async function timerUntil(src: KnownSources, userId: string, sync: SyncRecord): Promise<number | undefined> {
	if (sync.timerUntil !== undefined) return sync.timerUntil === 0 ? undefined : sync.timerUntil;
	const timer = await src.store.timer(userId);
	return timer && timer.token === stateToken(sync) ? timer.until : undefined;
}

async function callbellOf(src: KnownSources, userId: string, uuid: string | undefined, sync: SyncRecord, detail: boolean, selfLink: boolean): Promise<CallbellKnown> {
	if (!uuid) return { linked: false, selfLink };
	const [ledger, attempt] = await Promise.all([src.ledgers.read(userId, uuid), detail && sync.cbAttemptOpen !== false ? src.store.callbellAttempt(userId) : undefined]);
	const confirmed = ledger && ledger.available !== undefined ? targetOf(ledger) : undefined;
	let last: AttemptView<CallbellTarget>;
	if (attempt) last = await resolveAttempt(attempt, src.outbox);
	else last = ledger?.pending ? { state: 'pending', target: targetOf(ledger.pending.after) } : { state: 'done' };
	return { linked: true, uuid, ...(confirmed ? { confirmed } : {}), last };
}

async function omnichannelOf(src: KnownSources, user: IUser, sync: SyncRecord, follow: boolean): Promise<OmnichannelKnown> {
	if (!isOmnichannelAgent(user)) return { state: 'not_agent' };
	if (!follow) return { state: 'not_followed' };
	const record = sync.omnichannel ?? {};
	const last = await resolveAttempt(record.last, src.outbox);
	let confirmed = record.confirmed;
	if (last.state === 'done' && last.delivered && record.last) {
		// the outbox delivered it since: Rocket.Chat has it now
		const delivered = record.last;
		confirmed = delivered.target;
		// (unless a newer change replaced that attempt meanwhile)
		await src.turns.update(user.id, (sync) => {
			const r = sync.omnichannel;
			if (r?.last?.at !== delivered.at || r.last.outboxId !== delivered.outboxId) return false;
			sync.omnichannel = { confirmed: delivered.target, confirmedAt: delivered.at, last: { ...delivered, state: 'done' } };
			return true;
		});
	}
	return { state: 'followed', ...(confirmed ? { confirmed } : {}), last };
}
