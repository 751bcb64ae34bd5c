/** What queued operations cost in persistence and in the engine's memory. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { type Demo, startDemo } from '../../sandbox/demo';
import { copyQueued } from '../../sandbox/queue-copies';
import { f, met, out } from './report';

/** Issue 19's goals: the engine's memory barely grows with the queue, and listing it stays interactive. */
const RSS_RATIO_GOAL = 1.5;
const QUEUE_LIST_GOAL_MS = 500;

/** The sweep's minute comes, as on a server (it runs every minute): the delivery run that also counts a long queue. */
async function sweep(demo: Demo): Promise<number> {
	for (const job of demo.world.jobs.values()) if (job.name.startsWith('delivery.sweep')) job.when = Date.now();
	const t = Date.now();
	await demo.host.jobs.runDue();
	return Date.now() - t;
}

/** `/inbox-bridge queue` as `who`, timed. */
async function listing(demo: Demo, who: string): Promise<number> {
	const t = Date.now();
	await demo.host.as(who).run('/inbox-bridge queue');
	return Date.now() - t;
}

function denoRss(): number {
	const pids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)]).toString().trim().split(/\s+/).filter(Boolean);
	let kb = 0;
	for (const pid of pids) {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			if (!/Name:\s+deno/.test(status)) continue;
			kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
		} catch {
			// process gone
		}
	}
	return kb * 1024;
}

/** 6. Persistence bytes per queued operation, and engine RSS with 10,000 queued operations. */
export async function memory(): Promise<void> {
	const demo: Demo = await startDemo({ timers: 'manual', settings: { retry_base_delay_ms: 3600000, retry_max_delay_ms: 3600000 } });
	try {
		const bytes = () => [...demo.world.persistence.values()].reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.data)) + 64, 0);
		const K = 200;
		demo.sims.botpenguin.setFaults({ errorRate: 1 });
		const before = bytes();
		const uuids = Array.from({ length: K }, () => randomUUID());
		for (let i = 0; i < K; i += 50) await demo.host.as('alice').run(`/lead-close ${uuids.slice(i, i + 50).join(' ')} waiting for the vendor`);
		const perOp = (bytes() - before) / K;
		await sweep(demo);
		await listing(demo, 'admin');
		const rssSmall = denoRss();
		// 10,000 queued operations: copies of the app's own queued records (same shape, new ids)
		copyQueued(demo, 10000);
		const sweepMs = await sweep(demo);
		const queueMs = await listing(demo, 'admin');
		const rssBig = denoRss();
		// alice queued every item: her own listing counts them when asked (no census), so it reads all 10,000
		const ownMs = await listing(demo, 'alice');
		const rssOwn = denoRss();
		const ratio = rssBig / rssSmall;
		out(`6. memory  ${f(perOp, 0)} bytes of app persistence per queued operation`);
		out(`   engine (Deno) RSS ${f(rssSmall / 2 ** 20, 1)} MB with ${K} queued vs ${f(rssBig / 2 ** 20, 1)} MB with 10,000 queued = ${f(ratio)}x (goal <= ${RSS_RATIO_GOAL}x: ${met(ratio <= RSS_RATIO_GOAL)})`);
		out(`   /inbox-bridge queue over 10,000 items took ${queueMs} ms (goal <= ${QUEUE_LIST_GOAL_MS} ms: ${met(queueMs <= QUEUE_LIST_GOAL_MS)})`);
		out(`   the sweep (a delivery run, every minute) over 10,000 items ${sweepMs} ms, before the listing; alice's own listing of her 10,000 ${ownMs} ms`);
		out(`   engine (Deno) RSS after alice's own listing too: ${f(rssOwn / 2 ** 20, 1)} MB = ${f(rssOwn / rssSmall)}x`);
	} finally {
		await demo.stop();
	}
}
