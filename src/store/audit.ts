import type { KeyValueStore } from './kv';

/** Who did what, when, to which vendor object, with what outcome. Never holds a secret: callers pass ids and outcomes only. */
export interface AuditEntry {
	at: number;
	userId: string;
	username: string;
	action: string;
	vendor: string;
	object: string;
	outcome: 'done' | 'queued' | 'failed' | 'refused' | 'cancelled';
	detail?: string;
}

const DAY = 24 * 60 * 60 * 1000;

export class AuditLog {
	constructor(private readonly store: KeyValueStore) {}

	public async add(entry: AuditEntry): Promise<void> {
		const id = `audit:${entry.at.toString(36)}:${Math.random().toString(36).slice(2, 10)}`;
		await this.store.put(id, { ...entry, id }, ['audit', `audit:user:${entry.userId}`]);
	}

	/** Newest first; of one user when given. */
	public async recent(limit: number, userId?: string): Promise<AuditEntry[]> {
		const all = await this.store.list<AuditEntry>(userId ? `audit:user:${userId}` : 'audit');
		return all.sort((a, b) => b.at - a.at).slice(0, limit);
	}

	/** Removes entries older than the retention; returns how many went. */
	public async prune(retentionDays: number, now = Date.now()): Promise<number> {
		const old = (await this.store.list<AuditEntry & { id: string }>('audit')).filter((e) => e.at < now - retentionDays * DAY);
		for (const e of old) await this.store.remove(e.id);
		return old.length;
	}
}
