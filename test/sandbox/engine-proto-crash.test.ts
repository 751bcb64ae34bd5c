import { execFile } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../sandbox/host/host';

/**
 * The engine bug behind issue 9, shown on purpose: with the legacy public URLs switched on, one
 * unauthenticated request whose JSON body has a `"__proto__"` key kills the app's Deno runtime
 * (Apps-Engine 1.62: its msgpack decoder refuses the key, nothing catches it). The app's own code
 * never runs, so no check in it can help; only not being reachable does (public-surface.test.ts).
 * The scenario runs in a child process: a killed runtime leaves the engine writing to a dead pipe.
 */
describe('engine bug: "__proto__" in a public endpoint body', () => {
	it("with public_endpoints on, the legacy URLs work, health warns, and one stranger's body takes the whole app down", async () => {
		const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
		const out = await new Promise<string>((resolve, reject) =>
			execFile(tsx, [path.join(__dirname, 'scenarios', 'proto-crash.ts')], { cwd: ROOT, timeout: 150000, env: { ...process.env, SANDBOX_SKIP_BUILD: '1' } }, (error, stdout, stderr) =>
				error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
			),
		);
		const seen = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
		expect(seen.registeredUrl).toBe(seen.publicUrl);
		expect(seen.legacyStatus).toBe(200);
		expect(seen.healthWarns).toBe(true);
		expect(seen.aliveBefore).toBe(true);
		expect(seen.crash).not.toBe('answered 200');
		expect(String(seen.after)).toMatch(/^failed: /);
	}, 180000);
});
