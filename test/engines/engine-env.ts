import path from 'node:path';
import generations from '../../sandbox/engine/generations.json';

/**
 * Per-engine process setup for `npm run test:engines` (jest.engines.config.js): an older engine runs
 * its Deno runtime under Deno 1.x with the Deno cache scripts/setup-engines.mjs filled. The host
 * leaves PATH alone when node_modules/.bin is already on it, so Deno 1.x is put in front of it.
 */
const version = (globalThis as { APPS_ENGINE_VERSION?: string }).APPS_ENGINE_VERSION ?? generations.current;
const root = path.resolve(__dirname, '..', '..');
if (version !== generations.current) {
	const engines = path.join(root, generations.enginesDir);
	process.env.DENO_DIR = path.join(engines, version, 'deno-dir');
	process.env.PATH = [path.join(engines, `deno-${generations.deno1}`, 'node_modules', '.bin'), path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter);
}
