/**
 * `npm run test:engines` (scripts/test-engines.mjs runs this): the same sandbox host, simulators and
 * tests run the packaged app on each Apps-Engine generation the app claims. One jest project per engine;
 * an older engine (prepared under .engines/ by scripts/setup-engines.mjs) is swapped in by pointing
 * `@rocket.chat/apps-engine` at it, and its Deno 1.x and Deno cache are set in test/engines/engine-env.ts.
 * The current one (1.62.0) is node_modules' own, as `npm test` runs it.
 *
 * What each project runs:
 *  - an older engine: every test of test/sandbox and test/engines;
 *  - the current engine: test/engines only, because `npm test` runs test/sandbox on it (CI runs both;
 *    ENGINE_FULL_CURRENT=1 runs the whole suite on it here too);
 *  - ENGINE_TESTS (comma-separated paths, `--all` sets it to generations.json's allTests): only those.
 * ENGINE_VERSIONS (comma-separated) picks the engines; by default generations.json's older + current.
 */
const fs = require('node:fs');
const path = require('node:path');

const generations = require('./sandbox/engine/generations.json');
const common = require('./test/jest-common');
const { MAYBE_MISSING, STAND_IN } = require('./sandbox/engine/use-engine.cjs');

const ENGINES = path.join(__dirname, generations.enginesDir);
const WHOLE_SUITE = ['<rootDir>/test/engines/**/*.test.ts', '<rootDir>/test/sandbox/**/*.test.ts'];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function testsFor(version) {
	if (process.env.ENGINE_TESTS) return process.env.ENGINE_TESTS.split(',').map((t) => `<rootDir>/${t.trim()}`);
	if (version === generations.current && !process.env.ENGINE_FULL_CURRENT) return ['<rootDir>/test/engines/**/*.test.ts'];
	return WHOLE_SUITE;
}

function project(version) {
	if (!generations.all.includes(version)) throw new Error(`apps-engine ${version} is not in sandbox/engine/generations.json "all"`);
	// The shared mappings first (zod's English messages), then the engine's own.
	const moduleNameMapper = { ...common.moduleNameMapper };
	if (version !== generations.current) {
		const dir = path.join(ENGINES, version, '@rocket.chat', 'apps-engine');
		if (!fs.existsSync(dir)) throw new Error(`apps-engine ${version} is not prepared: run node scripts/setup-engines.mjs ${version}`);
		for (const mod of MAYBE_MISSING) {
			if (!fs.existsSync(path.join(dir, `${mod}.js`))) {
				moduleNameMapper[`^@rocket\\.chat/apps-engine/${mod.replace(/\//g, '\\/')}$`] = STAND_IN;
			}
		}
		moduleNameMapper['^@rocket\\.chat/apps-engine/(.*)$'] = `${dir}/$1`;
	}
	return {
		...common,
		displayName: `engine ${version}`,
		testMatch: testsFor(version),
		moduleNameMapper,
		// Deno caches hold copies of npm packages, and the other engines' packages would collide with this one's.
		modulePathIgnorePatterns: ['<rootDir>/sandbox/\\.deno-cache/', '<rootDir>/\\.engines/[^/]+/deno-dir/', `<rootDir>/\\.engines/(?!${escape(version)}/)`],
		setupFiles: ['<rootDir>/test/engines/engine-env.ts'],
		globals: { APPS_ENGINE_VERSION: version },
		globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
	};
}

const versions = process.env.ENGINE_VERSIONS ? process.env.ENGINE_VERSIONS.split(',').map((v) => v.trim()) : [...generations.older, generations.current];

module.exports = {
	testTimeout: 120000,
	projects: versions.map(project),
};
