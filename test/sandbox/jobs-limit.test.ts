import { randomUUID } from 'node:crypto';
import { demoPerTest, noDrainPending, sleep } from './fixtures';

/**
 * The vendor's limit holds across a restart in the middle of a drain (issue 16's seeded fault run:
 * BotPenguin slowed down, a server restarted while the drain's requests were on their way, and
 * BotPenguin's own limiter answered 429 once). The requests of the runtime that died still reach
 * BotPenguin and count there; the fresh runtime must count them too, until they can no longer arrive.
 * Nothing here measures time: the assertions are on what BotPenguin answered and applied.
 */

const LIMIT = 6;
const WINDOW_MS = 2000;
/** BotPenguin answers this late while the drain sends (counting each request when it arrives, as its limiter does). */
const SLOW_MS = 2500;

const demo = demoPerTest({
	settings: {
		botpenguin_rate_limit: LIMIT,
		botpenguin_rate_window_ms: WINDOW_MS,
		http_timeout_ms: SLOW_MS + 1500,
		retry_base_delay_ms: 1,
		retry_max_delay_ms: 1,
	},
});
const bp = () => demo().sims.botpenguin;

describe('the vendor limit across a restart mid-drain', () => {
	it('requests still on their way when the server restarts keep their slots: no 429, nothing lost', async () => {
		await demo().host.jobs.runDue(); // what enabling armed runs first
		bp().setRateLimit({ limit: LIMIT, windowMs: WINDOW_MS });
		const uuids = Array.from({ length: 12 }, () => randomUUID());
		// Queued during an outage (refused requests count for nothing at BotPenguin).
		bp().setFaults({ errorRate: 1 });
		await demo().host.as('alice').run(`/lead-close ${uuids.join(' ')}`);
		bp().setFaults({ errorRate: 0, latencyMs: SLOW_MS });
		bp().clear();
		await sleep(WINDOW_MS + 100); // the outage's attempts left the window

		// The drain sends to a slow BotPenguin; the server restarts while its requests are on their way.
		const draining = demo().host.jobs.runDue({ all: true }).catch(() => undefined);
		while (bp().requests.length < 4) await sleep(20);
		const restartedAt = Date.now();
		await demo().restart({ timers: 'manual' });
		bp().setFaults({ latencyMs: 0 }); // and BotPenguin answers at once again

		const closed = () => uuids.filter((u) => bp().state.leads.get(u)?.status === 'CLOSED').length;
		const until = Date.now() + 50_000;
		// (the items the stopped runtime was sending are its until their lease ends; then they go again)
		while ((closed() < uuids.length || !noDrainPending(demo())) && Date.now() < until) {
			await demo().host.jobs.runDue({ all: true });
			await sleep(50);
		}
		await draining;

		// The scenario happened: requests the stopped runtime sent were counted by BotPenguin after the restart.
		expect(bp().requests.filter((r) => r.at < restartedAt && r.status === 200 && (r.answeredAt ?? 0) > restartedAt).length).toBeGreaterThan(0);
		expect(bp().requests.filter((r) => r.status === 429 || r.rateLimited).map((r) => `${r.status} at +${r.at - restartedAt} ms`)).toEqual([]);
		expect(closed()).toBe(uuids.length);
		const queue = await demo().host.as('admin').run('/inbox-bridge queue');
		for (const uuid of uuids) expect(queue.text).not.toContain(uuid);
		// The runtime that was stopped mid-call leaves its own errors behind: its drain never answered
		// (1.62 says "timed out after 30000ms", older engines name the method: the drain or the sweep).
		demo().host.errors.splice(0, demo().host.errors.length, ...demo().host.errors.filter((e) => !/No process configured|timed out after 30000ms|for method "scheduler:delivery\.(drain|sweep)" timed out/.test(e)));
	}, 90_000);
});
