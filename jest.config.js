/** Unit tests (parsers, clients, simulators) and sandbox tests (the packaged app inside the real engine). */
const tsJest = ['ts-jest', { diagnostics: false }];
// The Deno caches (the engine's, and those of the engines `npm run test:engines` prepares under .engines/)
// hold other copies of npm packages: jest must not take them for modules.
const modulePathIgnorePatterns = ['<rootDir>/sandbox/\\.deno-cache/', '<rootDir>/\\.engines/'];
module.exports = {
	testTimeout: 60000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns,
		},
		{
			displayName: 'sandbox',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/sandbox/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			modulePathIgnorePatterns,
			globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
		},
	],
};
