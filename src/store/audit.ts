import * as z from '../zod';
import { optional } from './read-back';
import type { KeyValueStore } from './kv';

/** Who did what, when, to which vendor object, with what outcome. Never holds a secret: callers pass ids and outcomes only. */
export interface AuditEntry {
	at: number;
	userId: string;
	username: string;
	action: string;
	vendor: string;
	object: string;
	outcome: 'done' | 'queued' | 'failed' | 'refused' | 'cancelled' | 'unknown';
	detail?: string;
	/** Whom it was done to, when that is another user (a manager setting an agent's status): the entry is theirs to read too. */
	subject?: { userId: string; username: string };
}

const entrySchema = z.object({
	at: z.number(),
	userId: z.string(),
	username: z.string(),
	action: z.string(),
	vendor: z.string(),
	object: z.string(),
	outcome: z.enum(['done', 'queued', 'failed', 'refused', 'cancelled', 'unknown']),
	detail: optional(z.string()),
	subject: optional(z.object({ userId: z.string(), username: z.string() })),
});

const DAY = 24 * 60 * 60 * 1000;

export class AuditLog {
	constructor(private readonly store: KeyValueStore) {}

	public async add(entry: AuditEntry): Promise<void> {
		const id = `audit:${entry.at.toString(36)}:${Math.random().toString(36).slice(2, 10)}`;
		const subject = entry.subject && entry.subject.userId !== entry.userId ? [`audit:user:${entry.subject.userId}`] : [];
		await this.store.put(id, { ...entry, id }, ['audit', `audit:user:${entry.userId}`, ...subject]);
	}

	/** Newest first; of one user when given. Entries that cannot be read (another version's, damaged) are counted, not shown. */
	public async recent(limit: number, userId?: string): Promise<{ entries: AuditEntry[]; unreadable: number }> {
		const raws = await this.store.list<unknown>(userId ? `audit:user:${userId}` : 'audit');
		const entries: AuditEntry[] = [];
		for (const raw of raws) {
			const parsed = entrySchema.safeParse(raw);
			if (parsed.success) entries.push(parsed.data);
		}
		return { entries: entries.sort((a, b) => b.at - a.at).slice(0, limit), unreadable: raws.length - entries.length };
	}

	/** Removes entries older than the retention; returns how many went. An entry without a readable time is kept. */
	public async prune(retentionDays: number, now = Date.now()): Promise<number> {
		let n = 0;
		for (const raw of await this.store.list<{ id?: unknown; at?: unknown }>('audit')) {
			if (typeof raw?.id === 'string' && typeof raw.at === 'number' && raw.at < now - retentionDays * DAY) {
				await this.store.remove(raw.id);
				n++;
			}
		}
		return n;
	}
}
