import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../zod';
import { cachedListSchema, cacheKey, fitsCache } from '../../store/caches';
import { failureSchema } from '../../delivery/item';
import { optional } from '../../store/read-back';
import type { KeyValueStore } from '../../store/kv';
import { AgentKv, agentTag } from './agent-records';
import { OMNICHANNEL_STATUSES, PRESENCES } from '../../vendors/rocketchat';

/**
 * Everything the status feature remembers, per Rocket.Chat user, in persistence (shared by every
 * server instance; nothing in module memory). Every record is validated when read: a record some
 * other version wrote, or a broken one, reads as absent instead of crashing a status change.
 * - the Callbell ledger: the last state the app knows Callbell applied (plus one queued target);
 * - the sync record: the per-agent sequence of the app's own changes, the time of the newest change
 *   applied (Callbell events older than it are stale), and the app's recent Rocket.Chat writes whose
 *   echo events must not be taken for the agent's own change;
 * - the timer: when to restore, what, and the one scheduler job that will do it;
 * - the link to a Callbell user (who made it), the index uuid → agent that keeps a uuid to one
 *   agent, and an email → user index for the Callbell webhook;
 * - the last attempt per system (what was asked of Callbell / Omnichannel, and how it went: done, queued
 *   as an outbox item, failed with the vendor's reason), so `/st list` tells confirmed from pending
 *   and failed without calling a vendor; for Omnichannel also the availability last confirmed (both on
 *   the sync record);
 * - short-lived copies of the vendor lists (Rocket.Chat presets, Callbell custom statuses: presets/lists.ts).
 */

const presence = z.enum(PRESENCES);
/** `null` = no custom status (meaningful); absent = unknown (persistence stores an undefined field as null: `optional` reads it back as absent). */
const customId = z.optional(z.union([z.string(), z.null()]));

/** At most this many other states a ledger keeps as possible (the oldest go). */
export const UNSURE_MAX = 4;

const ledgerSchema = z.object({
	/** the Callbell user this state is of (absent in records from before it was kept: taken as the agent's current one) */
	uuid: optional(z.string()),
	available: optional(z.boolean()),
	customStatusUuid: customId,
	/** a change handed to the outbox but not confirmed yet, and the ledger once it is */
	pending: optional(z.object({ outboxId: z.string(), after: z.object({ available: optional(z.boolean()), customStatusUuid: customId }) })),
	/** other states Callbell may hold instead (told with the same time as the one learnt: callbell/outbound.ts `unsure`); the next change sends every field any of them differs in */
	unsure: optional(z.array(z.object({ available: optional(z.boolean()), customStatusUuid: customId })).check(z.maxLength(UNSURE_MAX))),
});

export type Ledger = z.infer<typeof ledgerSchema>;

const rcStateSchema = z.object({ status: presence, statusText: z.string() });
export type RcState = z.infer<typeof rcStateSchema>;

const echoSchema = z.extend(rcStateSchema, { seq: z.number(), at: z.number() });
export type Echo = z.infer<typeof echoSchema>;

/** One attempt to bring a system to `target`: done, queued (its outbox item), or failed (the vendor's reason; its outbox item when one is kept). */
const attemptOf = <T extends z.ZodMiniType>(target: T) =>
	z.object({ at: z.number(), target, state: z.enum(['done', 'queued', 'failed']), outboxId: optional(z.string()), error: optional(failureSchema) });

const omnichannelStatus = z.enum(OMNICHANNEL_STATUSES);
/** Omnichannel availability as the app last set it (kept on the agent's sync record). */
const omnichannelSchema = z.object({
	/** the availability Rocket.Chat last confirmed, and when */
	confirmed: optional(omnichannelStatus),
	confirmedAt: optional(z.number()),
	last: optional(attemptOf(omnichannelStatus)),
});
export type OmnichannelRecord = z.infer<typeof omnichannelSchema>;
export type OmnichannelAttempt = NonNullable<OmnichannelRecord['last']>;

const syncSchema = z.object({
	seq: z.int().check(z.nonnegative()),
	/** epoch ms of the newest change applied, whatever its source (Callbell's own clock for its events) */
	changedAt: optional(z.number()),
	/** who made that change: the app (any source but Callbell) or Callbell */
	lastBy: optional(z.enum(['app', 'callbell'])),
	/** the source of that change (types.ts `Source`; read as any string so a newer source never voids the record) */
	lastSource: optional(z.string()),
	/** the Rocket.Chat state the newest change applied (or came from): an event repeating it is no change */
	applied: optional(rcStateSchema),
	/** the agent has a working-hours record (hours/plan.ts `enroll`): no need to look again */
	hoursEnrolled: optional(z.boolean()),
	/** the last Callbell attempt recorded (`st:cb-last`) is still open (queued or failed); absent = unknown */
	cbAttemptOpen: optional(z.boolean()),
	/** Callbell's time of the newest event seen from it, applied or not (replays and superseded events are older) */
	seenAt: optional(z.number()),
	echoes: z.array(echoSchema),
	/**
	 * The Callbell states already taken with Callbell's time `at` (= changedAt): Callbell stamps in
	 * whole units, so two genuine changes can share a time. A different state with that same time is
	 * a new change and applied; any state already taken with it is a replay and ignored.
	 */
	tie: optional(z.object({ at: z.number(), seen: z.array(z.string()) })),
	/** when the agent's timer ends, 0 = no timer (absent in records from before: read the timer record) */
	timerUntil: optional(z.number()),
	/** the emails last written to the email → user index, so an unchanged agent costs no index read */
	indexed: optional(z.string()),
	/**
	 * Omnichannel availability (omnichannel_follow_status): what Rocket.Chat last confirmed and the last
	 * attempt. Kept here, not in a record of its own, so whoever reads an agent's sync record (the team
	 * board, a page of agents at a time) knows it without one more read per agent.
	 */
	omnichannel: optional(omnichannelSchema),
});
export type SyncRecord = z.infer<typeof syncSchema>;

const timerSchema = z.object({
	token: z.string(),
	until: z.number(),
	restore: z.object({ rc: rcStateSchema, callbell: optional(z.object({ available: optional(z.boolean()), customStatusUuid: customId })) }),
	/** the scheduler job that restores (as the scheduler returned it), cancelled when the timer is replaced */
	jobId: optional(z.string()),
});
export type TimerRecord = z.infer<typeof timerSchema>;

const callbellTargetSchema = z.object({ available: optional(z.boolean()), customStatusUuid: customId });
const callbellAttemptSchema = attemptOf(callbellTargetSchema);
export type CallbellAttempt = z.infer<typeof callbellAttemptSchema>;


const linkSchema = z.object({ uuid: z.string(), by: optional(z.enum(['admin', 'self'])) });
export type LinkRecord = z.infer<typeof linkSchema>;

/** How long an app write to Rocket.Chat counts as "ours" when its echo arrives. */
export const ECHO_TTL_MS = 2 * 60_000;
/** At most this many app writes per agent wait for their echo; older ones are forgotten. */
export const ECHO_MAX = 8;

export class StatusStore {
	private readonly kv: AgentKv;

	constructor(reader: IPersistenceRead, writer?: IPersistence) {
		this.kv = new AgentKv(reader, writer);
	}

	/**
	 * Runs `fn` with the agent's own records read in one call (agent-records.ts), or with those a claim's
	 * listing returned (`listing`); afterwards they are read afresh again.
	 */
	public async withAgent<T>(userId: string, fn: () => Promise<T>, listing?: unknown[]): Promise<T> {
		this.kv.remember(userId, listing ?? (await this.kv.list<unknown>(agentTag(userId))));
		try {
			return await fn();
		} finally {
			this.kv.forget(userId);
		}
	}

	private async read<T>(id: string, schema: z.Schema<T>): Promise<T | undefined> {
		const parsed = schema.safeParse(await this.kv.get<unknown>(id));
		return parsed.success ? parsed.data : undefined;
	}

	public ledger = (userId: string) => this.read(`st:ledger:${userId}`, ledgerSchema);
	public saveLedger = (userId: string, ledger: Ledger) => this.kv.put(`st:ledger:${userId}`, ledger);

	public async sync(userId: string): Promise<SyncRecord> {
		return (await this.read(`st:sync:${userId}`, syncSchema)) ?? { seq: 0, echoes: [], timerUntil: 0, cbAttemptOpen: false }; // no record: no change yet, so no timer and no attempt
	}
	public saveSync = (userId: string, sync: SyncRecord) => this.kv.put(`st:sync:${userId}`, sync);

	public timer = (userId: string) => this.read(`st:timer:${userId}`, timerSchema);
	public saveTimer = (userId: string, timer: TimerRecord) => this.kv.put(`st:timer:${userId}`, timer);
	public clearTimer = (userId: string) => this.kv.remove(`st:timer:${userId}`);

	public callbellAttempt = (userId: string) => this.read(`st:cb-last:${userId}`, callbellAttemptSchema);
	public saveCallbellAttempt = (userId: string, attempt: CallbellAttempt) => this.kv.put(`st:cb-last:${userId}`, attempt);
	public clearCallbellAttempt = (userId: string) => this.kv.remove(`st:cb-last:${userId}`);

	public link = (userId: string) => this.read(`st:link:${userId}`, linkSchema);
	public saveLink = (userId: string, link: LinkRecord) => this.kv.put(`st:link:${userId}`, link);
	public async linkedTo(uuid: string): Promise<string | undefined> {
		return (await this.read(`st:linked:${uuid}`, z.object({ userId: z.string() })))?.userId;
	}
	public saveLinkedTo = (uuid: string, userId: string) => this.kv.put(`st:linked:${uuid}`, { userId });
	public dropLinkedTo = (uuid: string) => this.kv.remove(`st:linked:${uuid}`);

	/** Remembers which Rocket.Chat user has an email (the Callbell webhook names agents by email). */
	public async rememberEmail(email: string, userId: string): Promise<void> {
		const id = `st:who:${email.trim().toLowerCase()}`;
		if ((await this.userIdByEmail(email)) !== userId) await this.kv.put(id, { userId });
	}
	public async userIdByEmail(email: string): Promise<string | undefined> {
		return (await this.read(`st:who:${email.trim().toLowerCase()}`, z.object({ userId: z.string() })))?.userId;
	}

	/** A kept copy of a vendor list, its items as stored: presets/lists.ts is the one reader (it validates each item). */
	public cache = (name: string) => this.read(cacheKey(name), cachedListSchema);
	/** Keeps a copy of a vendor list; one over MAX_CACHE_BYTES is not kept (the old copy goes too): says which. */
	public async saveCache<T>(name: string, list: T[]): Promise<boolean> {
		const record = { at: Date.now(), list };
		if (!fitsCache(record)) {
			await this.kv.remove(cacheKey(name));
			return false;
		}
		await this.kv.put(cacheKey(name), record);
		return true;
	}
	public dropCache = (name: string) => this.kv.remove(cacheKey(name));

	/** The store for the audit log and claims (same persistence). */
	public raw(): KeyValueStore {
		return this.kv;
	}
}

/** The state token of the agent's newest change: a timer restores only while it is still this. */
export const stateToken = (sync: SyncRecord): string => `s${sync.seq}`;

/** Whether the agent may have a timer running (a past end still counts until its job has run). */
export const mayHaveTimer = (sync: SyncRecord): boolean => sync.timerUntil !== 0;

/** The state `sync` expects Rocket.Chat to echo back, and whether `status`/`text` is one of them. */
export function takeEcho(sync: SyncRecord, status: string, text: string | undefined, now: number): { echo?: Echo; rest: Echo[] } {
	const live = sync.echoes.filter((e) => now - e.at < ECHO_TTL_MS);
	const i = live.findIndex((e) => e.status === status && (text === undefined || e.statusText === text));
	if (i < 0) return { rest: live };
	return { echo: live[i], rest: [...live.slice(0, i), ...live.slice(i + 1)] };
}
