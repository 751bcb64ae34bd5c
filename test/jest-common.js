/** What every jest project of this repository shares (jest.config.js, jest.engines.config.js, jest.web.config.js). */
const tsJest = ['ts-jest', { diagnostics: false }];
const ESM_ONLY = ['@rocket\\.chat/rest-typings'];

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
};
