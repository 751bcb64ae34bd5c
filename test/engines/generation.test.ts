import { execFileSync } from 'node:child_process';
import enginePackage from '@rocket.chat/apps-engine/package.json';
import path from 'node:path';
import generations from '../../sandbox/engine/generations.json';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * jest.engines.config.js runs test/sandbox once per engine by pointing `@rocket.chat/apps-engine` at
 * that engine and putting its Deno first on PATH (test/engines/engine-env.ts). If that mapping broke,
 * every "older engine" run would silently test node_modules' 1.62 again: this file, run in every
 * engine project, proves which engine and which Deno the tests of that project ran on.
 */
const expected = (globalThis as { APPS_ENGINE_VERSION?: string }).APPS_ENGINE_VERSION;

describe(`Apps-Engine ${expected}`, () => {
	it('is the engine the tests of this project import', () => {
		expect(enginePackage.version).toBe(expected);
		// what the sandbox host builds its AppManager from, resolved the way the host resolves it
		const manager = require.resolve('@rocket.chat/apps-engine/server/AppManager');
		if (expected === generations.current) expect(manager).toContain('node_modules/@rocket.chat/apps-engine/');
		else expect(manager).toContain(`${generations.enginesDir}/${expected}/@rocket.chat/apps-engine/`);
	});

	it('is the engine the node processes a test starts import too (the terminal demo, the crash scenario)', () => {
		const version = execFileSync(process.execPath, ['-p', "require('@rocket.chat/apps-engine/package.json').version"], { cwd: ROOT, encoding: 'utf8', env: { ...process.env } }).trim();
		expect(version).toBe(expected);
	});

	it('runs its runtime under the Deno its Rocket.Chat ships (1.x before 1.62, 2.x from 1.62)', () => {
		// the engine spawns `deno` from PATH
		const deno = /^deno (\d+)\./.exec(execFileSync('deno', ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH } }))?.[1];
		expect(deno).toBe(expected === generations.current ? '2' : '1');
	});
});
