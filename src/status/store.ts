import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { KeyValueStore } from '../store/kv';
import type { Presence } from '../vendors/rocketchat';

/**
 * Everything the status feature remembers, per Rocket.Chat user, in persistence (shared by every
 * server instance; nothing in module memory):
 * - the Callbell ledger: the last state the app knows Callbell applied (plus one queued target);
 * - the loop-guard marker: what the app just wrote to Rocket.Chat, so the echo event is ignored;
 * - the state token: renewed on every change, so a timer only restores what it set;
 * - the timer: when to restore, and what;
 * - the self link to a Callbell user, and an email → user index for the Callbell webhook;
 * - short-lived caches of the preset lists (Rocket.Chat and Callbell).
 */

export interface Ledger {
	available?: boolean;
	customStatusUuid?: string | null;
	/** a change handed to the outbox but not confirmed yet, and the ledger once it is */
	pending?: { outboxId: string; after: { available?: boolean; customStatusUuid?: string | null } };
}

export interface RcState {
	status: Presence;
	statusText: string;
}

export interface Guard extends RcState {
	at: number;
}

export interface TimerRecord {
	token: string;
	until: number;
	restore: { rc: RcState; callbell?: { available?: boolean; customStatusUuid?: string | null } };
}

export interface Cached<T> {
	at: number;
	list: T[];
}

/** How long the app's own status change counts as "ours" when its echo arrives. */
export const GUARD_TTL_MS = 2 * 60_000;

export class StatusStore {
	private readonly kv: KeyValueStore;

	constructor(reader: IPersistenceRead, writer?: IPersistence) {
		this.kv = new KeyValueStore(reader, writer);
	}

	public ledger = (userId: string) => this.kv.get<Ledger>(`st:ledger:${userId}`);
	public saveLedger = (userId: string, ledger: Ledger) => this.kv.put(`st:ledger:${userId}`, ledger);

	public guard = (userId: string) => this.kv.get<Guard>(`st:guard:${userId}`);
	public saveGuard = (userId: string, guard: Guard) => this.kv.put(`st:guard:${userId}`, guard);
	public clearGuard = (userId: string) => this.kv.remove(`st:guard:${userId}`);

	public async token(userId: string): Promise<string | undefined> {
		return (await this.kv.get<{ token: string }>(`st:token:${userId}`))?.token;
	}

	/** A new token: any timer set before this moment no longer owns the status. */
	public async renewToken(userId: string): Promise<string> {
		const token = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
		await this.kv.put(`st:token:${userId}`, { token });
		return token;
	}

	public timer = (userId: string) => this.kv.get<TimerRecord>(`st:timer:${userId}`);
	public saveTimer = (userId: string, timer: TimerRecord) => this.kv.put(`st:timer:${userId}`, timer);
	public clearTimer = (userId: string) => this.kv.remove(`st:timer:${userId}`);

	public async link(userId: string): Promise<string | undefined> {
		return (await this.kv.get<{ uuid: string }>(`st:link:${userId}`))?.uuid;
	}
	public saveLink = (userId: string, uuid: string) => this.kv.put(`st:link:${userId}`, { uuid });

	/** Remembers which Rocket.Chat user has an email (the Callbell webhook names agents by email). */
	public async rememberEmail(email: string, userId: string): Promise<void> {
		const id = `st:who:${email.trim().toLowerCase()}`;
		const known = await this.kv.get<{ userId: string }>(id);
		if (known?.userId !== userId) await this.kv.put(id, { userId });
	}
	public async userIdByEmail(email: string): Promise<string | undefined> {
		return (await this.kv.get<{ userId: string }>(`st:who:${email.trim().toLowerCase()}`))?.userId;
	}

	public cache = <T>(name: string) => this.kv.get<Cached<T>>(`st:cache:${name}`);
	public saveCache = <T>(name: string, list: T[]) => this.kv.put(`st:cache:${name}`, { at: Date.now(), list });
	public dropCache = (name: string) => this.kv.remove(`st:cache:${name}`);
}
