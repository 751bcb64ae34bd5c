/**
 * `npm run test:engines`: the same sandbox host and simulators run the packaged app on each Apps-Engine
 * generation the app claims. One jest project per engine; an older engine (prepared under .engines/ by
 * scripts/setup-engines.mjs) is swapped in by pointing `@rocket.chat/apps-engine` at it, and its Deno 1.x
 * and Deno cache are set in test/engines/engine-env.ts. The current one (1.62.0) is node_modules' own, as `npm test` runs it.
 */
const fs = require('node:fs');
const path = require('node:path');

const generations = require('./sandbox/engine/generations.json');
const common = require('./test/jest-common');

const ENGINES = path.join(__dirname, generations.enginesDir);
/** Modules the sandbox imports that an older engine lacks: an empty base class stands in (see the stub). */
const MAYBE_MISSING = ['server/bridges/ExperimentalBridge', 'server/bridges/OutboundMessagesBridge'];

function project(version) {
	const moduleNameMapper = {};
	if (version !== generations.current) {
		const dir = path.join(ENGINES, version, '@rocket.chat', 'apps-engine');
		if (!fs.existsSync(dir)) throw new Error(`apps-engine ${version} is not prepared: run node scripts/setup-engines.mjs`);
		for (const mod of MAYBE_MISSING) {
			if (!fs.existsSync(path.join(dir, `${mod}.js`))) {
				moduleNameMapper[`^@rocket\\.chat/apps-engine/${mod.replace(/\//g, '\\/')}$`] = '<rootDir>/sandbox/engine/compat/missing-bridges.ts';
			}
		}
		moduleNameMapper['^@rocket\\.chat/apps-engine/(.*)$'] = `${dir}/$1`;
	}
	return {
		...common,
		displayName: `engine ${version}`,
		testMatch: ['<rootDir>/test/engines/**/*.test.ts'],
		moduleNameMapper,
		modulePathIgnorePatterns: ['<rootDir>/sandbox/\\.deno-cache/', '<rootDir>/\\.engines/[^/]+/deno-dir/'],
		setupFiles: ['<rootDir>/test/engines/engine-env.ts'],
		globals: { APPS_ENGINE_VERSION: version },
		globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
	};
}

module.exports = {
	testTimeout: 120000,
	projects: [...generations.older, generations.current].map(project),
};
