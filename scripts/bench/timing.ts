/** Timings, each against a baseline measured in the same run: `/st` against the floor app, install against an empty app. */
import fs from 'node:fs';
import { SIMULATOR_HOST, startDemo } from '../../sandbox/demo';
import { defaultZipPath, SandboxHost } from '../../sandbox/host/host';
import { World } from '../../sandbox/host/world';
import { DEMO } from '../../sandbox/simulators';
import { buildEmptyApp, buildFloorApp } from './floor';
import { f, median, met, out, p95, timed } from './report';

const ROUNDS = 3;
const WARMUP = 10;
const RUNS = 50;
const RATIO_GOAL = 1.3;
const ZIP_GOAL_KB = 64;

/** `/st busy` and `/st online` in turn (each a change: one user update, one Callbell PUT), timed. */
async function sample(host: SandboxHost, into: number[]): Promise<void> {
	const line = (i: number) => (i % 2 ? '/st busy' : '/st online');
	for (let i = 0; i < WARMUP; i++) await host.as('alice').run(line(i));
	for (let i = 0; i < RUNS; i++) into.push(await timed(() => host.as('alice').run(line(i))));
	host.assertNoErrors();
}

/**
 * 4. Our `/st` against the floor app, in rounds that alternate between the apps (one engine runs at a
 * time: its AppManager is a singleton), so a slow moment of the machine hits all. Presence echoes are
 * off: the command's own latency, as the agent waits for it. The goal is against the bare floor; the
 * floor that keeps the promise (a claim per change, an audit entry: scripts/bench/floor.ts) is printed
 * beside it, to say how much of the distance is the promise.
 */
export async function commandCost(): Promise<void> {
	const demo = await startDemo({ timers: 'manual', echoStatusEvents: false });
	try {
		const target = { callbellUrl: demo.sims.callbell.url, callbellToken: DEMO.callbellToken, callbellUuid: DEMO.callbellUsers[0].uuid };
		const floors = [
			{ zip: await buildFloorApp(target), times: [] as number[], calls: 0 },
			{ zip: await buildFloorApp({ ...target, promise: true }), times: [] as number[], calls: 0 },
		];
		const ours: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			await sample(demo.host, ours);
			await demo.host.stop();
			for (const floor of floors) {
				const world = new World(demo.sims.rocketchat.url);
				world.setServerSetting('SSRF_Allowlist', SIMULATOR_HOST);
				world.addUser({ username: 'alice', roles: ['user'], email: 'alice@demo.test' });
				const host = await SandboxHost.start({ zip: floor.zip, world, timers: 'manual', echoStatusEvents: false });
				try {
					const { calls, result } = await host.engineCalls.measure(() => host.as('alice').run('/st busy'));
					if (!/Callbell: 200/.test(result.text)) throw new Error(`the floor app's /st did not reach Callbell: ${result.text}`);
					floor.calls = calls.total;
					await sample(host, floor.times);
				} finally {
					await host.stop();
				}
			}
			await demo.restart({ timers: 'manual', echoStatusEvents: false });
		}
		const [bare, promise] = floors;
		const rMedian = median(ours) / median(bare.times);
		const rP95 = p95(ours) / p95(bare.times);
		out(`4. command cost  /st busy|online (each a change, Callbell at 0 ms) vs the floor app (the same effects only; ${bare.calls} engine calls), ${ROUNDS} × ${RUNS} runs each`);
		out(`   ours median ${f(median(ours), 1)} ms, p95 ${f(p95(ours), 1)} ms; floor median ${f(median(bare.times), 1)} ms, p95 ${f(p95(bare.times), 1)} ms`);
		out(`   ratio median ${f(rMedian)}x, p95 ${f(rP95)}x (goal <= ${RATIO_GOAL}x: ${met(rMedian <= RATIO_GOAL && rP95 <= RATIO_GOAL)})`);
		out(`   the floor that keeps the promise (a claim per change, an audit entry; ${promise.calls} engine calls): median ${f(median(promise.times), 1)} ms, p95 ${f(p95(promise.times), 1)} ms; ours against it ${f(median(ours) / median(promise.times))}x / ${f(p95(ours) / p95(promise.times))}x`);
	} finally {
		await demo.stop();
	}
}

/** 3. Package size, and install+enable time against an empty app packaged the same way. */
export async function packageCost(): Promise<void> {
	const empty = await buildEmptyApp();
	const ours = fs.readFileSync(defaultZipPath());
	const installMs = async (pkg: Buffer) => {
		const times: number[] = [];
		for (let i = 0; i < 3; i++) {
			const t = Date.now();
			const host = await SandboxHost.start({ zip: pkg, world: new World(), timers: 'manual' });
			times.push(Date.now() - t);
			await host.stop();
		}
		return median(times);
	};
	const emptyMs = await installMs(empty);
	const oursMs = await installMs(ours);
	const kb = ours.length / 1024;
	out(`3. package  zip ${f(kb, 1)} KB (goal <= ${ZIP_GOAL_KB} KB: ${met(kb <= ZIP_GOAL_KB)}); empty app ${f(empty.length / 1024, 1)} KB; install+enable median of 3: ${oursMs} ms vs ${emptyMs} ms = ${f(oursMs / emptyMs)}x`);
}
