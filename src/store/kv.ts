import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

const key = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);

/**
 * The one place that talks to app persistence. Records are addressed by a unique key and may carry
 * tags, so a repository can list "every outbox item" or "every audit entry of a user". Everything
 * lives in persistence (shared by all server instances), never in module memory.
 */
export class KeyValueStore {
	constructor(private readonly reader: IPersistenceRead, private readonly writer?: IPersistence) {}

	public async get<T>(id: string): Promise<T | undefined> {
		const [found] = (await this.reader.readByAssociation(key(`id:${id}`))) as T[];
		return found;
	}

	/**
	 * Writes the record in one call (an upsert on all its associations). A given id must always be
	 * written with the same tags: the upsert matches on id and tags together.
	 */
	public async put<T extends object>(id: string, value: T, tags: string[] = []): Promise<void> {
		await this.w().updateByAssociations([key(`id:${id}`), ...tags.map((t) => key(`tag:${t}`))], value, true);
	}

	public async remove(id: string): Promise<void> {
		await this.w().removeByAssociation(key(`id:${id}`));
	}

	public async list<T>(tag: string): Promise<T[]> {
		return (await this.reader.readByAssociation(key(`tag:${tag}`))) as T[];
	}

	/** Adds a record that has no id, only tags (several may share them; `list` returns them in storage order). */
	public async add<T extends object>(value: T, tags: string[]): Promise<void> {
		await this.w().createWithAssociations(value, tags.map((t) => key(`tag:${t}`)));
	}

	/** Removes every record carrying `tag`. */
	public async removeTagged(tag: string): Promise<void> {
		await this.w().removeByAssociation(key(`tag:${tag}`));
	}

	private w(): IPersistence {
		if (!this.writer) throw new Error('this store was opened read-only');
		return this.writer;
	}
}
