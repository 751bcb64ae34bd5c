import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { groupIds, readSettings, SETTINGS, SettingId } from '../../src/settings';
import { appSettings, SETTINGS_MAX_AGE_MS, SettingsCache } from '../../src/settings-cache';

/** An engine whose settings reads are counted (each is a message from the app's runtime to the server). */
function engine(values: Record<string, unknown>) {
	const reads: string[] = [];
	let gate: Promise<void> | undefined;
	const read = {
		getEnvironmentReader: () => ({
			getSettings: () => ({
				getValueById: async (id: string) => {
					reads.push(id);
					const seen = values[id];
					if (gate) await gate;
					return seen;
				},
			}),
		}),
	} as unknown as IRead;
	return { read, reads, values, hold: (p: Promise<void>) => (gate = p), release: () => (gate = undefined) };
}

describe('settings cache', () => {
	it('reads each setting from the engine once, then answers from memory', async () => {
		const cache = new SettingsCache(() => 0);
		const e = engine({ a: 1, b: 2 });
		expect(await cache.values(e.read, ['a', 'b'])).toEqual({ a: 1, b: 2 });
		expect(await cache.values(e.read, ['b', 'a'])).toEqual({ a: 1, b: 2 });
		expect(e.reads).toEqual(['a', 'b']);
	});

	it('forgets everything when a setting changes', async () => {
		const cache = new SettingsCache(() => 0);
		const e = engine({ a: 1 });
		await cache.values(e.read, ['a']);
		e.values.a = 5;
		cache.changed();
		expect(await cache.values(e.read, ['a'])).toEqual({ a: 5 });
		expect(e.reads).toEqual(['a', 'a']);
	});

	it('trusts a value no longer than the maximum age, even if no change was heard of', async () => {
		let now = 1_000;
		const cache = new SettingsCache(() => now);
		const e = engine({ a: 1 });
		await cache.values(e.read, ['a']);
		e.values.a = 2;
		now += SETTINGS_MAX_AGE_MS;
		expect(await cache.values(e.read, ['a'])).toEqual({ a: 1 });
		now += 1;
		expect(await cache.values(e.read, ['a'])).toEqual({ a: 2 });
	});

	it('does not keep a value read before a change it overlapped', async () => {
		const cache = new SettingsCache(() => 0);
		const e = engine({ a: 'old' });
		let open!: () => void;
		e.hold(new Promise<void>((r) => (open = r)));
		const first = cache.values(e.read, ['a']);
		e.values.a = 'new';
		cache.changed();
		open();
		expect(await first).toEqual({ a: 'old' });
		e.release();
		expect(await cache.values(e.read, ['a'])).toEqual({ a: 'new' });
	});
});

describe('settings table', () => {
	beforeEach(() => appSettings.changed());

	it('declares every setting once, with its label keys', () => {
		const ids = SETTINGS.map((s) => s.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids).toEqual(expect.arrayContaining(Object.values(SettingId)));
		for (const s of SETTINGS) expect(s.i18nLabel).toBe(`setting_${s.id}_label`);
	});

	it('reads an unusable or missing value as the declared default', async () => {
		const e = engine({ http_timeout_ms: 'soon', retry_base_delay_ms: 0, audit_retention_days: 30 });
		const delivery = await readSettings(e.read, 'delivery');
		const declared = (id: string) => SETTINGS.find((s) => s.id === id)?.packageValue;
		expect(delivery[SettingId.HttpTimeoutMs]).toBe(declared(SettingId.HttpTimeoutMs));
		expect(delivery[SettingId.RetryBaseDelayMs]).toBe(declared(SettingId.RetryBaseDelayMs));
		expect(delivery[SettingId.AuditRetentionDays]).toBe(30);
		const callbell = await readSettings(e.read, 'callbell');
		expect(callbell[SettingId.StatusMirrorFromRocketChat]).toBe(declared(SettingId.StatusMirrorFromRocketChat));
	});

	it('reads the bot endpoint’s secret alone (group api), never with the Callbell settings', () => {
		expect(groupIds('api')).toEqual([SettingId.ApiSecret]);
		expect(groupIds('callbell')).not.toContain(SettingId.ApiSecret);
	});

	it('splits role lists', async () => {
		const e = engine({ lead_roles: ' admin,\nlivechat-agent ,, ' });
		expect((await readSettings(e.read, 'botpenguin'))[SettingId.LeadRoles]).toEqual(['admin', 'livechat-agent']);
	});
});

describe('settings cache under concurrency', () => {
	it('concurrent callers share one read per setting', async () => {
		const cache = new SettingsCache(() => 0);
		const e = engine({ a: 1, b: 2 });
		const all = await Promise.all(Array.from({ length: 20 }, () => cache.values(e.read, ['a', 'b'])));
		expect(all.every((v) => v.a === 1 && v.b === 2)).toBe(true);
		expect(e.reads).toEqual(['a', 'b']);
	});

	it('does not remember a failed read', async () => {
		const cache = new SettingsCache(() => 0);
		let fail = true;
		const read = {
			getEnvironmentReader: () => ({ getSettings: () => ({ getValueById: async () => (fail ? Promise.reject(new Error('bridge down')) : 'ok') }) }),
		} as unknown as IRead;
		await expect(cache.values(read, ['a'])).rejects.toThrow('bridge down');
		fail = false;
		expect(await cache.values(read, ['a'])).toEqual({ a: 'ok' });
	});
});
