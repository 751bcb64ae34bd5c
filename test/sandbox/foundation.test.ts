import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Demo, startDemo } from '../../sandbox/demo';
import { DEMO, startRocketChat, demoRocketChatOptions } from '../../sandbox/simulators';
import { says } from './fixtures';

const deployScript = path.join(__dirname, '..', '..', 'scripts', 'deploy.mjs');

describe('a command reaches the vendors and the reply reaches the agent', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual' });
	});
	afterAll(() => demo.stop());
	afterEach(() => demo.host.assertNoErrors());

	it('/inbox-bridge health checks each vendor with a real call and never shows a token', async () => {
		demo.sims.list.forEach((s) => s.clear());
		const reply = await demo.host.as('admin').run('/inbox-bridge health');
		expect(reply.texts).toHaveLength(1);
		expect(reply.text).toMatch(/BotPenguin \(leads\): ok/);
		expect(reply.text).toMatch(/BotPenguin \(contacts\): ok/);
		expect(reply.text).toMatch(/Callbell: ok/);
		expect(reply.text).toMatch(/Rocket\.Chat REST.*: ok/);
		expect(demo.sims.botpenguin.requests.map((r) => r.path).sort()).toEqual(['/inbox/direct/lead', '/inbox/users/status-update']);
		expect(demo.sims.callbell.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/auth/me']);
		// nothing was changed by the health check
		expect([...demo.sims.botpenguin.state.contacts.values()].every((s) => s === 'ACTIVE')).toBe(true);
		expect(demo.sims.botpenguin.state.leads.size).toBe(0);
		for (const secret of [DEMO.botpenguinLeadToken, DEMO.botpenguinApiKey, DEMO.callbellToken, DEMO.rocketchatAdminToken]) expect(reply.text).not.toContain(secret);
	});

	it('names the failing vendor and the setting to fix, and "not configured" for an empty one', async () => {
		demo.sims.callbell.failNext(1, 401);
		await demo.host.setSetting('botpenguin_api_key', '');
		try {
			const reply = await demo.host.as('admin').run('/inbox-bridge health');
			expect(reply.text).toMatch(/Callbell: .*callbell_api_token/);
			expect(reply.text).toMatch(/BotPenguin \(contacts\): not configured \(setting botpenguin_api_key\)/);
			expect(reply.text).not.toContain(DEMO.callbellToken);
		} finally {
			await demo.host.setSetting('botpenguin_api_key', DEMO.botpenguinApiKey);
		}
	});

	it('refuses an insecure or broken base URL on save and keeps the old one', async () => {
		const before = demo.host.setting('botpenguin_base_url');
		await demo.host.setSetting('botpenguin_base_url', 'http://api.v7.botpenguin.com');
		expect(demo.host.setting('botpenguin_base_url')).toBe(before);
		await demo.host.setSetting('callbell_base_url', 'not a url');
		expect(demo.host.setting('callbell_base_url')).toBe(demo.sims.callbell.url);
		const warnings = JSON.stringify(demo.world.logs.slice(-6));
		expect(warnings).toMatch(/botpenguin_base_url was not changed: the URL is not https/);
		await demo.host.setSetting('botpenguin_base_url', `${demo.sims.botpenguin.url}/`);
		expect(demo.host.setting('botpenguin_base_url')).toBe(demo.sims.botpenguin.url);
	});

	it('checks a saved Callbell token with Callbell and logs the verdict, never the token', async () => {
		await demo.host.setSetting('callbell_api_token', 'a-wrong-callbell-token');
		try {
			const logs = JSON.stringify(demo.world.logs.slice(-4));
			expect(logs).toMatch(/Callbell did not accept the credentials saved in callbell_api_token: unauthorized/);
			expect(logs).not.toContain('a-wrong-callbell-token');
		} finally {
			await demo.host.setSetting('callbell_api_token', DEMO.callbellToken);
		}
		expect(JSON.stringify(demo.world.logs.slice(-4))).toMatch(/Callbell accepted the credentials saved in callbell_api_token/);
	});

	it('lets an admin link another agent to Callbell; agents may not', async () => {
		// carol reads Spanish
		expect((await demo.host.as('carol').run('/inbox-bridge link @carol cb-user-carol-9')).texts).toEqual([says(demo, 'carol', 'admin_only', { command: '/inbox-bridge link' })]);
		expect((await demo.host.as('admin').run('/inbox-bridge link carol')).texts).toEqual([says(demo, 'admin', 'link_usage')]);
		expect((await demo.host.as('admin').run('/inbox-bridge link @nobody cb-user-x-1')).texts).toEqual([says(demo, 'admin', 'audit_no_user', { user: 'nobody' })]);
		// bob's Callbell user is bob's (callbell_user_map): not given to carol
		const bobs = DEMO.callbellUsers[1].uuid;
		expect((await demo.host.as('admin').run(`/inbox-bridge link @carol ${bobs}`)).texts).toEqual([says(demo, 'admin', 'link_refused_taken', { uuid: bobs, user: 'carol' })]);
		const done = await demo.host.as('admin').run('/inbox-bridge link @carol cb-user-carol-0003');
		expect(done.texts).toEqual([says(demo, 'admin', 'link_done', { user: 'carol', uuid: 'cb-user-carol-0003' })]);
		demo.sims.callbell.clear();
		await demo.host.as('carol').run('/st busy');
		expect(demo.sims.callbell.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /v1/users/cb-user-carol-0003/status']);
	});

	it('refuses health to a non-admin, without calling anyone', async () => {
		demo.sims.list.forEach((s) => s.clear());
		const reply = await demo.host.as('carol').run('/inbox-bridge health');
		expect(reply.texts).toEqual([says(demo, 'carol', 'admin_only', { command: '/inbox-bridge health' })]);
		expect(demo.sims.list.every((s) => s.requests.length === 0)).toBe(true);
	});
});

describe('npm run deploy', () => {
	const run = (args: string[]) =>
		new Promise<{ code: number; out: string }>((resolve) => {
			execFile(process.execPath, [deployScript, ...args], { timeout: 30000 }, (err, stdout, stderr) => {
				resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
			});
		});

	it('installs, then updates, and explains 401, a bad package and an unreachable server', async () => {
		const rc = await startRocketChat(demoRocketChatOptions());
		const creds = ['--user-id', DEMO.rocketchatAdminUserId, '--token', DEMO.rocketchatAdminToken];
		try {
			const first = await run(['--url', rc.url, ...creds]);
			expect(first).toEqual({ code: 0, out: expect.stringMatching(/^Installed Inbox Bridge/) });
			const second = await run(['--url', rc.url, ...creds]);
			expect(second).toEqual({ code: 0, out: expect.stringMatching(/^Updated Inbox Bridge/) });
			expect(rc.state.uploads.map((u) => u.mode)).toEqual(['install', 'update']);

			const denied = await run(['--url', rc.url, '--user-id', DEMO.rocketchatAdminUserId, '--token', 'not-the-token']);
			expect(denied.code).toBe(1);
			expect(denied.out).toMatch(/refused the credentials.*--token/);
			expect(denied.out).not.toContain('not-the-token');

			const bad = await run(['--url', rc.url, ...creds, '--zip', __filename]);
			expect(bad.code).toBe(1);
			expect(bad.out).toMatch(/rejected the package \(HTTP 400\)/);
		} finally {
			await rc.close();
		}
		const down = await run(['--url', rc.url, ...creds]);
		expect(down.code).toBe(1);
		expect(down.out).toMatch(/Could not reach/);
		const usage = await run(['--url', rc.url]);
		expect(usage.code).toBe(2);
	});
});

describe('npm start --script', () => {
	it('runs one command per line (and button clicks) and prints one JSON object per line', async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
		const script = path.join(dir, 'script.txt');
		fs.writeFileSync(script, ['/inbox-bridge help', 'as admin', `/contact-delete ${DEMO.contactIds[0]}`, 'click 1'].join('\n'));
		const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
		const cli = path.join(__dirname, '..', '..', 'sandbox', 'cli.ts');
		const out = await new Promise<string>((resolve, reject) =>
			// env passed on: under `npm run test:engines` it carries the engine under test to the child (test/engines/engine-env.ts)
			execFile(tsx, [cli, '--no-build', '--script', script], { timeout: 60000, env: { ...process.env } }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
		);
		const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { command: string; user: string; replies: string[]; requests: Array<{ vendor: string; path: string; status: number }>; errors: string[] });
		expect(rows.map((r) => `${r.user} ${r.command}`)).toEqual(['alice /inbox-bridge help', `admin /contact-delete ${DEMO.contactIds[0]}`, 'admin click 1']);
		expect(rows[0].replies[0]).toContain('/st busy');
		expect(rows[1].requests).toEqual([]);
		expect(rows[2].requests).toEqual([expect.objectContaining({ vendor: 'botpenguin', path: '/inbox/users/status-update', status: 200 })]);
		expect(rows.every((r) => r.errors.length === 0)).toBe(true);
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
