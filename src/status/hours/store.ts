import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../zod';
import { scheduleSchema } from '../../parse/st-hours';
import { KeyValueStore } from '../../store/kv';
import { optional } from '../../store/read-back';

/**
 * One record per agent the app has seen (any status change through the app, or `/st hours`): whose
 * hours apply, and the one scheduler job armed for the next boundary. Validated when read back: a
 * broken record, or one another version wrote, reads as absent (the agent then follows the default).
 */
const recordSchema = z.object({
	userId: z.string(),
	mode: z.enum(['own', 'default', 'off']),
	/** the agent's own schedule (mode `own`) */
	schedule: optional(scheduleSchema),
	/** the arming's number: a job carrying an older one is stale and does nothing */
	gen: z.int().check(z.nonnegative()),
	/** the boundary the job is armed for (absent: no schedule, no job) */
	next: optional(z.object({ at: z.number(), state: z.enum(['in', 'out']), jobId: optional(z.string()) })),
	/** boundaries up to this moment are handled (applied, or set aside when the hours were set) */
	through: z.number(),
});
export type HoursRecord = z.infer<typeof recordSchema>;

const TAG = 'st:hours';
const id = (userId: string) => `st:hours:${userId}`;

export class HoursStore {
	private readonly kv: KeyValueStore;

	constructor(reader: IPersistenceRead, writer?: IPersistence) {
		this.kv = new KeyValueStore(reader, writer);
	}

	public async get(userId: string): Promise<HoursRecord | undefined> {
		const parsed = recordSchema.safeParse(await this.kv.get<unknown>(id(userId)));
		return parsed.success && parsed.data.userId === userId ? parsed.data : undefined;
	}

	public save(record: HoursRecord): Promise<void> {
		return this.kv.put(id(record.userId), record, [TAG]);
	}

	/** Every readable record (the unreadable ones are skipped: their agents follow the default once seen again). */
	public async all(): Promise<HoursRecord[]> {
		return (await this.kv.list<unknown>(TAG)).flatMap((raw) => {
			const parsed = recordSchema.safeParse(raw);
			return parsed.success ? [parsed.data] : [];
		});
	}
}
