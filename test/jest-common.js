/**
 * What every jest project of this repository shares (jest.config.js, jest.engines.config.js, jest.web.config.js).
 *
 * ts-jest only transpiles: tsconfig.json sets isolatedModules, so it compiles each file on its own (as
 * esbuild does for the bundle) and reports no type errors. Types are checked once, by `npm run typecheck`
 * (one tsc program over the app, tests, sandbox and scripts; CI runs it next to the tests): type-checking
 * inside ts-jest as well would make every jest worker build that program again, minutes on 2 cores, to
 * report the same errors.
 */
const tsJest = ['ts-jest', { diagnostics: false }];
const ESM_ONLY = ['@rocket\\.chat/rest-typings', '@rocket\\.chat/message-parser'];

module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': tsJest,
		[`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: '<rootDir>/test/esm-transform.js',
	},
	transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
	// The Deno caches (the engine's, and those of the engines `npm run test:engines` prepares under
	// .engines/) hold other copies of npm packages: jest must not take them for modules.
	modulePathIgnorePatterns: ['<rootDir>/sandbox/\\.deno-cache/', '<rootDir>/\\.engines/'],
	// src/zod.ts imports zod's English messages by file (the bundle takes that one language only); the file
	// named is ES modules, which jest's CommonJS cannot load: its CommonJS twin is the same messages.
	moduleNameMapper: { '^zod/v4/locales/en\\.js$': 'zod/v4/locales/en.cjs' },
};
