/** Browser tests (npm run test:web): the sandbox page in a real headless Chromium (scripts/setup-browser.sh installs it). */
module.exports = {
	testTimeout: 90000,
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/web/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
};
