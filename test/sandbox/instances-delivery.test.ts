import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type Demo, startDemo } from '../../sandbox/demo';
import { SettingId } from '../../src/settings';
import { declaredNumber, demoPerTest, sleep } from './fixtures';

/**
 * Issue 16, two instances on one store: the outbox drained by both. Writes queued during an outage
 * through either instance, then drains racing on both: every write lands exactly once, none is lost,
 * a lead note (unsafe to repeat) is never appended twice. The limiter window lives in persistence:
 * with both instances sending at once, the vendor's own limiter never answers 429. Which instance
 * submits what and which drains race are generated (`INSTANCES_SEED=random INSTANCES_RUNS=…`).
 */
const RUNS = Number(process.env.INSTANCES_RUNS ?? 5);
/** Each generated case takes a few seconds on a busy two-core machine. */
const TIMEOUT = Math.max(60_000, RUNS * 6000);
const seed = () => (process.env.INSTANCES_SEED === 'random' ? {} : { seed: Number(process.env.INSTANCES_SEED ?? 20261207) });
const FAST = { http_timeout_ms: 1500, retry_base_delay_ms: 20, retry_max_delay_ms: 200, retry_max_age_minutes: 5 };

const on = fc.integer({ min: 0, max: 1 });
/** A write to one of three leads: a note with a status, or a tag (which merge into one request per lead when queued). */
const write = fc.record({ lead: fc.integer({ min: 0, max: 2 }), on, kind: fc.constantFrom('note' as const, 'tag' as const) });
/** A drain run through one instance, after a few milliseconds. */
const drain = fc.record({ on, delay: fc.constantFrom(0, 0, 1, 4) });

describe('drains on both instances', () => {
	const demo = demoPerTest({ instances: 2, settings: FAST });
	let n = 0;

	it('writes queued through either instance, drained by both at once: each delivered once, no note twice, none lost', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(write, { minLength: 2, maxLength: 7 }), fc.array(drain, { minLength: 2, maxLength: 4 }), async (writes, drains) => {
				const d = demo();
				const leads = [randomUUID(), randomUUID(), randomUUID()];
				const sent = writes.map((w) => ({ ...w, label: `n${n++}` }));
				// an outage: every write is queued
				d.sims.botpenguin.setFaults({ errorRate: 1 });
				await Promise.all(
					sent.map((w) =>
						d.hosts[w.on].as('alice').run(w.kind === 'note' ? `/lead ${leads[w.lead]} status=REVIEW note="call: ${w.label}"` : `/lead ${leads[w.lead]} tag=${w.label}`),
					),
				);
				d.sims.botpenguin.clearFaults();
				await sleep(250); // past the retries' backoff (at most retry_max_delay_ms)
				await Promise.all(drains.map(async (x) => (await sleep(x.delay), d.cluster.jobs.runDue({ all: true, on: x.on }))));
				await drainAll(d);
				for (const [i, uuid] of leads.entries()) {
					const mine = sent.filter((w) => w.lead === i);
					const lead = d.sims.botpenguin.state.leads.get(uuid);
					if (mine.length === 0) {
						expect(lead).toBeUndefined();
						continue;
					}
					// every note exactly once, every tag there
					expect(lead?.notes.map((x) => x.description).sort()).toEqual(mine.filter((w) => w.kind === 'note').map((w) => w.label).sort());
					expect([...(lead?.tags ?? [])].sort()).toEqual(mine.filter((w) => w.kind === 'tag').map((w) => w.label).sort());
				}
				// and no note reached BotPenguin twice (not even a request it answered after the app gave up on it)
				const notes = d.sims.botpenguin.requests.filter((r) => r.status === 200).flatMap((r) => ((r.body as { notes?: Array<{ description: string }> }).notes ?? []).map((x) => x.description));
				expect(notes.length).toBe(new Set(notes).size);
				expect((await d.host.as('admin').run('/inbox-bridge queue')).text).not.toMatch(/pending|failed|unknown/i);
			}),
			{ numRuns: RUNS, ...seed() },
		);
		// the search did make both instances drain
		const drained = demo().cluster.jobs.history.filter((j) => j.name.startsWith('delivery.drain'));
		expect(new Set(drained.map((j) => j.instance))).toEqual(new Set([0, 1]));
	}, TIMEOUT);
});

/**
 * Runs due jobs (on whichever instance locks each) until no drain is left. A long search (every run
 * shares one demo) fills BotPenguin's window, a minute long: the drain then waits for a slot, as on a
 * server, so this waits up to a window for it.
 */
async function drainAll(d: Demo): Promise<void> {
	const until = Date.now() + declaredNumber(SettingId.BotPenguinRateWindowMs) + 15_000;
	for (let round = 0; Date.now() < until; round++) {
		await d.cluster.idle();
		if (!d.cluster.jobs.list().some((j) => j.name.startsWith('delivery.drain'))) return;
		await d.cluster.jobs.runDue({ all: true });
		await sleep(round < 50 ? 30 : 500);
	}
	const queue = (await d.host.as('admin').run('/inbox-bridge queue')).text;
	throw new Error(`the outbox never drained: jobs ${JSON.stringify(d.cluster.jobs.list().map((j) => [j.name.split('_')[0], j.when - Date.now()]))}; queue:\n${queue}`);
}

describe('the limiter window is shared by both instances', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ instances: 2, timers: 'real', settings: { ...FAST, botpenguin_rate_limit: 10, botpenguin_rate_window_ms: 2000 } });
		demo.sims.botpenguin.setRateLimit({ limit: 10, windowMs: 2000 });
	});
	afterAll(() => demo.stop());

	it('40 lead closes, 20 through each instance at once, at a limit of 10 per 2 s: no 429, each sent once, both instances sending', async () => {
		const uuids = Array.from({ length: 40 }, () => randomUUID());
		demo.hosts.forEach((h) => h.engineCalls.reset());
		await Promise.all([0, 1].map((i) => demo.hosts[i].as('alice').run(`/lead-close ${uuids.slice(i * 20, i * 20 + 20).join(' ')}`)));
		const until = Date.now() + 40_000;
		while ([...demo.sims.botpenguin.state.leads.values()].filter((l) => l.status === 'CLOSED').length < 40 && Date.now() < until) await sleep(100);
		await demo.cluster.idle();
		const ok = demo.sims.botpenguin.requests.filter((r) => r.status === 200);
		expect(demo.sims.botpenguin.requests.filter((r) => r.status === 429)).toHaveLength(0);
		expect(ok).toHaveLength(40);
		for (const uuid of uuids) expect(demo.sims.botpenguin.state.leads.get(uuid)?.updates).toBe(1);
		// both instances sent (each counts the HTTP calls its own runtime made)
		for (const h of demo.hosts) expect(h.engineCalls.snapshot().byKind.http ?? 0).toBeGreaterThan(0);
		demo.assertNoErrors();
	}, 90_000);
});
