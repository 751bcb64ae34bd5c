/**
 * Preloaded (`node --require`) into the processes a sandbox test starts itself (the terminal demo, the
 * `__proto__` crash scenario) while `npm run test:engines` runs that test on an older engine:
 * test/engines/engine-env.ts sets APPS_ENGINE_DIR and NODE_OPTIONS, so `@rocket.chat/apps-engine/…`
 * resolves to that engine in the child too, as jest.engines.config.js maps it in the test itself.
 * Without it such a child would quietly run node_modules' 1.62 under the older engine's Deno.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const dir = process.env.APPS_ENGINE_DIR;
const PREFIX = '@rocket.chat/apps-engine/';
/** Modules older engines lack: the stand-in jest.engines.config.js maps them to as well. */
const MAYBE_MISSING = ['server/bridges/ExperimentalBridge', 'server/bridges/OutboundMessagesBridge'];

if (dir) {
	const original = Module._resolveFilename;
	Module._resolveFilename = function resolveInEngine(request, ...rest) {
		if (typeof request !== 'string' || !request.startsWith(PREFIX)) return original.call(this, request, ...rest);
		const sub = request.slice(PREFIX.length);
		const target = path.join(dir, sub);
		if (MAYBE_MISSING.includes(sub) && !fs.existsSync(`${target}.js`)) {
			return original.call(this, path.join(__dirname, 'compat', 'missing-bridges.ts'), ...rest);
		}
		return original.call(this, target, ...rest);
	};
}
