/**
 * Unit tests (parsers, clients), the simulators' own contract tests, and sandbox tests (the packaged
 * app inside the real engine, against the simulators). Only the sandbox project needs the built zip.
 */
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
			displayName: 'simulators',
			testMatch: ['<rootDir>/test/simulators/**/*.test.ts'],
		},
		{
			...common,
			displayName: 'sandbox',
			testMatch: ['<rootDir>/test/sandbox/**/*.test.ts'],
			globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
		},
	],
};
