import path from 'node:path';
import generations from '../../sandbox/engine/generations.json';

/**
 * Per-engine process setup for `npm run test:engines` (jest.engines.config.js): an older engine runs
 * its Deno runtime under Deno 1.x with the Deno cache scripts/setup-engines.mjs filled. The host
 * leaves PATH alone when node_modules/.bin is already on it, so node_modules/.bin goes on it here and
 * Deno 1.x in front of it. The node processes a test starts get the same engine through
 * sandbox/engine/use-engine.cjs (children see this process.env only when a test passes it on, as the
 * ones that start node do).
 */
const version = (globalThis as { APPS_ENGINE_VERSION?: string }).APPS_ENGINE_VERSION ?? generations.current;
const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'node_modules', '.bin');
if (!(process.env.PATH ?? '').split(path.delimiter).includes(bin)) process.env.PATH = [bin, process.env.PATH].join(path.delimiter);
if (version !== generations.current) {
	const engines = path.join(root, generations.enginesDir);
	process.env.DENO_DIR = path.join(engines, version, 'deno-dir');
	process.env.PATH = [path.join(engines, `deno-${generations.deno1}`, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
	// the node processes a test starts (the terminal demo, a crash scenario) run this engine too
	process.env.APPS_ENGINE_DIR = path.join(engines, version, '@rocket.chat', 'apps-engine');
	const hook = `--require ${path.join(root, 'sandbox', 'engine', 'use-engine.cjs')}`;
	if (!(process.env.NODE_OPTIONS ?? '').includes(hook)) process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, hook].filter(Boolean).join(' ');
}

/**
 * Apps-Engine 1.53's liveness check (no `LivenessManager.stop()`; 1.58 added it and an unref'd
 * interval) schedules each next ping of the Deno runtime with a plain 10-second timer that nothing can
 * cancel: after the sandbox has stopped the app (the ping sees its abort flag and does nothing), that
 * timer alone keeps node up to 10 s, and jest does not exit. Such a ping timer is made not to hold
 * the process; every other timer is left alone.
 */
const liveness = require('@rocket.chat/apps-engine/server/runtime/deno/LivenessManager') as { LivenessManager: { prototype: { stop?: unknown } } };
if (typeof liveness.LivenessManager.prototype.stop !== 'function') {
	const plainSetTimeout = global.setTimeout;
	const pingTimer = (fn: unknown) => typeof fn === 'function' && /\.ping\(\)/.test(String(fn));
	global.setTimeout = Object.assign((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
		const timer = plainSetTimeout(fn, ms, ...args);
		if (pingTimer(fn)) timer.unref();
		return timer;
	}, plainSetTimeout);
}
