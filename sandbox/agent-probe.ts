/**
 * One agent's status across a deployment of the demo (`startDemo({ instances: 2 })`), for the
 * two-instance tests and the benchmark's measurements: the actions a status can take on either
 * instance (a `/st`, a signed bot request, the agent's own change in Rocket.Chat's menu, a change in
 * Callbell and its webhook, Callbell reporting the app's own writes), and the three systems' state
 * read straight from where each keeps it (Rocket.Chat's user, the Callbell simulator, the app's
 * ledger in persistence). The agent is the demo's alice.
 */
import { sign } from '../src/endpoints/signature';
import { callbellTarget } from '../src/status/model/callbell-map';
import type { Presence } from '../src/vendors/rocketchat';
import type { Demo } from './demo';
import { DEMO } from './simulators';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const API_SECRET = 'demo-api-secret';
export const WEBHOOK = { secret: 'demo-webhook-secret' };
export const PRESENCES: Presence[] = ['online', 'away', 'busy', 'offline'];
export const TEXTS = ['', 'Lunch', 'In a meeting', 'Focus'];
/** Callbell custom status ids an agent can pick there (null: none). */
export const CUSTOM = [null, ...DEMO.callbellCustomStatuses.map((s) => s.id)];

export type Action =
	| { t: 'st'; on: number; presence: Presence; text: string }
	| { t: 'bot'; on: number; presence: Presence; text: string }
	| { t: 'menu'; on: number; presence: Presence }
	| { t: 'callbell'; on: number; available: boolean; custom: string | null }
	/** Callbell's webhook for its newest change not reported yet (the app's own writes included: Callbell reports every change). */
	| { t: 'report'; on: number };

export const ALICE_CB = DEMO.callbellUsers[0].uuid;
let nonces = 0;

/** A fresh signed bot request body + header (each with its own nonce). */
export function signedRequest(body: Record<string, unknown>, t = Math.floor(Date.now() / 1000)) {
	const nonce = `inst-${process.pid}-${Date.now().toString(36)}-${String(nonces++).padStart(6, '0')}`;
	return { body, headers: { 'x-inbox-bridge-signature': `t=${t},n=${nonce},v1=${sign(API_SECRET, t, nonce, body)}` } };
}

type CallbellUser = { available: boolean; customStatusId: string | null; availableUpdatedAt: string; customStatusUpdatedAt: string };
/** Per demo, the newest Callbell change its webhook already reported: its time and the state it showed. */
const reported = new WeakMap<Demo, { at: string; state: string }>();
/** Callbell's time of its newest change to a user (ISO). */
const newestChange = (user: CallbellUser) => [user.availableUpdatedAt, user.customStatusUpdatedAt].sort().at(-1) as string;
/** A user's state as a webhook shows it. */
const stateOf = (user: CallbellUser) => JSON.stringify([user.available, user.customStatusId]);
/**
 * Callbell has a change its webhook has not reported: a newer time, or another state with the time
 * reported last (two changes in one millisecond, e.g. someone's in Callbell and the app's write: each
 * gets its event).
 */
const isUnreported = (demo: Demo, user: CallbellUser) => {
	const last = reported.get(demo);
	const at = newestChange(user);
	return !last || at > last.at || (at === last.at && stateOf(user) !== last.state);
};

/**
 * Callbell's webhook for its current state, if it changed since the last report (by an agent there,
 * or by the app's own write: Callbell reports both), stamped with Callbell's own time of the change.
 * `always`: report even when that time was reported already (two changes within one millisecond each
 * get their event).
 */
export async function reportCallbell(demo: Demo, on: number, always = false): Promise<void> {
	const user = demo.sims.callbell.state.users.get(ALICE_CB);
	if (!user) throw new Error('no Callbell user for alice');
	const at = newestChange(user);
	if (!isUnreported(demo, user) && !always) return;
	if (at >= (reported.get(demo)?.at ?? '')) reported.set(demo, { at, state: stateOf(user) });
	const custom = DEMO.callbellCustomStatuses.find((s) => s.id === user.customStatusId);
	const event = { email: 'alice@demo.test', name: 'Alice Agent', available: user.available, lastUpdatedAt: at, userCustomStatus: custom ? { id: custom.id, name: custom.name } : null };
	const res = await demo.hosts[on].api.post('callbell-webhook', event, {}, WEBHOOK);
	if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${JSON.stringify(res.content)}`);
}

/** Whether Callbell has a change its webhook has not reported yet. */
function unreported(demo: Demo): boolean {
	const user = demo.sims.callbell.state.users.get(ALICE_CB);
	return !!user && isUnreported(demo, user);
}

/** Runs one action as alice on the instance it names. */
export async function perform(demo: Demo, a: Action): Promise<void> {
	const host = demo.hosts[a.on];
	switch (a.t) {
		case 'st':
			await host.as('alice').run(`/st ${a.presence}${a.text ? ` ${a.text}` : ''}`);
			return;
		case 'bot': {
			const { body, headers } = signedRequest({ user: 'alice', status: a.presence, ...(a.text ? { text: a.text } : {}) });
			const res = await host.api.post('status', body, headers);
			if (res.status !== 200) throw new Error(`bot request answered ${res.status}: ${JSON.stringify(res.content)}`);
			return;
		}
		case 'menu':
			await host.fire.userStatusChanged('alice', { status: a.presence });
			return;
		case 'callbell': {
			// someone changed alice in Callbell (Callbell's clock is the simulator's), then its webhook lands on one instance
			const user = demo.sims.callbell.state.users.get(ALICE_CB);
			if (!user) throw new Error('no Callbell user for alice');
			const iso = new Date(Date.now()).toISOString();
			Object.assign(user, { available: a.available, customStatusId: a.custom, availableUpdatedAt: iso, customStatusUpdatedAt: iso });
			await reportCallbell(demo, a.on, true);
			return;
		}
		case 'report':
			await reportCallbell(demo, a.on);
			return;
	}
}

/** How many milliseconds an action waits before it starts: lets one be shifted against another. */
export type Timed = Action & { delay: number };

/** Runs the actions at once (each after its delay). */
export const together = (demo: Demo, actions: Timed[]) =>
	Promise.all(
		actions.map(async (a) => {
			if (a.delay) await sleep(a.delay);
			await perform(demo, a);
		}),
	);

/** A record the app keeps in persistence, by its key (src/store/kv.ts), as the app last wrote it. */
export function persisted<T>(demo: Demo, key: string): T | undefined {
	for (const r of demo.world.persistence.values()) {
		if (r.associations.some((a) => (a as unknown as { id: string }).id === `id:${key}`)) return r.data as T;
	}
	return undefined;
}

export interface Systems {
	rocketchat: { status: string; text: string };
	callbell: { available: boolean; custom: string | null };
	/** What the app believes Callbell shows (its ledger), and whether a write to it is still queued. */
	ledger: { available?: boolean; custom: string | null; pending: boolean } | undefined;
	/** What Callbell should show for what Rocket.Chat shows (the default mapping). */
	want: { available: boolean; custom: string | null };
	/**
	 * Rocket.Chat shows what the app made of the state Callbell has now (the app's newest change came
	 * from Callbell's webhook, stamped with Callbell's newest change): Callbell leads then, and a state
	 * outside the mapping (available with "In a meeting") stays as Callbell has it.
	 */
	followsCallbell: boolean;
}

export function systems(demo: Demo, username = 'alice', uuid = ALICE_CB): Systems {
	const user = demo.host.user(username);
	const cb = demo.sims.callbell.state.users.get(uuid);
	const ledger = persisted<{ available?: boolean; customStatusUuid?: string | null; pending?: unknown }>(demo, `st:ledger:${user.id}`);
	const target = callbellTarget(user.status as Presence, user.statusText ?? '', [...DEMO.callbellCustomStatuses], new Map());
	const sync = persisted<{ lastBy?: string; changedAt?: number; applied?: { status: string; statusText: string } }>(demo, `st:sync:${user.id}`);
	const followsCallbell =
		!!cb &&
		sync?.lastBy === 'callbell' &&
		sync.changedAt === Date.parse(newestChange(cb)) &&
		sync.applied?.status === user.status &&
		sync.applied.statusText === (user.statusText ?? '');
	return {
		rocketchat: { status: user.status, text: user.statusText ?? '' },
		callbell: { available: Boolean(cb?.available), custom: cb?.customStatusId ?? null },
		ledger: ledger && { available: ledger.available, custom: ledger.customStatusUuid ?? null, pending: ledger.pending != null },
		want: { available: target.available, custom: target.customStatusUuid ?? null },
		followsCallbell,
	};
}

/**
 * The three systems agree: the app's ledger knows what Callbell shows (nothing queued), and Callbell
 * shows the mapping of what Rocket.Chat shows — or Rocket.Chat follows Callbell's newest change.
 */
export function agree(s: Systems): boolean {
	const same = (a: { available?: boolean; custom: string | null } | undefined, b: { available: boolean; custom: string | null }) => !!a && a.available === b.available && a.custom === b.custom;
	return same(s.ledger, s.callbell) && s.ledger?.pending === false && (same(s.callbell, s.want) || s.followsCallbell);
}

/** Everything in flight on either instance finishes, every queued write is delivered and Callbell has reported every change. */
export async function settleCluster(demo: Demo): Promise<void> {
	for (let round = 0; round < 40; round++) {
		await demo.cluster.idle();
		if (round > 0 && !unreported(demo) && !demo.cluster.jobs.list().some((j) => j.name.startsWith('delivery.drain'))) return;
		await demo.cluster.jobs.runDue({ all: true });
		await reportCallbell(demo, round % 2);
		await sleep(20);
	}
	throw new Error('the cluster never settled');
}
