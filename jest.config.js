/** Unit tests (parsers, clients, simulators) and sandbox tests (the packaged app inside the real engine). */
const tsJest = ['ts-jest', { diagnostics: false }];
module.exports = {
	testTimeout: 60000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'sandbox',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/sandbox/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
		},
	],
};
