import { demoPerTest } from './fixtures';

/**
 * What an operation costs the server, counted by the host (every request from the app's runtime):
 * settings come from the app's cache, and a presence flip that concerns nothing the app links costs
 * two reads. Counts, not timings: they do not depend on the machine.
 */

const demo = demoPerTest({ echoStatusEvents: false });
const host = () => demo().host;

describe('engine calls per operation', () => {
	it('reads the settings once: a second command costs no settings reads', async () => {
		await host().as('alice').run('/st busy');
		const { calls } = await host().engineCalls.measure(() => host().as('alice').run('/st online'));
		expect(calls.byKind['settings.read'] ?? 0).toBe(0);
		expect(calls.byKind.http).toBe(1);
	});

	it('a saved setting reaches the next call (the cache is dropped, not waited out)', async () => {
		await host().as('alice').run('/st busy');
		await host().setSetting('status_mirror_from_rocketchat', false);
		const before = demo().sims.callbell.requests.length;
		await host().fire.userStatusChanged('alice', { status: 'away' });
		await host().idle();
		expect(demo().sims.callbell.requests.length).toBe(before);
		await host().setSetting('status_mirror_from_rocketchat', true);
		await host().fire.userStatusChanged('alice', { status: 'online' });
		await host().idle();
		expect(demo().sims.callbell.requests.length).toBe(before + 1);
	});

	it('a presence flip of an agent linked to nothing costs two reads and writes nothing', async () => {
		await host().fire.userStatusChanged('carol', { status: 'busy' }); // warm: the settings are read once
		await host().idle();
		const { calls } = await host().engineCalls.measure(async () => {
			await host().fire.userStatusChanged('carol', { status: 'away' });
			await host().idle();
		});
		expect(calls.byKind).toEqual({ 'persistence.read': 2 });
		expect(demo().sims.callbell.requests).toEqual([]);
	});

	it('Rocket.Chat repeating the state the last change applied (a reconnect, a second client) costs one read', async () => {
		await host().as('alice').run('/st busy In a meeting');
		await host().fire.userStatusChanged('alice', { status: 'busy' }); // the echo of that write
		await host().idle();
		const sent = demo().sims.callbell.requests.length;
		const { calls } = await host().engineCalls.measure(async () => {
			await host().fire.userStatusChanged('alice', { status: 'busy', statusText: 'In a meeting' });
			await host().idle();
		});
		expect(calls.byKind).toEqual({ 'persistence.read': 1 });
		expect(demo().sims.callbell.requests.length).toBe(sent);
	});

	it('the same flip with a timer running still ends the timer (the cheap path is only for nothing to do)', async () => {
		await host().as('carol').run('/st busy for 30m');
		await host().fire.userStatusChanged('carol', { status: 'away' });
		await host().idle();
		await host().jobs.runDue({ advanceMs: 31 * 60_000 });
		await host().idle();
		// the timer would have put back what carol had before it (online): her own change wins
		expect(host().user('carol').status).toBe('away');
	});
});
