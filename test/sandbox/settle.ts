import type { Demo } from '../../sandbox/demo';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs due scheduler jobs until `done()` holds (the app's clock is real, so retries need real time). */
export async function settle(demo: Demo, done: () => boolean, timeoutMs = 15000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!done()) {
		if (Date.now() > until) throw new Error('did not settle in time');
		await demo.host.jobs.runDue({ all: true });
		await sleep(50);
	}
}
