import { execFileSync } from 'node:child_process';
import enginePackage from '@rocket.chat/apps-engine/package.json';
import { type Demo, startDemo } from '../../sandbox/demo';
import generations from '../../sandbox/engine/generations.json';
import { DEMO } from '../../sandbox/simulators';

/**
 * A short tour of the packaged app on one Apps-Engine generation (jest.engines.config.js runs this
 * file once per engine: 1.53.1 under Deno 1.x, 1.58.1 (Rocket.Chat 7.13) under Deno 1.x, and 1.62.0).
 * Install, a command of each kind, the bot endpoint and a UIKit submission, asserted on what the
 * simulators and the sandbox server saw.
 */
const expected = (globalThis as { APPS_ENGINE_VERSION?: string }).APPS_ENGINE_VERSION;
const ALICE_CB = DEMO.callbellUsers[0].uuid;
const LEAD = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';

let demo: Demo;

beforeAll(async () => {
	demo = await startDemo({ timers: 'manual' });
});
afterEach(() => demo.host.assertNoErrors());
afterAll(async () => {
	await demo?.stop();
});

describe(`the packaged app on Apps-Engine ${expected}`, () => {
	it('runs on the engine this project asked for', () => {
		expect(enginePackage.version).toBe(expected);
		// the Deno the engine spawns (it runs `deno` from PATH): 1.x for the older engines, as Rocket.Chat 7.x–8.2 ship
		const deno = /^deno (\d+)\./.exec(execFileSync('deno', ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH } }))?.[1];
		expect(deno).toBe(expected === generations.current ? '2' : '1');
		expect(demo.host.appId).not.toBe('');
	});

	it('/inbox-bridge help lists the commands', async () => {
		const reply = await demo.host.as('alice').run('/inbox-bridge help');
		expect(reply.text).toContain('/st');
		expect(reply.text).toContain('/lead-close');
	});

	it('/st busy … for 30m sets Rocket.Chat and Callbell and schedules the restore; /st online undoes it', async () => {
		const busy = await demo.host.as('alice').run('/st busy In a meeting for 30m');
		expect(busy.text).toMatch(/^\*Rocket\.Chat\*: ✅ busy/m);
		expect(demo.host.user('alice').status).toBe('busy');
		expect(demo.host.user('alice').statusText).toBe('In a meeting');
		expect(demo.sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
		expect(demo.host.jobs.list().some((j) => j.name.includes('status.expire'))).toBe(true);

		const online = await demo.host.as('alice').run('/st online');
		expect(online.text).toMatch(/^\*Rocket\.Chat\*: ✅ online/m);
		expect(demo.host.user('alice').status).toBe('online');
		expect(demo.sims.callbell.state.users.get(ALICE_CB)?.available).toBe(true);
	});

	it('/lead-close closes the lead at BotPenguin', async () => {
		const reply = await demo.host.as('alice').run(`/lead-close ${LEAD}`);
		expect(reply.texts).toHaveLength(1);
		expect(demo.sims.botpenguin.state.leads.get(LEAD)?.status).toBe('CLOSED');
	});

	it('the bot status endpoint changes the status and answers per system', async () => {
		const res = await demo.host.api.post('status', { user: 'alice', status: 'away', text: 'Back soon' }, { authorization: 'Bearer demo-api-secret' });
		expect(res.status).toBe(200);
		expect(demo.host.user('alice').status).toBe('away');
		expect(demo.host.user('alice').statusText).toBe('Back soon');
	});

	it('/st opens the form, and submitting it applies the status', async () => {
		const opened = await demo.host.as('alice').run('/st');
		expect(opened.surfaces).toHaveLength(1);
		const view = opened.surfaces[0].view as Record<string, unknown>;
		const done = await demo.host.ui.submit('alice', view, { 'st.presence': { value: 'busy' }, 'st.preset': { value: '-' }, 'st.text': { value: 'Focus' }, 'st.duration': { value: '45m' } });
		expect(done.text).toMatch(/\*Rocket\.Chat\*: ✅ busy — “Focus” until/);
		expect(demo.host.user('alice').status).toBe('busy');
		expect(demo.sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
	});
});
