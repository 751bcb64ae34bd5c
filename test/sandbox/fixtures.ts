import { type Demo, type DemoOptions, startDemo } from '../../sandbox/demo';

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

/**
 * A fresh demo (simulators + the packaged app in the engine, manual timers) for every test of the file,
 * checked for errors the app left in the engine and stopped afterwards. Returns the current one.
 */
export function demoPerTest(opts: DemoOptions = {}): () => Demo {
	let demo: Demo | undefined;
	beforeEach(async () => {
		demo = await startDemo({ timers: 'manual', ...opts });
	});
	afterEach(async () => {
		try {
			demo?.host.assertNoErrors();
		} finally {
			await demo?.stop();
		}
	});
	return () => {
		if (!demo) throw new Error('demoPerTest: no demo outside a test');
		return demo;
	};
}
