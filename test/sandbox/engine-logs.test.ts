import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { Demo } from '../../sandbox/demo';
import { PER_CALL_LOGGER } from '../../sandbox/engine/generation';
import { demoPerTest } from './fixtures';

/**
 * What the app logs reaches the app's log (Administration → Apps → Logs), filed under the call that
 * logged it, on every engine generation (npm test: 1.62; npm run test:engines: the older ones).
 * Engines disagree on where a call's logger is: 1.62 hands it through a per-call proxy of the App,
 * 1.53–1.59 swap the App's own logger before every call (src/context.ts picks it). A logger taken
 * from the wrong place writes into an object nobody reads, and the line is gone without an error.
 *
 * A call's log entry is stored when the call answers, under the runtime's method name:
 * `scheduler:<job id>`, `slashcommand:<command>:executor`, `api:<path>:<http method>`.
 */
describe('the app log on every engine generation', () => {
	const demo = demoPerTest();

	/** The entries stored under `method` since `from` whose lines include `text`. */
	const linesUnder = (d: Demo, from: number, method: string, text: string) =>
		d.world.logs
			.slice(from)
			.filter((e: ILoggerStorageEntry) => e.method === method)
			.flatMap((e) => e.entries)
			.filter((line) => JSON.stringify(line.args).includes(text));

	it('a job processor: the working-hours re-arm that enabling scheduled logs what it did, under its job', async () => {
		const d = demo();
		const from = d.world.logs.length;
		const rearm = d.host.jobs.list().filter((j) => j.name.startsWith('status.hours.rearm_'));
		expect(rearm).toHaveLength(1);
		expect(await d.host.jobs.runDue({ all: true })).toBeGreaterThanOrEqual(1);
		expect(linesUnder(d, from, 'scheduler:status.hours.rearm', 'working hours re-armed for')).toHaveLength(1);
	});

	it('a slash command: /st logs why the form could not open, under /st', async () => {
		const d = demo();
		// Rocket.Chat refuses to open the modal (the interaction bridge throws)
		const ui = d.host.bridges.getUiInteractionBridge() as unknown as { notifyUser: () => Promise<void> };
		ui.notifyUser = async () => {
			throw new Error('no client to open the modal in');
		};
		const from = d.world.logs.length;
		await d.host.as('alice').run('/st');
		expect(linesUnder(d, from, 'slashcommand:st:executor', 'st form: ')).toHaveLength(1);
	});

	/** Rocket.Chat's scheduler fails to cancel the timer job the next change replaces: the app logs it (debug) and goes on. */
	const breakCancel = (d: Demo) => {
		const scheduler = d.host.bridges.getSchedulerBridge() as unknown as { cancelJob: () => Promise<void> };
		scheduler.cancelJob = async () => {
			throw new Error('scheduler unavailable');
		};
	};
	const auth = { authorization: 'Bearer demo-api-secret' };

	it('an endpoint: the status endpoint logs a timer it could not cancel, under the endpoint', async () => {
		const d = demo();
		expect((await d.host.api.post('status', { user: 'alice', status: 'busy', text: 'Call', for: '30m' }, auth)).status).toBe(200);
		breakCancel(d);
		const from = d.world.logs.length;
		// the same status without the timer: the timer is cancelled, Rocket.Chat is not written (so no other call overlaps this one)
		expect((await d.host.api.post('status', { user: 'alice', status: 'busy', text: 'Call' }, auth)).status).toBe(200);
		expect(linesUnder(d, from, 'api:status:post', 'not cancelled: scheduler unavailable')).toHaveLength(1);
	});

	/**
	 * The engines differ when another call starts before a call answers (here the status event that
	 * the endpoint's own Rocket.Chat write sets off): see PER_CALL_LOGGER for the engine lines.
	 */
	it('a call another call overlaps: its lines are kept on 1.62, lost on 1.53–1.59 (the engine answers with the newest call\'s logger)', async () => {
		const d = demo();
		expect((await d.host.api.post('status', { user: 'alice', status: 'busy', text: 'Call', for: '30m' }, auth)).status).toBe(200);
		breakCancel(d);
		const from = d.world.logs.length;
		expect((await d.host.api.post('status', { user: 'alice', status: 'online' }, auth)).status).toBe(200);
		const endpointLines = linesUnder(d, from, 'api:status:post', 'not cancelled: scheduler unavailable');
		const anywhere = d.world.logs.slice(from).filter((e) => JSON.stringify(e.entries).includes('not cancelled: scheduler unavailable'));
		if (PER_CALL_LOGGER) {
			expect(endpointLines).toHaveLength(1);
		} else {
			expect(anywhere).toEqual([]);
			// what the endpoint's answer carried instead: the status event's entry, which its own answer carries again
			const echo = d.world.logs.slice(from).filter((e) => String(e.method) === 'app:executePostUserStatusChanged');
			expect(echo.length).toBeGreaterThanOrEqual(2);
		}
	});
});
