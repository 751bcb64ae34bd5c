/** Unit tests (parsers, clients, simulators) and sandbox tests (the packaged app inside the real engine). */
const common = require('./test/jest-common');

module.exports = {
	testTimeout: 60000,
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'sandbox',
			testMatch: ['<rootDir>/test/sandbox/**/*.test.ts'],
			globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
		},
	],
};
