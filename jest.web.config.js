/** Browser tests (npm run test:web): the sandbox page in a real headless Chromium (scripts/setup-browser.sh installs it). */
const common = require('./test/jest-common');

module.exports = {
	...common,
	testTimeout: 90000,
	testMatch: ['<rootDir>/test/web/**/*.test.ts'],
	globalSetup: '<rootDir>/test/sandbox/global-setup.ts',
};
