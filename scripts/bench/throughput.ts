/** The outbox against a vendor's rate limit, and a plain loop against the same limit. */
import { randomUUID } from 'node:crypto';
import { startDemo } from '../../sandbox/demo';
import { DEMO, demoBotPenguinOptions, startBotPenguin } from '../../sandbox/simulators';
import { f, median, out, p95, sleep } from './report';

/** 5. 600 lead updates at a scaled BotPenguin limit, against a naive loop. */
export async function throughput(): Promise<void> {
	const N = 600;
	const limit = 100;
	const windowMs = 5000; // BotPenguin's 100/min scaled 12x: fixed per-slot costs (~70 ms) stay small against the window, as they are against 60 s
	const demo = await startDemo({ timers: 'real', settings: { botpenguin_rate_limit: limit, botpenguin_rate_window_ms: windowMs } });
	try {
		demo.sims.botpenguin.setRateLimit({ limit, windowMs });
		const uuids = Array.from({ length: N }, () => randomUUID());
		const t0 = Date.now();
		demo.host.engineCalls.reset();
		for (let i = 0; i < N; i += 100) await demo.host.as('alice').run(`/lead-close ${uuids.slice(i, i + 100).join(' ')}`);
		const closed = () => uuids.filter((u) => demo.sims.botpenguin.state.leads.get(u)?.status === 'CLOSED').length;
		while (closed() < N && Date.now() - t0 < 120000) await sleep(100);
		await demo.host.idle();
		const calls = demo.host.engineCalls.snapshot();
		const ok = demo.sims.botpenguin.requests.filter((r) => r.status === 200).sort((a, b) => a.at - b.at);
		const rejected = demo.sims.botpenguin.requests.filter((r) => r.status === 429).length;
		const applied = closed();
		const twice = uuids.filter((u) => (demo.sims.botpenguin.state.leads.get(u)?.updates ?? 0) > 1).length;
		const achieved = (ok.length - limit) / ((ok[ok.length - 1].at - ok[limit - 1].at) / 1000);
		if (process.env.BENCH_DEBUG) {
			const gaps = ok.slice(limit).map((r, i) => r.at - ok[i].at - windowMs);
			console.log('slot reuse delay beyond the window: median', median(gaps), 'p95', p95(gaps), 'max', Math.max(...gaps));
			console.log('engine calls by method', calls.byMethod);
		}
		const allowed = limit / (windowMs / 1000);

		// naive: the same 600 requests as a plain loop would send them, no limiter, no retry
		const naiveSim = await startBotPenguin({ ...demoBotPenguinOptions(), rateLimit: { limit, windowMs } });
		let naive429 = 0;
		const n0 = Date.now();
		for (const uuid of Array.from({ length: N }, () => randomUUID())) {
			const res = await fetch(`${naiveSim.url}/inbox/direct/lead`, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', 'x-bp-token': DEMO.botpenguinLeadToken },
				body: JSON.stringify({ uuid, botId: DEMO.botId, customerId: DEMO.customerId, status: 'CLOSED' }),
			});
			if (res.status === 429) naive429++;
			await res.arrayBuffer();
		}
		const naiveMs = Date.now() - n0;
		await naiveSim.close();
		out(`5. throughput  ${N} lead updates, limit ${limit}/${windowMs} ms (${allowed}/s allowed)`);
		out(`   outbox: achieved ${f(achieved)}/s = ${f(achieved / allowed, 3)} of allowed (goal >= 0.95), 429s ${rejected} (goal 0), lost ${N - applied} (goal 0), sent twice ${twice}, all applied in ${f((Date.now() - t0) / 1000, 1)} s`);
		const perItem = (n: number) => f(n / N, 1);
		out(`   engine calls per delivered item ${perItem(calls.total)} (persistence ${perItem((calls.byKind['persistence.read'] ?? 0) + (calls.byKind['persistence.write'] ?? 0))}, http ${perItem(calls.byKind.http ?? 0)}, scheduler ${perItem(calls.byKind.scheduler ?? 0)})`);
		out(`   naive loop: 429s ${naive429}, lost ${naive429} of ${N} (${f((naive429 / N) * 100, 1)} %) in ${f(naiveMs / 1000, 1)} s`);
	} finally {
		await demo.stop();
	}
}
