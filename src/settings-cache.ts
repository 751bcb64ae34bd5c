import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * The longest a value read from the engine is trusted without hearing of a change. Every instance of
 * a Rocket.Chat cluster calls the app's `onSettingUpdated` when an admin saves a setting (the server
 * relays the change to each instance's engine), which empties the cache at once; this bound only
 * matters if such a notice is ever missed.
 */
export const SETTINGS_MAX_AGE_MS = 60_000;

/**
 * The app's settings as last read from the engine. Each read is a message from the app's runtime to
 * the server, and a status change needs about twenty of them: they are read once and reused until a
 * setting changes (or SETTINGS_MAX_AGE_MS passes), so a call costs no settings reads at all.
 */
export class SettingsCache {
	private readonly known = new Map<string, unknown>();
	private since = 0;
	/** Bumped by every change: a read that started before it must not fill the cache. */
	private generation = 0;

	constructor(private readonly now: () => number = () => Date.now()) {}

	public async values(read: IRead, ids: ReadonlyArray<string>): Promise<Record<string, unknown>> {
		if (this.now() - this.since > SETTINGS_MAX_AGE_MS) this.changed();
		if (this.known.size === 0) this.since = this.now();
		const missing = ids.filter((id) => !this.known.has(id));
		const fresh = new Map<string, unknown>();
		if (missing.length > 0) {
			const generation = this.generation;
			const reader = read.getEnvironmentReader().getSettings();
			const got = await Promise.all(missing.map((id) => reader.getValueById(id)));
			missing.forEach((id, i) => fresh.set(id, got[i]));
			if (generation === this.generation) for (const [id, value] of fresh) this.known.set(id, value);
		}
		return Object.fromEntries(ids.map((id) => [id, fresh.has(id) ? fresh.get(id) : this.known.get(id)]));
	}

	/** A setting changed (or the app was enabled): forget everything. */
	public changed(): void {
		this.generation++;
		this.known.clear();
		this.since = this.now();
	}
}

/** The one cache of this app instance (the runtime keeps the app's module alive between calls). */
export const appSettings = new SettingsCache();
