/**
 * 7. Two instances on one store (`npm run bench -- instances`): how often, and for how long,
 * Rocket.Chat, Callbell and the app's ledger disagree about one agent when changes race on both
 * instances of a cluster and in Callbell. The workload, per round: 2–4 changes started within 20 ms
 * of one another — `/st`, signed bot requests, the agent's own change in Rocket.Chat's menu, each on
 * a random instance, and changes made in Callbell (its webhook on a random instance) — with real
 * timers (the drains run on their own, on whichever instance locks them) and Callbell reporting every
 * change it applies, the app's own writes included, 5–25 ms later, as its webhook does.
 *
 * Measured per round, by sampling every few milliseconds from the round's start until the systems
 * have agreed for 300 ms (at most 10 s): whether they disagreed at all after the round's last change
 * returned, and for how long (the transient window: the first such disagreeing sample until the
 * systems agree for good); then, at rest (every write delivered, Callbell's reports in), whether they
 * still disagree — which must never happen. `INSTANCES_ROUNDS` (default 60), `INSTANCES_SEED`, and
 * `INSTANCES_ZIP=<package>` to measure another build of the app.
 */
import { type Action, agree, reportCallbell, settleCluster, systems, type Timed, together, CUSTOM, PRESENCES, TEXTS } from '../../sandbox/agent-probe';
import { startDemo } from '../../sandbox/demo';
import { seeded } from '../../sandbox/random';
import { f, median, out, p95, sleep } from './report';

const FAST = { http_timeout_ms: 1500, retry_base_delay_ms: 20, retry_max_delay_ms: 200, retry_max_age_minutes: 5 };
const SAMPLE_MS = 3;
const QUIET_MS = 300;
const ROUND_LIMIT_MS = 10_000;

export async function instances(): Promise<void> {
	const rounds = Number(process.env.INSTANCES_ROUNDS ?? 60);
	const seed = Number(process.env.INSTANCES_SEED ?? 20261207);
	const random = seeded(seed);
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
	const change = (): Action => {
		const on = pick([0, 1]);
		const kind = pick(['st', 'st', 'st', 'bot', 'menu', 'menu', 'callbell', 'callbell'] as const);
		if (kind === 'callbell') return { t: 'callbell', on, available: random() < 0.5, custom: pick(CUSTOM) };
		if (kind === 'menu') return { t: 'menu', on, presence: pick(PRESENCES) };
		return { t: kind, on, presence: pick(PRESENCES), text: pick(TEXTS) };
	};
	const demo = await startDemo({ instances: 2, timers: 'real', settings: FAST, ...(process.env.INSTANCES_ZIP ? { zip: process.env.INSTANCES_ZIP } : {}) });
	// Callbell's webhook: every change it applied (an agent's there, or the app's own write) is reported a little later
	let reporting = true;
	const reporter = (async () => {
		while (reporting) {
			await sleep(5 + Math.floor(random() * 20));
			await reportCallbell(demo, pick([0, 1])).catch(() => undefined);
		}
	})();
	try {
		await demo.hosts[0].as('alice').run('/st online');
		await settleCluster(demo);
		let disagreedAfter = 0;
		let atRest = 0;
		let unsettled = 0;
		const windows: number[] = [];
		const changes: number[] = [];
		for (let round = 0; round < rounds; round++) {
			const batch: Timed[] = Array.from({ length: 2 + Math.floor(random() * 3) }, () => ({ ...change(), delay: Math.floor(random() * 20) }));
			changes.push(batch.length);
			const started = Date.now();
			let done = false;
			const acting = together(demo, batch).then(() => (done = true));
			let firstApart: number | undefined;
			let agreedSince: number | undefined;
			while (Date.now() - started < ROUND_LIMIT_MS) {
				await sleep(SAMPLE_MS);
				const now = Date.now();
				if (agree(systems(demo))) {
					agreedSince ??= now;
					if (done && now - agreedSince >= QUIET_MS) break;
				} else {
					agreedSince = undefined;
					if (done) firstApart ??= now;
				}
			}
			await acting;
			if (agreedSince === undefined) unsettled++;
			if (firstApart !== undefined) {
				disagreedAfter++;
				windows.push((agreedSince ?? Date.now()) - firstApart);
			}
			await settleCluster(demo);
			await sleep(50);
			await settleCluster(demo);
			if (!agree(systems(demo))) {
				atRest++;
				out(`   round ${round} disagrees at rest: ${JSON.stringify(batch)} → ${JSON.stringify(systems(demo))}`);
			}
		}
		demo.assertNoErrors();
		const total = changes.reduce((a, b) => a + b, 0);
		out(`7. two instances on one store: ${rounds} rounds of 2–4 racing changes (${total} in all: /st, bot, menu on a random instance, Callbell changes), seed ${seed}${process.env.INSTANCES_ZIP ? `, package ${process.env.INSTANCES_ZIP}` : ''}`);
		out(`   disagreeing at rest: ${atRest} of ${rounds} rounds (goal 0: ${atRest === 0 ? 'met' : 'NOT MET'})`);
		out(`   disagreeing after the round's changes returned: ${disagreedAfter} of ${rounds} rounds; window median ${windows.length ? f(median(windows), 0) : '-'} ms, p95 ${windows.length ? f(p95(windows), 0) : '-'} ms, max ${windows.length ? Math.max(...windows) : '-'} ms; not settled within ${ROUND_LIMIT_MS / 1000} s: ${unsettled}`);
	} finally {
		reporting = false;
		await reporter;
		await demo.stop();
	}
}
