import type { IModify, IPersistence, IPersistenceRead, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/**
 * App persistence in memory, as the engine offers it: records matched by associations, upserts,
 * removal by association — and values that come back through a msgpack-like copy (`undefined`
 * becomes `null`). Every call first awaits `pause()`, so a test can interleave concurrent callers
 * (two server instances over one store) at every persistence round trip.
 */
export class MemoryStore {
	public readonly records = new Map<number, { data: unknown; assoc: string[] }>();
	private next = 1;

	constructor(public pause: () => Promise<void> = async () => undefined) {}

	public reader(): IPersistenceRead {
		const readBy = async (assocs: RocketChatAssociationRecord[]) => {
			await this.pause();
			const wanted = assocs.map(keyOf);
			return [...this.records.values()].filter((r) => wanted.every((w) => r.assoc.includes(w))).map((r) => copy(r.data));
		};
		return {
			read: async () => undefined,
			readByAssociation: (a: RocketChatAssociationRecord) => readBy([a]),
			readByAssociations: (a: RocketChatAssociationRecord[]) => readBy(a),
		} as unknown as IPersistenceRead;
	}

	public writer(): IPersistence {
		return {
			updateByAssociations: async (assocs: RocketChatAssociationRecord[], data: object, upsert?: boolean) => {
				await this.pause();
				const wanted = assocs.map(keyOf);
				const hits = [...this.records.values()].filter((r) => wanted.every((w) => r.assoc.includes(w)));
				for (const r of hits) r.data = copy(data);
				if (hits.length === 0 && upsert) this.records.set(this.next++, { data: copy(data), assoc: wanted });
				return 'ok';
			},
			removeByAssociation: async (a: RocketChatAssociationRecord) => {
				await this.pause();
				const k = keyOf(a);
				const gone = [...this.records].filter(([, r]) => r.assoc.includes(k));
				for (const [id] of gone) this.records.delete(id);
				return gone.map(([, r]) => copy(r.data));
			},
		} as unknown as IPersistence;
	}

	/** An `IRead` whose only part in use is the persistence reader. */
	public read(): IRead {
		return { getPersistenceReader: () => this.reader() } as unknown as IRead;
	}
}

/** An `IModify` whose scheduler records what was armed. */
export function recordingModify(jobs: Array<{ id: string; when: number }>): IModify {
	return {
		getScheduler: () => ({
			scheduleOnce: async (job: { id: string; when: Date }) => {
				jobs.push({ id: job.id, when: job.when.getTime() });
				return job.id;
			},
		}),
	} as unknown as IModify;
}

const keyOf = (a: RocketChatAssociationRecord) => `${a.getModel()}:${a.getID()}`;

/** A msgpack-like copy: `undefined` values come back as `null`. */
function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v))) as T;
}
