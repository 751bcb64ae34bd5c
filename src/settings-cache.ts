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
	/** Per setting id, its value as read (or being read: concurrent callers share one read). */
	private readonly known = new Map<string, Promise<unknown>>();
	private since = 0;

	constructor(private readonly now: () => number = () => Date.now()) {}

	public async values(read: IRead, ids: ReadonlyArray<string>): Promise<Record<string, unknown>> {
		if (this.now() - this.since > SETTINGS_MAX_AGE_MS) this.changed();
		if (this.known.size === 0) this.since = this.now();
		const reader = read.getEnvironmentReader().getSettings();
		const got = await Promise.all(
			ids.map((id) => {
				let value = this.known.get(id);
				if (!value) {
					const reading = reader.getValueById(id);
					this.known.set(id, reading);
					// a failed read is not remembered (the next call tries again)
					reading.catch(() => this.known.get(id) === reading && this.known.delete(id));
					value = reading;
				}
				return value;
			}),
		);
		return Object.fromEntries(ids.map((id, i) => [id, got[i]]));
	}

	/** A setting changed (or the app was enabled): forget everything, also reads still under way. */
	public changed(): void {
		this.known.clear();
		this.since = this.now();
	}
}

/** The one cache of this app instance (the runtime keeps the app's module alive between calls). */
export const appSettings = new SettingsCache();
