/**
 * A shift change: SHIFT_AGENTS (default 500) agents whose working hours start at the same minute,
 * each linked to Callbell by `callbell_user_map`, every fifth an Omnichannel agent whose availability
 * follows the status. Half set their own hours (`/st hours daily …`), half follow the admin default
 * (`default_working_hours`, enrolled by `/st hours`). Everyone is away before the shift, in every system.
 *
 * The app's clock is real, so the bench waits for the real minute, then runs the due jobs by hand,
 * SHIFT_CONCURRENCY (default 20) at a time, as a scheduler with that many workers would, with
 * Callbell's documented limit on in its simulator (300/s) and the app's Callbell limit set to the same
 * (SHIFT_CALLBELL_LIMIT=<per second> lowers both, to see the limiter at work). Rocket.Chat's REST has
 * no limit here: the app calls it as the admin, whom Rocket.Chat's default permissions exempt from its
 * API rate limiter (`api-bypass-rate-limit`). Between passes, when
 * nothing is due and the systems still disagree, the bench waits for the next delivery job (a retry,
 * a drain) when it is a few seconds away (a limiter's window is real time), else the simulated clock
 * jumps to it: "simulated" is how long a server that runs every job on time would take, "wall"
 * what this machine took. It stops when every agent agrees (Rocket.Chat online, Callbell available,
 * Omnichannel available for its agents), or at a bound, and says which.
 */
import { startDemo } from '../../sandbox/demo';
import { CALLBELL_RATE_LIMIT, DEMO } from '../../sandbox/simulators';
import { f, out, sleep, timed } from './report';
import { perUnit, traceCalls } from './trace';

const MIN = 60_000;
const SHIFT_HOURS = 8;
/** Bounds: simulated time after the start (well before the shift's end), passes, wall time. */
const SIMULATED_BOUND_MS = 30 * MIN;
const PASS_BOUND = 2000;
const WALL_BOUND_MS = 5 * MIN;
/** The next job is waited for on the wall clock when it is this close, jumped to on the simulated one otherwise. */
const WAIT_IN_REAL_TIME_MS = 10_000;

const hhmm = (at: number) => new Date(at).toISOString().slice(11, 16);

/** 2c. 500 agents' shift starting at one minute: engine and vendor calls per agent, time until every system agrees. */
export async function shift(): Promise<void> {
	const n = Number(process.env.SHIFT_AGENTS ?? 500);
	const concurrency = Number(process.env.SHIFT_CONCURRENCY ?? 20);
	// Callbell's documented limit per second, in its simulator and in the app's setting; lower it to see the limiter at work
	const cbLimit = Number(process.env.SHIFT_CALLBELL_LIMIT ?? CALLBELL_RATE_LIMIT.limit);
	const agents = Array.from({ length: n }, (_, i) => ({
		username: `agent${i}`,
		email: `agent${i}@shift.test`,
		uuid: `cb-shift-${String(i).padStart(4, '0')}`,
		omnichannel: i % 5 === 0,
		own: i % 2 === 0,
	}));
	const demo = await startDemo({
		timers: 'manual',
		sims: { callbell: { users: [...DEMO.callbellUsers.map((u) => ({ ...u })), ...agents.map((a) => ({ uuid: a.uuid, email: a.email, name: a.username, available: false, customStatusId: null }))] } },
		settings: {
			omnichannel_follow_status: true,
			callbell_rate_limit: cbLimit,
			callbell_rate_window_ms: 1000,
			callbell_user_map: [...DEMO.callbellUsers, ...agents].map((u) => `${u.email} = ${u.uuid}`).join('\n'),
		},
	});
	try {
		const h = demo.host;
		const cb = demo.sims.callbell;
		const rc = demo.sims.rocketchat;
		demo.sims.callbell.setRateLimit({ limit: cbLimit, windowMs: 1000 });
		await h.jobs.runDue(); // what enabling armed
		const ids = agents.map((a) => h.addUser({ username: a.username, email: a.email, roles: a.omnichannel ? ['user', 'livechat-agent'] : ['user'], status: 'away' }).id);

		// How long one `/st hours` takes here decides the minute the shift can start at.
		const probe = await timed(async () => {
			for (let i = 0; i < 5; i++) await h.as('probe').run('/st hours daily 03:00-04:00');
		});
		const start = Math.ceil((Date.now() + (probe / 5) * n * 1.5 + 15_000) / MIN) * MIN;
		const spec = `daily ${hhmm(start)}-${hhmm(start + SHIFT_HOURS * 60 * MIN)}`;
		await h.setSetting('default_working_hours', spec);
		for (const a of agents) await h.as(a.username).run(a.own ? `/st hours ${spec}` : '/st hours');
		// The default's re-arm (a page of agents per run, each run arming the next) as a server runs it at
		// once: a page left for after the start would arm that agent's next boundary from then on.
		while (h.jobs.list().some((j) => j.when <= Date.now())) await h.jobs.runDue();
		const armed = h.jobs.list().filter((j) => j.name.startsWith('status.hours_') && j.when === start).length;
		if (Date.now() >= start - 1000) throw new Error(`bench shift: setting up ${n} agents overran the shift's start (${hhmm(start)})`);

		const agrees = (i: number) => {
			const user = h.user(agents[i].username);
			const online = user.status === 'online';
			const available = cb.state.users.get(agents[i].uuid)?.available === true;
			const oc = !agents[i].omnichannel || rc.livechatStatus(ids[i]) === 'available';
			return online && available && oc;
		};
		const agreeing = () => agents.filter((_, i) => agrees(i)).length;
		const before = agents.filter((a, i) => h.user(a.username).status === 'away' && cb.state.users.get(a.uuid)?.available === false && (!a.omnichannel || rc.livechatStatus(ids[i]) !== 'available')).length;

		await sleep(start - Date.now());
		demo.sims.list.forEach((s) => s.clear());
		h.engineCalls.reset();
		const wall0 = Date.now();
		let simulated = start;
		let passes = 0;
		let stop = '';
		const history0 = h.jobs.history.length;
		const traced = await traceCalls(h.bridges, async () => {
			while (!stop) {
				simulated = Math.max(simulated, Date.now());
				const horizon = simulated;
				// each of these lists the due jobs; the first to reach a job runs it, the others skip it (jobs.ts)
				await Promise.all(Array.from({ length: concurrency }, () => h.jobs.runDue({ advanceMs: horizon - Date.now() })));
				passes++;
				if (agreeing() === n) stop = 'every agent agrees';
				else if (passes >= PASS_BOUND) stop = `bound hit: ${PASS_BOUND} passes`;
				else if (Date.now() - wall0 >= WALL_BOUND_MS) stop = `bound hit: ${WALL_BOUND_MS / MIN} min wall`;
				else if (!h.jobs.list().some((j) => j.when <= Math.max(simulated, Date.now()))) {
					const next = h.jobs.list().find((j) => j.name.startsWith('delivery.') && !j.intervalMs);
					if (!next) stop = 'nothing left to run, and they still disagree';
					else if (next.when - start > SIMULATED_BOUND_MS) stop = `bound hit: the next delivery job is past ${SIMULATED_BOUND_MS / MIN} simulated min`;
					// a job a few seconds away may wait for a limiter window, which is real time on both sides: wait for it
					else if (next.when - Date.now() <= WAIT_IN_REAL_TIME_MS) await sleep(next.when - Date.now());
					else simulated = Math.max(simulated, next.when);
				}
			}
		});
		const wallMs = Date.now() - wall0;
		const jobsRun = h.jobs.history.length - history0; // the clock keeps its last 2,000 runs: enough for this run's
		const calls = h.engineCalls.snapshot();
		const agreed = agreeing();
		const cbReq = cb.requests;
		const cb429 = cbReq.filter((r) => r.status === 429).length;
		const ocReq = rc.requests.filter((r) => r.path === '/api/v1/livechat/agent.status');
		const k = calls.byKind;
		const per = (x: number) => f(x / n, 1);
		out(`2c. shift change: ${n} agents' hours start at ${hhmm(start)} UTC (${n / 2} own hours, ${n / 2} the admin default; all linked to Callbell, ${agents.filter((a) => a.omnichannel).length} also Omnichannel agents), ${armed} jobs armed for that minute, ${before} of ${n} away everywhere before it; jobs run ${concurrency} at a time, Callbell limited to ${cbLimit}/s`);
		out(`   ${stop}: ${agreed} of ${n} agree (Rocket.Chat online, Callbell available, Omnichannel available) after ${f((simulated - start) / 1000, 1)} s simulated, ${f(wallMs / 1000, 1)} s wall; ${passes} passes, ${jobsRun} jobs run`);
		out(`   engine calls per agent ${per(calls.total)} (persistence reads ${per(k['persistence.read'] ?? 0)}, writes ${per(k['persistence.write'] ?? 0)}, scheduler ${per(k.scheduler ?? 0)}, http ${per(k.http ?? 0)}, user ${per((k['user.read'] ?? 0) + (k['user.update'] ?? 0))}, message/room ${per((k.message ?? 0) + (k['room.read'] ?? 0) + (k.create ?? 0))})`);
		out(`   vendor calls: Callbell ${cbReq.length} (${f(cbReq.length / n, 2)} per agent; 429s ${cb429}), Omnichannel agent.status ${ocReq.length} (${f(ocReq.length / Math.max(1, agents.filter((a) => a.omnichannel).length), 2)} per Omnichannel agent)`);
		out('   engine calls per agent, by method and record (0.5 or more):');
		perUnit(traced, n, 0.5);
		if (process.env.BENCH_DEBUG) {
			for (const [i, a] of agents.entries()) {
				if (agrees(i)) continue;
				const jobs = h.jobs.list().filter((j) => (j.data as { userId?: string } | undefined)?.userId === ids[i]).map((j) => `${j.name.split('_')[0]}@${hhmm(j.when)}`);
				console.log(a.username, a.own ? 'own' : 'default', h.user(a.username).status, cb.state.users.get(a.uuid)?.available, a.omnichannel ? rc.livechatStatus(ids[i]) : '-', jobs.join(' '));
			}
			console.log(h.jobs.history.slice(history0).reduce<Record<string, number>>((m, r) => ((m[r.name.split('_')[0]] = (m[r.name.split('_')[0]] ?? 0) + 1), m), {}));
		}
		h.assertNoErrors();
	} finally {
		await demo.stop();
	}
}
