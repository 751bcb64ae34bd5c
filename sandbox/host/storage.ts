import { randomBytes } from 'node:crypto';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import { AppLogStorage, AppMetadataStorage, AppSourceStorage, type IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import type { World } from './world';

/**
 * App metadata (status, settings) kept in the World, so it survives a host restart. As Rocket.Chat's
 * MongoDB storage does, every read returns a copy: each instance of a cluster holds its own storage
 * item, and one instance saving a setting changes the others only through Rocket.Chat's broadcast
 * (cluster.ts), never by sharing an object. The engine addresses updates by the document's `_id`.
 */
export class WorldMetadataStorage extends AppMetadataStorage {
	constructor(private readonly world: World) {
		super('sandbox');
	}
	async create(item: IAppStorageItem) {
		// Rocket.Chat's storage gives every installation its own random document id; the engine uses it
		// as the hash of the app's private endpoint URLs, so it must not be the (public) app id.
		const stored = { ...item, _id: item._id ?? randomBytes(12).toString('hex') };
		this.world.appMetadata.set(item.id, structuredClone(stored));
		return stored;
	}
	async retrieveOne(id: string) {
		const item = this.find(id);
		return item ? structuredClone(item) : null;
	}
	async retrieveAll() {
		return new Map([...this.world.appMetadata].map(([id, item]) => [id, structuredClone(item)]));
	}
	async retrieveAllPrivate() {
		return this.retrieveAll();
	}
	/** Engines before 1.57 (1.53 in `npm run test:engines`) save the whole item here instead of the partial updates below. */
	async update(item: IAppStorageItem) {
		const stored = { ...item, _id: item._id ?? this.find(item.id)?._id ?? item.id };
		this.world.appMetadata.set(item.id, structuredClone(stored));
		return stored;
	}
	async remove(id: string) {
		this.world.appMetadata.delete(id);
		return { success: true };
	}
	async updatePartialAndReturnDocument(item: Partial<IAppStorageItem>) {
		const found = this.find(item.id ?? item._id ?? '');
		const merged = structuredClone({ ...(found as IAppStorageItem), ...item }) as IAppStorageItem;
		this.world.appMetadata.set(merged.id, merged);
		return structuredClone(merged);
	}
	async updateStatus(id: string, status: AppStatus) {
		const item = this.find(id);
		if (item) item.status = status;
		return Boolean(item);
	}
	async updateSetting(id: string, setting: ISetting) {
		const item = this.find(id);
		if (item) item.settings = { ...item.settings, [setting.id]: structuredClone(setting) };
		return Boolean(item);
	}
	async updateAppInfo(id: string, info: IAppInfo) {
		const item = this.find(id);
		if (item) item.info = structuredClone(info);
		return Boolean(item);
	}
	async updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]) {
		const item = this.find(id);
		if (item) item.marketplaceInfo = structuredClone(marketplaceInfo);
		return Boolean(item);
	}

	/** The stored item by app id or by document `_id` (what the engine passes to its updates). */
	private find(id: string): IAppStorageItem | undefined {
		return this.world.appMetadata.get(id) ?? [...this.world.appMetadata.values()].find((i) => i._id === id);
	}
}

export class WorldSourceStorage extends AppSourceStorage {
	constructor(private readonly world: World) {
		super();
	}
	async store(item: IAppStorageItem, zip: Buffer) {
		this.world.appSources.set(item.id, zip);
		return item.id;
	}
	async fetch(item: IAppStorageItem) {
		const zip = this.world.appSources.get(item.id);
		if (!zip) throw new Error(`no package stored for ${item.id}`);
		return zip;
	}
	async update(item: IAppStorageItem, zip: Buffer) {
		return this.store(item, zip);
	}
	async remove(item: IAppStorageItem) {
		this.world.appSources.delete(item.id);
	}
}

/** Log entries the app writes; the host also scans them for errors to surface to tests. */
export class WorldLogStorage extends AppLogStorage {
	constructor(private readonly world: World, private readonly onEntry: (entry: ILoggerStorageEntry) => void) {
		super('sandbox');
	}
	async findPaginated() {
		return { logs: this.world.logs, total: this.world.logs.length };
	}
	async storeEntries(entry: ILoggerStorageEntry) {
		this.world.logs.push(entry);
		this.onEntry(entry);
		return entry;
	}
	async getEntriesFor(appId: string) {
		return this.world.logs.filter((l) => l.appId === appId);
	}
	async removeEntriesFor(appId: string) {
		for (let i = this.world.logs.length - 1; i >= 0; i--) if (this.world.logs[i].appId === appId) this.world.logs.splice(i, 1);
	}
}
