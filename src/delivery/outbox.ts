import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppContext } from '../context';
import { translator, userLocale } from '../i18n';
import { readSettings, SettingId, type Settings } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';
import { describeFailure } from '../ui/failures';
import { tellUser } from '../ui/reply';
import type { BotPenguinClient, LeadUpdate } from '../vendors/botpenguin';
import type { CallbellClient, CallbellStatusChange } from '../vendors/callbell';
import type { VendorFailure, VendorResult } from '../vendors/errors';
import { botPenguinClientFrom, callbellClientFrom } from './clients';
import { nextAttempt, type RateLimit, tokenTag, tryAcquire, type WindowLog } from './policy';

/** Every vendor write the app makes. Persisted before it is sent; tokens are never part of it. */
export type Operation =
	| { kind: 'lead.update'; update: LeadUpdate }
	| { kind: 'contacts.delete'; ids: string[]; subscriberIds?: string[] }
	| { kind: 'callbell.status'; userUuid: string; change: CallbellStatusChange };

export interface OutboxItem {
	id: string;
	op: Operation;
	state: 'pending' | 'sending' | 'failed';
	attempts: number;
	createdAt: number;
	updatedAt: number;
	nextAttemptAt: number;
	lastError?: VendorFailure;
	userId: string;
	username: string;
	roomId?: string;
	/** A newer operation with the same key replaces (status) or merges into (lead) an unsent one. */
	coalesceKey?: string;
	/** What the agent calls it: a lead uuid, "3 contacts", "Callbell status". */
	label: string;
	/** The agent was told "queued", so the final outcome is announced later. */
	announce: boolean;
}

export type Outcome =
	| { state: 'done'; id: string }
	| { state: 'queued'; id: string; at: number; error?: VendorFailure; skipped?: boolean }
	| { state: 'failed'; id: string; error: VendorFailure };

export interface Requester {
	userId: string;
	username: string;
	roomId?: string;
}

export const DRAIN_JOB = 'delivery.drain';
/** A drain never runs longer than this, well inside the engine's 30 s call limit. */
const DRAIN_BUDGET_MS = 15000;
/** How long one call (a command, an endpoint) may spend sending inline before it only queues. */
const INLINE_BUDGET_MS = 5000;
/** How many sends a drain keeps in flight. */
const DRAIN_WORKERS = 4;
/** A drain waits in place for a limiter slot that frees within this long. */
const IN_DRAIN_WAIT_MS = 3000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** An item left "sending" longer than this (an instance died mid-call) is tried again. */
const SENDING_LEASE_MS = 60000;

const channelOf = (op: Operation): { channel: string; family: 'botpenguin' | 'callbell'; credential: string } => {
	switch (op.kind) {
		case 'lead.update':
			return { channel: 'botpenguin-lead', family: 'botpenguin', credential: SettingId.BotPenguinLeadToken };
		case 'contacts.delete':
			return { channel: 'botpenguin-contacts', family: 'botpenguin', credential: SettingId.BotPenguinApiKey };
		case 'callbell.status':
			return { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken };
	}
};

/** The setting whose token an operation uses: replies name it on a 401. */
export const credentialSettingOf = (op: Operation): string => channelOf(op).credential;

/**
 * The outbox: persist, send now when the limiter allows, otherwise (or on a retryable failure)
 * leave it to the `delivery.drain` scheduler job. Limiter windows and items live in persistence,
 * so every server instance shares them.
 */
export class Outbox {
	private readonly store: KeyValueStore;
	private readonly audit: AuditLog;
	/** When this call began: inline sends stop after INLINE_BUDGET_MS. */
	private readonly startedAt = Date.now();
	/** Settings and clients, read once per app call (an Outbox lives for one call). */
	private cachedDelivery?: Promise<Settings<'delivery'>>;
	private readonly cachedFamilies = new Map<'botpenguin' | 'callbell', Promise<Resolved>>();

	constructor(
		private readonly ctx: AppContext,
		private readonly read: IRead,
		persis: IPersistence,
		private readonly http: IHttp,
		private readonly modify: IModify,
	) {
		this.store = new KeyValueStore(read.getPersistenceReader(), persis);
		this.audit = new AuditLog(this.store);
	}

	/** Accepts one operation: the answer is done, queued (sent later by a job) or failed. */
	public async submit(op: Operation, who: Requester, label: string, coalesceKey?: string): Promise<Outcome> {
		const now = Date.now();
		if (coalesceKey) {
			// Looked up by its own tag: a status change must not read the whole queue.
			const waiting = (await this.store.list<OutboxItem>(`outbox:key:${coalesceKey}`)).find((i) => i.state === 'pending');
			if (waiting) {
				waiting.op = mergeOps(waiting.op, op);
				waiting.updatedAt = now;
				await this.save(waiting);
				return { state: 'queued', id: waiting.id, at: waiting.nextAttemptAt };
			}
		}
		const item: OutboxItem = {
			id: `ob${now.toString(36)}${Math.random().toString(36).slice(2, 8)}`,
			op,
			state: 'pending',
			attempts: 0,
			createdAt: now,
			updatedAt: now,
			nextAttemptAt: now,
			userId: who.userId,
			username: who.username,
			roomId: who.roomId,
			coalesceKey,
			label,
			announce: false,
		};
		// A command sends inline only while this call's inline budget lasts: many uuids or batches, or a
		// slow vendor, never push the call toward the engine's 30 s limit; the rest goes to the drain job.
		if (Date.now() - this.startedAt > INLINE_BUDGET_MS) {
			item.announce = true;
			await this.save(item);
			await this.scheduleDrain(now);
			return { state: 'queued', id: item.id, at: now };
		}
		await this.save(item);
		const outcome = await this.attempt(item);
		if (outcome.state === 'queued') {
			item.announce = true;
			await this.save(item);
			await this.scheduleDrain(outcome.at);
		}
		return outcome;
	}

	/** The scheduler job: sends what is due, at the limit, for at most DRAIN_BUDGET_MS, then re-arms itself. */
	public async drain(): Promise<{ sent: number; left: number }> {
		const started = Date.now();
		const blocked = new Set<string>();
		let sent = 0;
		const due = (await this.pending())
			.filter((i) => (i.state === 'pending' && i.nextAttemptAt <= started) || (i.state === 'sending' && i.updatedAt < started - SENDING_LEASE_MS))
			.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
		// A few workers send side by side, so the per-item cost (persistence round trips, the vendor's
		// latency) does not cap the rate below the vendor's limit. The limiter still decides each send.
		let next = 0;
		const worker = async () => {
			while (next < due.length && Date.now() - started <= DRAIN_BUDGET_MS) {
				const item = due[next++];
				const { channel } = channelOf(item.op);
				if (blocked.has(channel)) continue;
				let outcome = await this.attempt(item);
				// A slot frees soon: wait for it here rather than re-arming the job (a scheduler round
				// trip and a re-read of the queue each time), as long as the call budget allows.
				while (outcome.state === 'queued' && !outcome.error && !outcome.skipped) {
					const wait = outcome.at - Date.now();
					if (wait > IN_DRAIN_WAIT_MS || Date.now() + wait - started > DRAIN_BUDGET_MS) break;
					await sleep(Math.max(1, wait));
					outcome = await this.attempt(item);
				}
				if (outcome.state === 'queued' && outcome.skipped) continue;
				if (outcome.state === 'queued' && !outcome.error) blocked.add(channel);
				if (outcome.state !== 'queued') {
					sent++;
					if (item.announce) await this.announce(item, outcome);
				}
			}
		};
		await Promise.all(Array.from({ length: DRAIN_WORKERS }, worker));
		const left = await this.pending();
		const live = left.filter((i) => i.state !== 'failed');
		if (live.length > 0) await this.scheduleDrain(Math.min(...live.map((i) => i.nextAttemptAt)));
		return { sent, left: live.length };
	}

	/** Pending and failed items, of one user when given. */
	public async list(userId?: string): Promise<OutboxItem[]> {
		const items = await this.pending();
		return items.filter((i) => !userId || i.userId === userId).sort((a, b) => a.createdAt - b.createdAt);
	}

	public async get(id: string): Promise<OutboxItem | undefined> {
		return this.store.get<OutboxItem>(`outbox:${id}`);
	}

	/** Makes a failed (or waiting) item due now. */
	public async retry(id: string): Promise<OutboxItem | undefined> {
		const item = await this.get(id);
		if (!item) return undefined;
		Object.assign(item, { state: 'pending', nextAttemptAt: Date.now(), createdAt: Date.now(), announce: true });
		await this.save(item);
		await this.scheduleDrain(Date.now());
		return item;
	}

	/** Gives up on an item. A tombstone remembers it, so "gone" is not mistaken for "delivered". */
	public async drop(id: string): Promise<OutboxItem | undefined> {
		const item = await this.get(id);
		if (item) {
			await this.store.remove(`outbox:${id}`);
			await this.store.put(`outbox-dropped:${id}`, { id: `outbox-dropped:${id}`, at: Date.now() }, ['outbox-dropped']);
		}
		return item;
	}

	/**
	 * Takes back an operation that is no longer wanted (the status went back to what the vendor has).
	 * Only a waiting item can be withdrawn; one being sent (or already settled) cannot: false then.
	 */
	public async withdraw(id: string): Promise<boolean> {
		const item = await this.get(id);
		if (!item || item.state !== 'pending') return false;
		await this.drop(id);
		return true;
	}

	/**
	 * Where an item stands. Delivered items leave the outbox (the common case costs no extra write);
	 * dropped ones leave a tombstone, so absence without a tombstone means delivered.
	 */
	public async fate(id: string): Promise<'waiting' | 'failed' | 'delivered' | 'dropped'> {
		const item = await this.get(id);
		if (item) return item.state === 'failed' ? 'failed' : 'waiting';
		return (await this.store.get(`outbox-dropped:${id}`)) ? 'dropped' : 'delivered';
	}

	public auditLog(): AuditLog {
		return this.audit;
	}

	// ------------------------------------------------------------------ internals
	private async pending(): Promise<OutboxItem[]> {
		return this.store.list<OutboxItem>('outbox');
	}

	private async save(item: OutboxItem): Promise<void> {
		const tags = ['outbox', `outbox:user:${item.userId}`];
		if (item.coalesceKey) tags.push(`outbox:key:${item.coalesceKey}`);
		await this.store.put(`outbox:${item.id}`, item, tags);
	}

	/** The delivery settings, read once per call. */
	private delivery(): Promise<Settings<'delivery'>> {
		this.cachedDelivery ??= readSettings(this.read, 'delivery');
		return this.cachedDelivery;
	}

	/** One vendor family's client and credentials, read once per call and only for families in use. */
	private family(family: 'botpenguin' | 'callbell'): Promise<Resolved> {
		const cached = this.cachedFamilies.get(family);
		if (cached) return cached;
		const resolving = (async (): Promise<Resolved> => {
			const delivery = await this.delivery();
			if (family === 'botpenguin') {
				const bp = await readSettings(this.read, 'botpenguin');
				return {
					credentials: { [SettingId.BotPenguinLeadToken]: bp[SettingId.BotPenguinLeadToken], [SettingId.BotPenguinApiKey]: bp[SettingId.BotPenguinApiKey] },
					botpenguin: botPenguinClientFrom(this.http, bp, delivery),
				};
			}
			const cb = await readSettings(this.read, 'callbell');
			return { credentials: { [SettingId.CallbellApiToken]: cb[SettingId.CallbellApiToken] }, callbell: callbellClientFrom(this.http, cb, delivery) };
		})();
		this.cachedFamilies.set(family, resolving);
		return resolving;
	}

	private async attempt(item: OutboxItem): Promise<Outcome> {
		const now = Date.now();
		const { channel, family, credential: credentialSetting } = channelOf(item.op);
		const [delivery, { credentials }] = await Promise.all([this.delivery(), this.family(family)]);
		const credential = credentials[credentialSetting] ?? '';
		const limit: RateLimit =
			family === 'botpenguin'
				? { limit: delivery[SettingId.BotPenguinRateLimit], windowMs: delivery[SettingId.BotPenguinRateWindowMs] }
				: { limit: delivery[SettingId.CallbellRateLimit], windowMs: delivery[SettingId.CallbellRateWindowMs] };
		const limiterId = `limiter:${channel}:${tokenTag(credential)}`;
		// Claim the item and take a limiter slot in one critical section, so two drains (or a drain
		// and a retry) in this instance never send the same item or share the last slot.
		let stamp = 0;
		const claim = await serialized(async (): Promise<'gone' | 'claimed' | { waitMs: number }> => {
			const current = await this.get(item.id);
			const claimedElsewhere = current?.state === 'sending' && current.updatedAt > Date.now() - SENDING_LEASE_MS && current.attempts !== item.attempts;
			if (!current || current.state === 'failed' || claimedElsewhere) return 'gone';
			const log = (await this.store.get<WindowLog>(limiterId)) ?? { sent: [] };
			stamp = Date.now();
			const taken = tryAcquire(log, limit, stamp);
			if (!taken.ok) return { waitMs: taken.waitMs };
			await this.store.put(limiterId, taken.log);
			Object.assign(item, current, { state: 'sending', attempts: current.attempts + 1, updatedAt: Date.now() });
			await this.save(item);
			return 'claimed';
		});
		if (claim === 'gone') return { state: 'queued', id: item.id, at: item.nextAttemptAt, error: item.lastError, skipped: true };
		if (claim !== 'claimed') {
			item.nextAttemptAt = now + claim.waitMs;
			item.state = 'pending';
			await this.save(item);
			return { state: 'queued', id: item.id, at: item.nextAttemptAt };
		}
		const result = await this.send(item.op);
		// The vendor counted the request when it arrived, somewhere before now: move our stamp from
		// "before sending" to "answered", so the slot is reused only a full window after the vendor saw it.
		await serialized(async () => {
			const log = (await this.store.get<WindowLog>(limiterId)) ?? { sent: [] };
			const at = log.sent.indexOf(stamp);
			if (at >= 0) {
				log.sent[at] = Date.now();
				await this.store.put(limiterId, log);
			}
		});
		if (result.ok) {
			await this.store.remove(`outbox:${item.id}`);
			await this.record(item, 'done');
			return { state: 'done', id: item.id };
		}
		item.lastError = result.error;
		const next = nextAttempt(result.error, item.attempts, item.createdAt, Date.now(), {
			baseDelayMs: delivery[SettingId.RetryBaseDelayMs],
			maxDelayMs: delivery[SettingId.RetryMaxDelayMs],
			maxAgeMs: delivery[SettingId.RetryMaxAgeMinutes] * 60000,
		});
		if (next.retry) {
			item.state = 'pending';
			item.nextAttemptAt = next.at;
			await this.save(item);
			return { state: 'queued', id: item.id, at: next.at, error: result.error };
		}
		item.state = 'failed';
		item.updatedAt = Date.now();
		await this.save(item);
		await this.record(item, 'failed', result.error.message);
		return { state: 'failed', id: item.id, error: result.error };
	}

	private async send(op: Operation): Promise<VendorResult<unknown>> {
		const { botpenguin, callbell } = await this.family(channelOf(op).family);
		switch (op.kind) {
			case 'lead.update':
				return botpenguin!.updateLead(op.update);
			case 'contacts.delete':
				return botpenguin!.setContactsDeleted(op.ids, op.subscriberIds);
			case 'callbell.status':
				return callbell!.setUserStatus(op.userUuid, op.change);
		}
	}

	private async record(item: OutboxItem, outcome: 'done' | 'failed', detail?: string): Promise<void> {
		await this.audit.add({
			at: Date.now(),
			userId: item.userId,
			username: item.username,
			action: item.op.kind,
			vendor: channelOf(item.op).family,
			object: item.label,
			outcome,
			detail,
		});
	}

	private async scheduleDrain(at: number): Promise<void> {
		const marker = await this.store.get<{ at: number }>('drain:next');
		const now = Date.now();
		if (marker && marker.at <= at && marker.at > now - SENDING_LEASE_MS) return;
		await this.store.put('drain:next', { at });
		await this.modify.getScheduler().scheduleOnce({ id: DRAIN_JOB, when: new Date(Math.max(at, now)) });
	}

	/** Clears the drain marker when the drain job starts, so the job can re-arm itself. */
	public async drainStarted(): Promise<void> {
		await this.store.remove('drain:next');
	}

	/** Tells the agent how a queued operation ended: ephemeral in its room, else a direct message from the app. */
	private async announce(item: OutboxItem, outcome: Outcome): Promise<void> {
		const user = await this.read.getUserReader().getById(item.userId);
		if (!user) return;
		const tr = translator(userLocale(user));
		const text =
			outcome.state === 'done'
				? tr('delivery_done_later', { label: item.label })
				: outcome.state === 'failed'
					? tr('delivery_failed_later', { label: item.label, reason: describeFailure(tr, outcome.error, credentialSettingOf(item.op)) })
					: '';
		if (!text) return;
		if ((await tellUser(this.read, this.modify, user, item.roomId, text)) === 'none') this.ctx.logger.warn(`outbox ${item.id}: could not tell ${item.username} the outcome`);
	}
}

interface Resolved {
	/** Token values by setting id, used only to key the limiter (hashed), never stored. */
	credentials: Record<string, string>;
	botpenguin?: BotPenguinClient;
	callbell?: CallbellClient;
}

/**
 * Persistence offers no compare-and-set, so two calls in this instance could read the same limiter
 * window and both take its last slot. Limiter updates are therefore serialized per instance. This
 * is only a lock, not state: the window itself lives in persistence for every instance to see
 * (across instances the read-modify-write can still race; the 2 % guard absorbs small overlaps).
 */
let limiterChain: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
	const run = limiterChain.then(fn, fn);
	limiterChain = run.catch(() => undefined);
	return run;
}

/** Coalescing rules: a newer status replaces the older one; lead updates to the same lead merge. */
export function mergeOps(older: Operation, newer: Operation): Operation {
	if (older.kind === 'lead.update' && newer.kind === 'lead.update' && older.update.uuid === newer.update.uuid) {
		const a = older.update;
		const b = newer.update;
		const update: LeadUpdate = { ...a };
		for (const [key, value] of Object.entries(b)) if (value !== undefined && value !== null) (update as unknown as Record<string, unknown>)[key] = value;
		// Only fields either update has: an absent field must stay absent (not undefined, which
		// persistence would store as null and the vendor would reject).
		if (a.notes || b.notes) update.notes = [...(a.notes ?? []), ...(b.notes ?? [])];
		if (a.tags || b.tags) update.tags = [...new Set([...(a.tags ?? []), ...(b.tags ?? [])])];
		if (a.attributes || b.attributes) update.attributes = mergeAttributes(a.attributes ?? [], b.attributes ?? []);
		return { kind: 'lead.update', update };
	}
	return newer;
}

function mergeAttributes(a: Array<{ key: string; value: string }>, b: Array<{ key: string; value: string }>) {
	const map = new Map(a.map((x) => [x.key, x.value]));
	for (const x of b) map.set(x.key, x.value);
	return [...map].map(([key, value]) => ({ key, value }));
}
