import { DEMO } from '../../sandbox/simulators';
import { callbellWrites, clearRequests, demoPerTest, says } from './fixtures';
import { sign } from '../../src/endpoints/signature';

/**
 * Issue 8, status half: order, echoes, who may change whom, replays, double clicks, one restore job
 * per agent, failures that leave a trace, maps that cannot become URL paths. Each test failed on the
 * code before the fix (checked); the numbers are the issue's.
 */

const ALICE_CB = DEMO.callbellUsers[0].uuid;
const BOB_CB = DEMO.callbellUsers[1].uuid;
const [LUNCH_CB, , VACATION_CB] = DEMO.callbellCustomStatuses.map((s) => s.id);
const SECRET = { secret: 'demo-webhook-secret' };

const demo = demoPerTest();
const host = () => demo().host;
const cbPuts = () => callbellWrites(demo());
const clearLogs = () => clearRequests(demo());
const iso = (ms: number) => new Date(ms).toISOString();
const event = (email: string, available: boolean, at: number, custom: { id: string; name: string } | null = null) => ({ email, name: 'Agent', available, lastUpdatedAt: iso(at), userCustomStatus: custom });
/** Callbell itself changed (its state first), then tells the app. */
const callbellSays = (uuid: string, available: boolean, customStatusId: string | null) => Object.assign(demo().sims.callbell.state.users.get(uuid) as object, { available, customStatusId });


describe('4, 5: Callbell events apply in Callbell\'s order, and never come back as stale writes', () => {
	it('4: two events for one agent arriving together: Rocket.Chat ends on the newer, nothing is written back to Callbell', async () => {
		for (let round = 0; round < 5; round++) {
			const t = Date.now() + round * 10;
			callbellSays(ALICE_CB, true, null);
			const older = event('alice@demo.test', false, t + 1, { id: VACATION_CB, name: 'Vacation' });
			const newer = event('alice@demo.test', true, t + 2);
			const [a, b] = await Promise.all([host().api.post('callbell-webhook', round % 2 ? newer : older, {}, SECRET), host().api.post('callbell-webhook', round % 2 ? older : newer, {}, SECRET)]);
			expect([a.status, b.status]).toEqual([200, 200]);
			await host().idle();
			expect(host().user('alice').status).toBe('online');
			expect(cbPuts()).toEqual([]);
			expect(demo().sims.callbell.state.users.get(ALICE_CB)).toMatchObject({ available: true, customStatusId: null });
			// the next round's events must be newer than this round's
			await new Promise((r) => setTimeout(r, 15));
		}
	});

	it('5: an older or replayed event is ignored: "Vacation" from before does not set the agent away again', async () => {
		const t = Date.now();
		callbellSays(ALICE_CB, false, VACATION_CB);
		const vacation = event('alice@demo.test', false, t, { id: VACATION_CB, name: 'Vacation' });
		expect((await host().api.post('callbell-webhook', vacation, {}, SECRET)).status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });
		callbellSays(ALICE_CB, true, null);
		await host().api.post('callbell-webhook', event('alice@demo.test', true, t + 60_000), {}, SECRET);
		expect(host().user('alice')).toMatchObject({ status: 'online', statusText: '' });
		const replay = await host().api.post('callbell-webhook', vacation, {}, SECRET);
		expect(replay.content).toMatchObject({ ignored: expect.stringMatching(/older or replayed/) });
		const older = await host().api.post('callbell-webhook', event('alice@demo.test', false, t + 30_000, { id: LUNCH_CB, name: 'Lunch' }), {}, SECRET);
		expect(older.content).toMatchObject({ ignored: expect.stringMatching(/older or replayed/) });
		expect(host().user('alice')).toMatchObject({ status: 'online', statusText: '' });
		expect(cbPuts()).toEqual([]);
	});

	it('4: several app changes in flight: each echo is recognised, the last change wins everywhere', async () => {
		const lines = ['/st busy', '/st away Lunch', '/st online', '/st busy In a meeting', '/st away'];
		await Promise.all(lines.map((line) => host().as('alice').run(line)));
		await host().idle();
		// whatever order they ran in, Rocket.Chat and Callbell agree on the last one applied
		const { status, statusText } = host().user('alice');
		const cb = demo().sims.callbell.state.users.get(ALICE_CB);
		expect(cb?.available).toBe(status === 'online');
		expect(cb?.customStatusId ?? null).toBe(statusText === 'Lunch' ? LUNCH_CB : statusText === 'In a meeting' ? DEMO.callbellCustomStatuses[1].id : null);
		// and the echoes did not produce extra writes: one PUT per change at most
		expect(cbPuts().length).toBeLessThanOrEqual(lines.length);
	});
});

describe('6: who may change whom', () => {
	it('self links are off by default; an agent cannot take another agent\'s Callbell user', async () => {
		const off = await host().as('carol').run(`/st link ${BOB_CB}`);
		expect(off.texts).toEqual([says(demo(), 'carol', 'st_link_refused_self_link_off')]);
		await host().setSetting('callbell_self_link', true);
		const taken = await host().as('carol').run(`/st link ${BOB_CB}`);
		expect(taken.texts).toEqual([says(demo(), 'carol', 'st_link_refused_taken', { uuid: BOB_CB })]);
		// a self link never overrides the admin's map
		const mapped = await host().as('alice').run('/st link cb-user-carol-0003');
		expect(mapped.texts).toEqual([says(demo(), 'alice', 'st_link_refused_mapped')]);
		// nor does an admin link give one agent's Callbell user to another
		const admin = await host().as('admin').run(`/inbox-bridge link @carol ${ALICE_CB}`);
		expect(admin.texts).toEqual([says(demo(), 'admin', 'link_refused_taken', { uuid: ALICE_CB, user: 'carol' })]);
		clearLogs();
		await host().as('carol').run('/st away');
		await host().as('alice').run('/st busy');
		expect(cbPuts().map((r) => r.path)).toEqual([`/v1/users/${ALICE_CB}/status`]);
		expect(demo().sims.callbell.state.users.get(BOB_CB)?.available).toBe(false);
		const audit = await host().as('admin').run('/inbox-bridge audit 20');
		expect(audit.text).toMatch(/callbell\.link callbell @carol → cb-user-bob-0002: refused/);
	});

	it('a uuid linked by one agent cannot be linked by another', async () => {
		await host().setSetting('callbell_self_link', true);
		host().addUser({ username: 'erin', roles: ['user'], email: 'erin@demo.test' });
		expect((await host().as('carol').run('/st link cb-user-carol-0003')).text).toMatch(/cb-user-carol-0003/);
		expect((await host().as('erin').run('/st link cb-user-carol-0003')).text).toMatch(/already linked to another agent/);
		expect((await host().as('admin').run('/inbox-bridge link @erin cb-user-carol-0003')).text).toMatch(/already linked or mapped/);
	});

	it('the webhook only changes agents with a Callbell user: an admin linked to nothing is left alone', async () => {
		const before = { ...host().user('admin') };
		const res = await host().api.post('callbell-webhook', event('admin@demo.test', false, Date.now(), { id: VACATION_CB, name: 'Vacation' }), {}, SECRET);
		expect(res.status).toBe(200);
		expect(res.content).toMatchObject({ ignored: expect.stringMatching(/no Callbell user/) });
		expect(host().user('admin').status).toBe(before.status);
		expect(host().user('admin').statusText).toBe(before.statusText);
	});
});

describe('7: signed bot requests are good once', () => {
	it('a replayed signed request is refused and changes nothing; a header without a nonce is refused', async () => {
		const body = { user: 'alice', status: 'busy', text: 'Signed once' };
		const t = Math.floor(Date.now() / 1000);
		const nonce = 'b6c1f0e2a9d84e53b0c7d1e2f3a4b5c6';
		const header = { 'x-inbox-bridge-signature': `t=${t},n=${nonce},v1=${sign('demo-api-secret', t, nonce, body)}` };
		expect((await host().api.post('status', body, header)).status).toBe(200);
		expect(host().user('alice').statusText).toBe('Signed once');
		await host().as('alice').run('/st online');
		clearLogs();
		const replay = await host().api.post('status', body, header);
		expect(replay.status).toBe(401);
		expect(JSON.stringify(replay.content)).toMatch(/already used/);
		expect(host().user('alice')).toMatchObject({ status: 'online', statusText: '' });
		expect(cbPuts()).toEqual([]);
		// the old format (no nonce) could be replayed by anyone who read the log: refused, saying what is missing
		const { createHmac } = await import('node:crypto');
		const { canonicalJson } = await import('../../src/endpoints/signature');
		const legacy = { 'x-inbox-bridge-signature': `t=${t},v1=${createHmac('sha256', 'demo-api-secret').update(`${t}.${canonicalJson(body)}`).digest('hex')}` };
		const old = await host().api.post('status', body, legacy);
		expect(old.status).toBe(401);
		expect(JSON.stringify(old.content)).toMatch(/n=<nonce>/);
		expect(host().user('alice').statusText).toBe('');
	});
});

describe('8: a double click on Confirm deletes once', () => {
	it('two Confirm clicks arriving together send one request', async () => {
		const ask = await host().as('admin').run(`/contact-delete ${DEMO.contactIds[0]}`);
		const blocks = ask.delivered.flatMap((d) => (d.blocks ?? []) as Array<{ type: string; elements?: Array<{ actionId: string; value: string }> }>);
		const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.actionId === 'lead.contacts.confirm')?.value as string;
		expect(value).toBeTruthy();
		clearLogs();
		const clicks = await Promise.all([1, 2, 3].map(() => host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value })));
		expect(demo().sims.botpenguin.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
		// replies to concurrent clicks of one user are captured together: count each message once (the
		// same delivered message object, not the same text and millisecond: two refusals can share both)
		const replies = [...new Set(clicks.flatMap((c) => c.delivered))].map((d) => d.text);
		expect(replies.filter((t) => /marked DELETED/.test(t))).toHaveLength(1);
		expect(replies.filter((t) => /expired or was already used/.test(t))).toHaveLength(2);
	});
});

describe('9: one restore job per agent', () => {
	it('100 timed changes leave one pending restore job, which survives a restart and restores the state before the first', async () => {
		await host().as('alice').run('/st online');
		for (let i = 0; i < 100; i++) await host().as('alice').run(`/st ${i % 2 ? 'busy' : 'away'} Change ${i} for ${30 + i}m`);
		const expireJobs = () => host().jobs.list().filter((j) => j.name.startsWith('status.expire'));
		expect(expireJobs()).toHaveLength(1);
		await demo().restart({ timers: 'manual' });
		expect(expireJobs()).toHaveLength(1);
		await host().jobs.runDue({ advanceMs: 200 * 60_000 });
		expect(host().user('alice')).toMatchObject({ status: 'online', statusText: '' });
		expect(expireJobs()).toHaveLength(0);
	});

	it('a change without a timer cancels the pending restore job', async () => {
		await host().as('alice').run('/st busy Focus for 30m');
		await host().as('alice').run('/st away');
		expect(host().jobs.list().filter((j) => j.name.startsWith('status.expire'))).toHaveLength(0);
	});
});

describe('10a, 10c: failures leave a trace; maps never become URL paths', () => {
	it('10a: a status change whose Callbell custom-status lookup is refused (401) says so and is audited', async () => {
		demo().sims.callbell.failNext(1, 401);
		const reply = await host().as('alice').run('/st busy In a meeting');
		expect(host().user('alice').status).toBe('busy');
		expect(reply.text).toMatch(/^Callbell: ❌ not sent — the Callbell custom statuses could not be read: .*callbell_api_token/m);
		expect(cbPuts()).toEqual([]);
		const audit = await host().as('alice').run('/inbox-bridge audit');
		expect(audit.text).toMatch(/@alice callbell\.status callbell Callbell status: failed \(custom statuses not read: unauthorized/);
	});

	it('10c: a map value such as ".." is refused on save, and ignored when it is there anyway', async () => {
		const good = host().setting('callbell_user_map');
		await host().setSetting('callbell_user_map', 'alice@demo.test = ..');
		expect(host().setting('callbell_user_map')).toBe(good);
		expect(demo().world.logs.some((l) => JSON.stringify(l).includes('callbell_user_map was not changed'))).toBe(true);
		await host().setSetting('callbell_user_map', `alice@demo.test = ${ALICE_CB}\ncarol@demo.test = ${ALICE_CB}`);
		expect(host().setting('callbell_user_map')).toBe(good);
		await host().setSetting('callbell_status_map', 'Lunch = custom:../../auth');
		expect(host().setting('callbell_status_map')).toBe('');

		// a value saved before this check existed (written straight into the app's stored settings)
		const stored = demo().world.appMetadata.get(host().appId) as unknown as { settings: Record<string, { value: unknown }> };
		stored.settings.callbell_user_map.value = 'alice@demo.test = ..\nbob@demo.test = ../../auth/me';
		await demo().restart({ timers: 'manual' });
		clearLogs();
		const reply = await host().as('alice').run('/st busy');
		expect(reply.text).toContain(says(demo(), 'alice', 'st_cb_not_linked'));
		expect(demo().sims.callbell.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});
});
