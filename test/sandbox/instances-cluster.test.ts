import { DEMO } from '../../sandbox/simulators';
import { persisted } from '../../sandbox/agent-probe';
import { callbellWrites, clearRequests, demoPerTest, says } from './fixtures';

/**
 * Issue 16, two instances on one store: what a Rocket.Chat cluster does between them, as the app
 * sees it. A job scheduled by one instance runs once, on whichever instance locks it; a setting saved
 * on one instance reaches the other's cache at once (Rocket.Chat relays the save and runs the app's
 * onSettingUpdated there); enabling on both does not double the recurring jobs.
 */
const demo = demoPerTest({ instances: 2 });
const ALICE_CB = DEMO.callbellUsers[0].uuid;

describe('jobs: one job table, each job run by one instance', () => {
	it('a timer set through one instance is restored by the other: Rocket.Chat and Callbell go back, once', async () => {
		const [a] = demo().hosts;
		await a.as('alice').run('/st busy In a meeting for 30m');
		expect(a.user('alice')).toMatchObject({ status: 'busy', statusText: 'In a meeting' });
		clearRequests(demo());
		const ran = await demo().cluster.jobs.runDue({ all: true, on: 1 });
		expect(ran).toBeGreaterThan(0);
		const restores = demo().cluster.jobs.history.filter((j) => j.name.startsWith('status.expire'));
		expect(restores.map((j) => j.instance)).toEqual([1]);
		expect(a.user('alice')).toMatchObject({ status: 'online', statusText: '' });
		expect(demo().sims.callbell.state.users.get(ALICE_CB)).toMatchObject({ available: true, customStatusId: null });
		expect(callbellWrites(demo())).toHaveLength(1);
		// run again on the first instance: the restore is gone from the table, nothing happens twice
		await demo().cluster.jobs.runDue({ all: true, on: 0 });
		expect(demo().cluster.jobs.history.filter((j) => j.name.startsWith('status.expire'))).toHaveLength(1);
		expect(callbellWrites(demo())).toHaveLength(1);
	});

	it('both instances enabled the app: one sweep, one audit prune, one timeline prune (a recurring job is one per name, as Agenda keeps it)', async () => {
		const names = demo().cluster.jobs.list().map((j) => j.name.split('_')[0]);
		expect(names.filter((n) => n === 'delivery.sweep')).toHaveLength(1);
		expect(names.filter((n) => n === 'audit.prune')).toHaveLength(1);
		expect(names.filter((n) => n === 'status.timeline.prune')).toHaveLength(1);
	});

	it('due jobs are spread over the instances, each run exactly once', async () => {
		for (const who of ['alice', 'bob']) await demo().hosts[who === 'alice' ? 0 : 1].as(who).run('/st away Back soon for 5m');
		for (let i = 0; i < 6; i++) await demo().cluster.jobs.runDue({ all: true });
		const history = demo().cluster.jobs.history;
		expect(new Set(history.map((j) => j.instance))).toEqual(new Set([0, 1]));
		// a one-time job (the restores, the re-arm) never runs twice
		const recurring = ['delivery.sweep', 'audit.prune', 'status.timeline.prune'];
		const once = history.filter((j) => !recurring.some((r) => j.name.startsWith(r)));
		expect(new Set(once.map((j) => j.jobId)).size).toBe(once.length);
	});
});

describe('restarts: one instance at a time', () => {
	it('instance 1 restarts while instance 0 keeps serving: no call on instance 0 fails, and the new instance 1 works on the shared state', async () => {
		const [a] = demo().hosts;
		let restarted = false;
		const restarting = demo().restart({ instance: 1, timers: 'manual' }).then((h) => ((restarted = true), h));
		const presences = ['busy', 'away', 'online'];
		let served = 0;
		while (!restarted && served < 30) {
			const presence = presences[served % 3];
			await a.as('alice').run(`/st ${presence}`);
			// each change reached Rocket.Chat and Callbell (a refused permission would have stopped it)
			expect(a.user('alice').status).toBe(presence);
			expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(presence === 'online');
			served++;
		}
		const b = await restarting;
		expect(served).toBeGreaterThan(0);
		expect(b).toBe(demo().hosts[1]);
		await b.as('alice').run('/st away Lunch');
		expect(demo().sims.callbell.state.users.get(ALICE_CB)).toMatchObject({ available: false, customStatusId: DEMO.callbellCustomStatuses[0].id });
	});
});

describe('events: on the instance where they happen', () => {
	it('the echo of a status the app set through instance 1 is handled on instance 1; instance 0 does nothing', async () => {
		const [a, b] = demo().hosts;
		await b.as('alice').run('/st busy'); // warm: settings and records read once
		await demo().cluster.idle();
		a.engineCalls.reset();
		await b.as('alice').run('/st away');
		await demo().cluster.idle();
		expect(a.engineCalls.snapshot().total).toBe(0);
		// the echo was handled (the write it announced is consumed), so on instance 1
		const sync = persisted<{ echoes: unknown[] }>(demo(), `st:sync:${a.user('alice').id}`);
		expect(sync?.echoes).toEqual([]);
	});
});

describe('settings: saved on one instance, used on both at once', () => {
	it('an admin unlinks alice on instance 0; instance 1, which had the map cached, skips Callbell on her next /st', async () => {
		const [a, b] = demo().hosts;
		// instance 1 reads (and caches) the settings with a change, which reaches Callbell
		await b.as('alice').run('/st busy');
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
		await a.setSetting('callbell_user_map', DEMO.callbellUsers.filter((u) => u.email !== 'alice@demo.test').map((u) => `${u.email} = ${u.uuid}`).join('\n'));
		clearRequests(demo());
		const reply = await b.as('alice').run('/st away');
		expect(reply.text).toContain(says(demo(), 'alice', 'st_cb_not_linked'));
		expect(callbellWrites(demo())).toEqual([]);
		// both instances' engines hold the saved value
		expect(b.setting('callbell_user_map')).toBe(a.setting('callbell_user_map'));
	});
});
