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
/** Modules the sandbox imports that an older engine lacks (1.53–1.55): an empty base class stands in. */
const MAYBE_MISSING = ['server/bridges/ExperimentalBridge', 'server/bridges/OutboundMessagesBridge'];
const STAND_IN = path.join(__dirname, 'compat', 'missing-bridges.ts');

if (dir) {
	/** node's (undocumented, stable) resolver hook, which tsx's loader calls through as well */
	const resolver = /** @type {{ _resolveFilename: (request: unknown, ...rest: unknown[]) => string }} */ (/** @type {unknown} */ (Module));
	const original = resolver._resolveFilename;
	resolver._resolveFilename = function resolveInEngine(request, ...rest) {
		if (typeof request !== 'string' || !request.startsWith(PREFIX)) return original.call(this, request, ...rest);
		const sub = request.slice(PREFIX.length);
		const target = path.join(dir, sub);
		if (MAYBE_MISSING.includes(sub) && !fs.existsSync(`${target}.js`)) {
			return original.call(this, STAND_IN, ...rest);
		}
		return original.call(this, target, ...rest);
	};
}

module.exports = { MAYBE_MISSING, STAND_IN };
