import { randomUUID } from 'node:crypto';
import { type Demo, startDemo } from '../../sandbox/demo';
import { DEMO } from '../../sandbox/simulators';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs due scheduler jobs until `done()` holds (the app's clock is real, so retries need real time). */
async function settle(demo: Demo, done: () => boolean, timeoutMs = 15000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!done()) {
		if (Date.now() > until) throw new Error('did not settle in time');
		await demo.host.jobs.runDue({ all: true });
		await sleep(50);
	}
}

/** No outbox drain is waiting (recurring housekeeping jobs stay scheduled for ever). */
const noDrainPending = (demo: Demo) => demo.host.jobs.list().every((j) => !j.name.startsWith('delivery.drain'));

const FAST = {
	http_timeout_ms: 400,
	retry_base_delay_ms: 20,
	retry_max_delay_ms: 200,
	retry_max_age_minutes: 5,
};

describe('delivery: the outbox under vendor faults', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual', settings: FAST });
	});
	afterAll(() => demo.stop());
	beforeEach(() => demo.sims.list.forEach((s) => s.resetAll()));
	afterEach(() => demo.host.assertNoErrors());

	const lead = (uuid: string) => demo.sims.botpenguin.state.leads.get(uuid);
	const faults: Array<[string, (d: Demo) => void]> = [
		['a 500 burst', (d) => d.sims.botpenguin.failNext(3, 500)],
		['a 429 storm', (d) => d.sims.botpenguin.failNext(3, 429, { retryAfterSec: 1 })],
		['a hang past the timeout', (d) => d.sims.botpenguin.hangNext(2)],
		['a connection reset', (d) => d.sims.botpenguin.resetNext(2)],
	];

	it.each(faults)('a lead close survives %s and is applied exactly once, and the agent hears the outcome', async (_name, fault) => {
		const uuid = randomUUID();
		fault(demo);
		const reply = await demo.host.as('alice').run(`/lead-close ${uuid} resolved by phone`);
		expect(reply.text).toMatch(/queued|retr/i);
		expect(lead(uuid)).toBeUndefined();

		const before = demo.world.messages.length;
		await settle(demo, () => lead(uuid) !== undefined && noDrainPending(demo));
		const applied = lead(uuid)!;
		expect(applied.status).toBe('CLOSED');
		expect(applied.updates).toBe(1);
		expect(applied.notes).toEqual([{ title: 'Closed from Rocket.Chat', description: 'resolved by phone' }]);
		const later = demo.world.messages.slice(before).filter((m) => m.to === 'alice').map((m) => m.text);
		expect(later.join('\n')).toContain(uuid);
		const queue = await demo.host.as('alice').run('/inbox-bridge queue');
		expect(queue.text).toMatch(/Nothing is waiting/);
	});

	it('a 401 is final: nothing is retried and the reply names the token setting', async () => {
		const uuid = randomUUID();
		demo.sims.botpenguin.failNext(1, 401);
		const reply = await demo.host.as('alice').run(`/lead-close ${uuid}`);
		expect(reply.text).toMatch(/botpenguin_lead_token/);
		expect(reply.text).not.toContain(DEMO.botpenguinLeadToken);
		await demo.host.jobs.runDue({ all: true });
		expect(demo.sims.botpenguin.requests).toHaveLength(1);
		expect(lead(uuid)).toBeUndefined();
		const queue = await demo.host.as('admin').run('/inbox-bridge queue');
		expect(queue.text).toMatch(/failed/);
	});

	it('retry and drop are for admins; retry sends a failed item again, drop gives up on it', async () => {
		const uuid = randomUUID();
		demo.sims.botpenguin.failNext(1, 401);
		await demo.host.as('alice').run(`/lead-close ${uuid}`);
		const idOf = async (u: string) => {
			const line = (await demo.host.as('admin').run('/inbox-bridge queue')).texts.join('\n').split('\n').find((l) => l.includes(u));
			return /`(ob[0-9a-z]+)`/.exec(line ?? '')?.[1];
		};
		const id = await idOf(uuid);
		expect(id).toBeDefined();
		expect((await demo.host.as('alice').run(`/inbox-bridge retry ${id}`)).text).toMatch(/Only admins/);
		expect((await demo.host.as('admin').run(`/inbox-bridge retry ${id}`)).text).toContain(id!);
		await settle(demo, () => lead(uuid)?.status === 'CLOSED');
		expect(lead(uuid)!.updates).toBe(1);

		const other = randomUUID();
		demo.sims.botpenguin.failNext(1, 401);
		await demo.host.as('alice').run(`/lead-close ${other}`);
		const otherId = await idOf(other);
		expect(otherId).toBeDefined();
		expect((await demo.host.as('admin').run(`/inbox-bridge drop ${otherId}`)).text).toMatch(/dropped/);
		expect((await demo.host.as('admin').run('/inbox-bridge queue')).text).not.toContain(other);
		const audit = await demo.host.as('admin').run('/inbox-bridge audit 50');
		expect(audit.text).toContain(uuid);
		expect(audit.text).toMatch(/outbox\.drop .* cancelled/);
	});

	it('a command with many leads and a slow vendor sends inline only for a few seconds, the rest in the background', async () => {
		const uuids = Array.from({ length: 12 }, () => randomUUID());
		demo.sims.botpenguin.setFaults({ latencyMs: 1500 });
		await demo.host.setSetting('http_timeout_ms', 5000);
		try {
			const reply = await demo.host.as('alice').run(`/lead-close ${uuids.join(' ')}`);
			const inline = demo.sims.botpenguin.requests.length;
			expect(inline).toBeGreaterThanOrEqual(1);
			expect(inline).toBeLessThanOrEqual(5);
			expect(reply.text).toMatch(/queued/i);
			await settle(demo, () => uuids.every((u) => lead(u)?.status === 'CLOSED'), 40000);
			expect(uuids.map((u) => lead(u)!.updates)).toEqual(uuids.map(() => 1));
		} finally {
			demo.sims.botpenguin.setFaults({ latencyMs: 0 });
			await demo.host.setSetting('http_timeout_ms', FAST.http_timeout_ms);
		}
	}, 60000);

	it('the daily prune removes audit entries older than audit_retention_days and keeps the rest', async () => {
		await demo.host.as('alice').run(`/lead-close ${randomUUID()}`);
		const assoc = (id: string) => ({ model: 'misc', id, getModel: () => 'misc', getID: () => id });
		const old = { at: Date.now() - 91 * 24 * 3600 * 1000, userId: 'u-old', username: 'ghost', action: 'lead.update', vendor: 'botpenguin', object: 'ancient-lead', outcome: 'done', id: 'audit:old1' };
		demo.world.persistence.set('p-old-audit', { id: 'p-old-audit', appId: demo.host.appId, data: old, associations: [assoc('id:audit:old1'), assoc('tag:audit'), assoc('tag:audit:user:u-old')] as never });
		expect((await demo.host.as('admin').run('/inbox-bridge audit 100')).text).toContain('ancient-lead');
		const prune = demo.host.jobs.list().filter((j) => j.name.startsWith('audit.prune'));
		expect(prune).toHaveLength(1);
		expect(prune[0].intervalMs).toBe(24 * 3600 * 1000);
		await demo.host.jobs.runDue({ all: true });
		const after = (await demo.host.as('admin').run('/inbox-bridge audit 100')).text;
		expect(after).not.toContain('ancient-lead');
		expect(after).toMatch(/lead\.update botpenguin/);
	});

	it('a queued item survives disable/enable and a fresh host on the same storage, and is sent once', async () => {
		const uuid = randomUUID();
		demo.sims.botpenguin.failNext(1, 500);
		await demo.host.as('alice').run(`/lead-close ${uuid}`);
		expect(lead(uuid)).toBeUndefined();
		await demo.host.disable();
		await demo.host.enable();
		await demo.restart({ timers: 'manual' });
		await settle(demo, () => lead(uuid) !== undefined && noDrainPending(demo));
		expect(lead(uuid)!.updates).toBe(1);
		await demo.host.jobs.runDue({ all: true });
		expect(demo.sims.botpenguin.requests.filter((r) => r.status === 200)).toHaveLength(1);
	});
});

describe('delivery: the limiter keeps the app under the vendor limit', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({
			timers: 'real',
			settings: { ...FAST, botpenguin_rate_limit: 20, botpenguin_rate_window_ms: 2000 },
		});
		demo.sims.botpenguin.setRateLimit({ limit: 20, windowMs: 2000 });
	});
	afterAll(() => demo.stop());

	it('sends 60 lead closes with no 429 at ≥ 95% of the allowed rate (20 per 2 s)', async () => {
		const uuids = Array.from({ length: 60 }, () => randomUUID());
		// One command queues all 60: the first 20 go at once, the drain job sends the rest at the limit.
		const reply = await demo.host.as('alice').run(`/lead-close ${uuids.join(' ')}`);
		expect(reply.text).toMatch(/queued/i);
		const until = Date.now() + 20000;
		while ([...demo.sims.botpenguin.state.leads.values()].filter((l) => l.status === 'CLOSED').length < 60 && Date.now() < until) await sleep(100);
		await demo.host.idle();
		const ok = demo.sims.botpenguin.requests.filter((r) => r.status === 200);
		expect(ok).toHaveLength(60);
		expect(demo.sims.botpenguin.requests.filter((r) => r.status === 429)).toHaveLength(0);
		// A perfect limiter sends request k at (request k − limit) + window, so after the first burst the
		// achieved rate is (N − limit) / (t_last − t_{limit−1}); allowed is 20 / 2 s.
		const achieved = (60 - 20) / ((ok[59].at - ok[19].at) / 1000);
		expect(achieved / 10).toBeGreaterThanOrEqual(0.95);
		demo.host.assertNoErrors();
	}, 40000);
});
