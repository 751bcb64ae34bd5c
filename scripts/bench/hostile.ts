/**
 * 7. A hostile vendor (issue 17): how long the app takes to refuse an endless or oversized Callbell
 * answer, how long another user's command waits meanwhile, the biggest record the app writes — and
 * what the engine's own transport costs the runtime for answers of a given size, which no app can
 * avoid (the server hands the whole body to the runtime; see docs/vendor-answers.md).
 */
import { type Demo, startDemo } from '../../sandbox/demo';
import { f, out } from './report';

const TIMEOUT_MS = 3000;

/** When `username` got a reply delivered after `from` (the world stamps every delivery). */
function replyAt(demo: Demo, username: string, from: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const until = Date.now() + 120_000;
		const poll = () => {
			const hit = demo.world.messages.slice(from).find((m) => m.to === username);
			if (hit) resolve(hit.at);
			else if (Date.now() > until) reject(new Error(`no reply to ${username}`));
			else setTimeout(poll, 5);
		};
		poll();
	});
}

const biggestRecord = (demo: Demo) => Math.max(0, ...[...demo.world.persistence.values()].map((r) => Buffer.byteLength(JSON.stringify(r.data))));

/** `/st preset sync` while Callbell misbehaves, and bob's `/st busy` issued once the read reached Callbell. */
async function scenario(prepare: (demo: Demo) => void): Promise<{ refusedMs: number; bobMs: number; reply: string; biggest: number }> {
	const demo = await startDemo({ timers: 'manual', settings: { http_timeout_ms: TIMEOUT_MS } });
	try {
		prepare(demo);
		const from = demo.world.messages.length;
		const t0 = Date.now();
		const sync = demo.host.as('admin').run('/st preset sync');
		const adminAt = replyAt(demo, 'admin', from);
		await demo.sims.callbell.waitForRequest((r) => r.path.endsWith('/custom_statuses'), 10_000);
		const t1 = Date.now();
		const bob = demo.host.as('bob').run('/st busy');
		const bobAt = await replyAt(demo, 'bob', from);
		const reply = (await sync).text;
		await bob;
		return { refusedMs: (await adminAt) - t0, bobMs: bobAt - t1, reply, biggest: biggestRecord(demo) };
	} finally {
		await demo.stop();
	}
}

function seed(demo: Demo, count: number, nameLength: number): void {
	for (let i = 0; i < count; i++) demo.sims.callbell.state.customStatuses.set(`h${i}`, { id: `h${i}`, name: `S${i} ${'x'.repeat(nameLength)}`, emoji: '🙂', createdAt: '', updatedAt: '' });
}

export async function hostile(): Promise<void> {
	const cases: Array<[string, (demo: Demo) => void]> = [
		['endless answer', (d) => d.sims.callbell.floodNext(1, 'endless')],
		['2 MB answer', (d) => d.sims.callbell.floodNext(1, 2 * 1024 * 1024)],
		['2,000 statuses × 2 KB names', (d) => seed(d, 2000, 2048)],
		['2,000 statuses × 20 KB names', (d) => seed(d, 2000, 20 * 1024)],
	];
	for (const [name, prepare] of cases) {
		const r = await scenario(prepare);
		out(`7. hostile ${name}: refused after ${r.refusedMs} ms (HTTP timeout ${TIMEOUT_MS} ms, reply ${r.reply.length} chars: “${r.reply.slice(0, 90).replace(/\n/g, " ⏎ ")}…”); bob's /st busy issued meanwhile answered in ${r.bobMs} ms; biggest record ${f(r.biggest / 1024, 1)} KB`);
	}
	// The engine's transport (server → Deno runtime) of one answer, before the app sees a byte of it.
	const sizes = (process.env.BENCH_HOSTILE_MB ?? '1,2,4,8').split(',').map(Number);
	const demo = await startDemo({ timers: 'manual', settings: { http_timeout_ms: 60_000 } });
	try {
		const parts: string[] = [];
		for (const mb of sizes) {
			demo.sims.callbell.floodNext(1, Math.round(mb * 1024 * 1024));
			const t = Date.now();
			await demo.host.as('admin').run('/st preset sync');
			parts.push(`${mb} MB ${Date.now() - t} ms`);
		}
		out(`7. hostile: an answer over the limit, refused by the app, still stalls the app's runtime while the engine hands it over: ${parts.join(', ')} (BENCH_HOSTILE_MB=… for other sizes; 50 MB stalls every call of the app past the 30 s engine limit)`);
	} finally {
		await demo.stop();
	}
}
