import { PER_CALL_LOGGER } from '../../sandbox/engine/generation';
import { demoPerTest } from './fixtures';

/**
 * Enabling never fails on a convenience (issue: the app disabled itself when `Site_Url` could not be
 * read). Rocket.Chat's accessor throws "No Server Setting found, or it is unaccessible" for a setting
 * the app may not read; the sandbox's server has none here, so the same read throws the same way.
 */
describe('enabling the app', () => {
	const demo = demoPerTest();

	it('stays enabled when Site_Url cannot be read: commands and jobs work, the log says it once, health shows it', async () => {
		demo().world.serverSettings.delete('Site_Url');
		const logsBefore = demo().world.logs.length;
		const host = await demo().restart();
		expect(String(await host.status())).toMatch(/enabled/);
		const warnings = JSON.stringify(demo().world.logs.slice(logsBefore)).match(/Site_Url could not be read/g) ?? [];
		// Engines 1.53–1.59 lose it: enabling writes the endpoint_urls setting, whose update is another
		// call into the app before onEnable answers (PER_CALL_LOGGER); /inbox-bridge health still says it.
		expect(warnings).toHaveLength(PER_CALL_LOGGER ? 1 : 0);

		const busy = await host.as('alice').run('/st busy Focus for 30m');
		expect(busy.text).toMatch(/^Rocket\.Chat: ✅ busy — “Focus”/m);
		expect(host.user('alice').status).toBe('busy');
		await host.jobs.runDue({ advanceMs: 31 * 60_000 });
		expect(host.user('alice').status).toBe('online');

		const health = await host.as('admin').run('/inbox-bridge health');
		expect(health.text).toContain('Site_Url could not be read (No Server Setting found, or it is unaccessible, by the id of "Site_Url".)');
		// Rocket.Chat's REST API has no base URL: said, not thrown
		expect(health.text).toMatch(/Rocket\.Chat REST \(custom statuses\): not configured \(setting Site_Url\)/);
		// the endpoints are still shown, as paths on the server
		expect(health.text).toMatch(/\/api\/apps\/private\/[^\s]+\/status/);
	});
});
