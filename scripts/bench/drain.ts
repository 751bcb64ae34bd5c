/**
 * What the outbox costs per item it delivers after an outage: lead closes queued while BotPenguin
 * answers 503, then BotPenguin heals and the drains (the `delivery.drain` job, run by hand here) send
 * them. Counted from the heal until every lead is closed, per delivered item: engine calls by kind,
 * and the records they touched. The app's BotPenguin limit is raised so it never binds (this is the
 * cost of the protocol, not of waiting for slots; the throughput section measures the limiter).
 */
import { randomUUID } from 'node:crypto';
import { startDemo } from '../../sandbox/demo';
import { f, met, out } from './report';
import { perUnit, traceCalls } from './trace';

/** Issue 19's goal: engine calls per item a drain delivers. */
const PER_ITEM_GOAL = 15;
const SIZES = [100, 400];
const ROUND_LIMIT = 500;

async function drainOf(n: number): Promise<void> {
	const demo = await startDemo({
		timers: 'manual',
		settings: { botpenguin_rate_limit: 10000, botpenguin_rate_window_ms: 60000, retry_base_delay_ms: 1000, retry_max_delay_ms: 5000 },
	});
	try {
		const h = demo.host;
		const bp = demo.sims.botpenguin;
		bp.setRateLimit(null);
		await h.jobs.runDue(); // what enabling armed (the sweep, the working-hours re-arm)
		const uuids = Array.from({ length: n }, () => randomUUID());
		bp.failNext(1_000_000, 503);
		const queued = await h.engineCalls.measure(async () => {
			for (let i = 0; i < n; i += 100) await h.as('alice').run(`/lead-close ${uuids.slice(i, i + 100).join(' ')}`);
			await h.idle();
		});
		const closed = () => uuids.filter((u) => bp.state.leads.get(u)?.status === 'CLOSED').length;
		if (closed() !== 0) throw new Error('bench drain: BotPenguin was down, yet leads were closed');
		bp.clearFaults();
		bp.clear();
		let rounds = 0;
		const { calls, result: traced } = await h.engineCalls.measure(() =>
			traceCalls(h.bridges, async () => {
				while (closed() < n && rounds < ROUND_LIMIT) {
					const drains = h.jobs.list().filter((j) => j.name.startsWith('delivery.drain'));
					if (drains.length === 0) break;
					rounds++;
					await h.jobs.runDue({ advanceMs: Math.max(0, drains[0].when - Date.now()) + 1 });
				}
			}),
		);
		const delivered = closed();
		h.assertNoErrors();
		const per = (x: number) => f(x / Math.max(delivered, 1), 1);
		const k = calls.byKind;
		out(`   ${n} lead closes queued during a 503 outage (${per(queued.calls.total * delivered / n)} engine calls each to queue), then healed: ${delivered} of ${n} delivered in ${rounds} drain run(s), ${bp.requests.length} BotPenguin calls`);
		out(
			`   per delivered item: ${per(calls.total)} engine calls (goal <= ${PER_ITEM_GOAL}: ${met(calls.total / Math.max(delivered, 1) <= PER_ITEM_GOAL && delivered === n)}) — persistence reads ${per(k['persistence.read'] ?? 0)}, writes ${per(k['persistence.write'] ?? 0)}, scheduler ${per(k.scheduler ?? 0)}, http ${per(k.http ?? 0)}, other ${per(calls.total - (k['persistence.read'] ?? 0) - (k['persistence.write'] ?? 0) - (k.scheduler ?? 0) - (k.http ?? 0))}`,
		);
		if (n === SIZES[SIZES.length - 1]) {
			out(`   per delivered item, by method and record (${n} items):`);
			perUnit(traced, delivered, 0.05);
		}
	} finally {
		await demo.stop();
	}
}

/** 2b. Engine calls per item a drain delivers after an outage. */
export async function drainCost(): Promise<void> {
	out('2b. drain cost (BotPenguin answers 503 while the leads are closed, then heals; the drains run by hand until every lead is closed)');
	for (const n of SIZES) await drainOf(n);
}
