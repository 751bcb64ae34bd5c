import { DEMO } from '../../sandbox/simulators';
import { demoPerTest, settle } from './fixtures';

/**
 * Omnichannel availability follows the status (omnichannel_follow_status), run in the real engine
 * against the Rocket.Chat simulator's `livechat/agent.status` (the server's own rules). Assertions are
 * on what the simulator recorded and holds, and on the exact reply lines.
 */

const AGENT_STATUS = '/api/v1/livechat/agent.status';
const FAST = { http_timeout_ms: 400, retry_base_delay_ms: 20, retry_max_delay_ms: 200, retry_max_age_minutes: 5 };

const demo = demoPerTest({ settings: { omnichannel_follow_status: true, ...FAST } });
const host = () => demo().host;
const rc = () => demo().sims.rocketchat;
const agentCalls = () => rc().requests.filter((r) => r.path === AGENT_STATUS);
const idOf = (username: string) => host().user(username).id;
const availability = (username: string) => rc().livechatStatus(idOf(username));
const ocLines = (text: string) => text.split('\n').filter((l) => l.includes('Omnichannel'));
const noDrainPending = () => host().jobs.list().every((j) => !j.name.startsWith('delivery.drain'));

describe('Omnichannel follows /st', () => {
	it('is off by default: no call, no Omnichannel line', async () => {
		await host().setSetting('omnichannel_follow_status', false);
		const reply = await host().as('alice').run('/st online');
		expect(host().user('alice').status).toBe('online');
		expect(agentCalls()).toEqual([]);
		expect(ocLines(reply.text)).toEqual([]);
	});

	it('on: an agent’s availability follows each change, as the admin, one call each', async () => {
		const online = await host().as('alice').run('/st online');
		expect(ocLines(online.text)).toEqual(['Omnichannel: ✅ available']);
		expect(availability('alice')).toBe('available');
		const busy = await host().as('alice').run('/st busy In a meeting');
		expect(ocLines(busy.text)).toEqual(['Omnichannel: ✅ not available']);
		expect(availability('alice')).toBe('not-available');
		expect(agentCalls().map((r) => r.body)).toEqual([
			{ status: 'available', agentId: idOf('alice') },
			{ status: 'not-available', agentId: idOf('alice') },
		]);
		expect(agentCalls().every((r) => r.headers['x-user-id'] === DEMO.rocketchatAdminUserId && r.status === 200)).toBe(true);
	});

	it('skips a user who is not an Omnichannel agent without any call', async () => {
		const reply = await host().as('carol').run('/st busy');
		expect(host().user('carol').status).toBe('busy');
		expect(rc().requests).toEqual([]);
		expect(ocLines(reply.text)).toEqual([]);
	});

	it('follows omnichannel_status_map', async () => {
		await host().setSetting('omnichannel_status_map', 'busy = available\nonline = not-available');
		await host().as('alice').run('/st busy');
		expect(availability('alice')).toBe('available');
		await host().as('alice').run('/st online');
		expect(availability('alice')).toBe('not-available');
		await host().as('alice').run('/st busy');
		await host().as('alice').run('/st away'); // not named: the default
		expect(agentCalls().map((r) => (r.body as { status: string }).status)).toEqual(['available', 'not-available', 'available', 'not-available']);
	});

	it('a map with a bad line is not saved (the log names the line)', async () => {
		await host().setSetting('omnichannel_status_map', 'busy = available\nlunch = available');
		expect(host().setting('omnichannel_status_map')).toBe('');
		expect(demo().world.logs.some((l) => JSON.stringify(l).includes('omnichannel_status_map was not changed: line 2: presence'))).toBe(true);
		await host().as('alice').run('/st busy');
		expect(availability('alice')).toBe('not-available');
	});

	it('answers in the agent’s language', async () => {
		expect(ocLines((await host().as('bob').run('/st online')).text)).toEqual(['Omnichannel: ✅ disponível']);
		expect(ocLines((await host().as('bob').run('/st ausente')).text)).toEqual(['Omnichannel: ✅ indisponível']); // his own word for away
		await host().as('bob').run('/st online');
		expect(ocLines((await host().as('bob').run('/st away')).text)).toEqual(['Omnichannel: ✅ indisponível']);
		demo().world.addUser({ username: 'carol', roles: ['user', 'livechat-agent'], email: 'carol@demo.test', language: 'es' });
		expect(ocLines((await host().as('carol').run('/st online')).text)).toEqual(['Omnichannel: ✅ disponible']);
		expect(ocLines((await host().as('carol').run('/st busy')).text)).toEqual(['Omnichannel: ✅ no disponible']);
	});

	it('follows changes made in Rocket.Chat’s menu (the presence event) and by a timer', async () => {
		await host().as('alice').run('/st online');
		await host().fire.userStatusChanged('alice', { status: 'away' });
		expect(availability('alice')).toBe('not-available');
		await host().as('alice').run('/st busy for 30m');
		const job = host().jobs.list().find((j) => j.name.includes('status.expire'));
		expect(job).toBeDefined();
		await host().jobs.runDue({ all: true }); // the restore job, due or not
		expect(host().user('alice').status).toBe('away');
		expect(agentCalls().map((r) => (r.body as { status: string }).status)).toEqual(['available', 'not-available', 'not-available', 'not-available']);
	});

	it('the bot endpoint gets it too, in its JSON', async () => {
		const res = await host().api.post('status', { user: 'alice', status: 'online' }, { authorization: 'Bearer demo-api-secret' });
		expect(res.status).toBe(200);
		expect((res.content as { omnichannel?: unknown }).omnichannel).toEqual({ state: 'done', status: 'available' });
		expect(availability('alice')).toBe('available');
	});
});

describe('Omnichannel faults', () => {
	it('401 (a token Rocket.Chat refuses): the line names the setting, never the token', async () => {
		await host().setSetting('rocketchat_admin_token', 'wrong-token-123');
		rc().clear();
		const reply = await host().as('alice').run('/st online');
		expect(agentCalls().map((r) => r.status)).toEqual([401]);
		expect(ocLines(reply.text)).toEqual(['Omnichannel: ❌ not set to available — Rocket.Chat refused the credentials (unauthorized): an admin should check the setting rocketchat_admin_token.']);
		expect(reply.text).not.toContain('wrong-token-123');
	});

	it('403 without view-l-room, and without manage-livechat-agents for another agent: the line names the permissions', async () => {
		rc().setPermissions(DEMO.rocketchatAdminUserId, ['manage-user-status', 'manage-livechat-agents']);
		const noView = await host().as('alice').run('/st online');
		expect(ocLines(noView.text)).toEqual([
			'Omnichannel: ❌ not set to available — Rocket.Chat refused it (User does not have the permissions required for this action [error-unauthorized]): the admin in rocketchat_admin_user_id needs the permissions view-l-room and manage-livechat-agents.',
		]);
		rc().setPermissions(DEMO.rocketchatAdminUserId, ['manage-user-status', 'view-l-room']);
		const noManage = await host().as('alice').run('/st online');
		expect(ocLines(noManage.text)).toEqual(['Omnichannel: ❌ not set to available — Rocket.Chat refused it (unauthorized): the admin in rocketchat_admin_user_id needs the permissions view-l-room and manage-livechat-agents.']);
		expect(availability('alice')).toBe('not-available');
		expect(agentCalls().map((r) => r.status)).toEqual([403, 403]);
	});

	it('an agent Rocket.Chat does not know: 404 Agent not found', async () => {
		rc().useDirectory(() => undefined);
		const reply = await host().as('alice').run('/st online');
		expect(agentCalls().map((r) => r.status)).toEqual([404]);
		expect(ocLines(reply.text)).toEqual(['Omnichannel: ❌ not set to available — Rocket.Chat did not find it: Agent not found']);
	});

	it('business hours closed: Rocket.Chat answers 200 but keeps the agent not available; that is a failure', async () => {
		rc().omnichannel.businessHoursClosed = true;
		const reply = await host().as('alice').run('/st online');
		expect(agentCalls().map((r) => r.status)).toEqual([200]);
		expect(availability('alice')).toBe('not-available');
		expect(ocLines(reply.text)).toEqual(['Omnichannel: ❌ not set to available — Rocket.Chat rejected the request: the agent stayed not-available (Omnichannel business hours closed?)']);
	});

	// Issue 17, finding 8: the README's one rule for an unreadable 2xx (src/vendors/http.ts `write`); it used to be queued as pending.
	it.each(['html', 'truncated', 'empty'] as const)('a 2xx whose body cannot be read (%s) is delivered: done, never queued or sent again', async (kind) => {
		await host().as('alice').run('/st online');
		rc().afterApplyNext(1, kind, { method: 'POST' });
		const reply = await host().as('alice').run('/st busy');
		expect(ocLines(reply.text)).toEqual(['Omnichannel: ✅ not available']);
		expect(availability('alice')).toBe('not-available');
		await host().jobs.runDue({ all: true });
		expect(agentCalls().map((r) => (r.body as { status: string }).status)).toEqual(['available', 'not-available']);
		expect(noDrainPending()).toBe(true);
		expect((await host().as('alice').run('/st list')).text).not.toContain('pending');
	});

	it('an outage: queued, shown pending in /st list, then delivered and confirmed', async () => {
		await host().as('alice').run('/st online');
		rc().failNext(1, 503);
		const reply = await host().as('alice').run('/st busy');
		expect(host().user('alice').status).toBe('busy');
		expect(ocLines(reply.text)).toEqual([expect.stringMatching(/^Omnichannel: ⏳ not available, pending — Rocket\.Chat had an error \(.+\)\. It will be sent automatically\.$/)]);
		expect(availability('alice')).toBe('available');
		const pending = (await host().as('alice').run('/st list')).text;
		expect(pending).toContain('*Now* Omnichannel: available\n   ⏳ pending: not available — Rocket.Chat had an error (');
		await settle(demo(), () => availability('alice') === 'not-available' && noDrainPending());
		const after = (await host().as('alice').run('/st list')).text;
		expect(after).toContain('*Now* Omnichannel: not available');
		expect(after).not.toContain('pending');
		const notices = demo().world.messages.filter((m) => m.to === 'alice').map((m) => m.text);
		expect(notices.join('\n')).toContain('Delivered later: Omnichannel availability.');
	});
});

describe('/st list: per system what is confirmed, pending or failed', () => {
	it('before anything: Rocket.Chat as it is, Callbell linked but unconfirmed, Omnichannel unconfirmed', async () => {
		const text = (await host().as('alice').run('/st list')).text;
		expect(text.split('\n').slice(-3)).toEqual(['*Now* Rocket.Chat: online', '*Now* Callbell: linked (cb-user-alice-0001), not changed by the app yet', '*Now* Omnichannel: not confirmed by Rocket.Chat yet']);
	});

	it('a failed change shows what is confirmed and what failed, with the reason; a Callbell 404 asks for a re-link', async () => {
		await host().as('alice').run('/st online');
		demo().sims.callbell.state.users.delete(DEMO.callbellUsers[0].uuid); // the linked Callbell user is gone
		rc().setPermissions(DEMO.rocketchatAdminUserId, ['manage-user-status']);
		const reply = await host().as('alice').run('/st busy');
		expect(reply.text).toMatch(/^Callbell: ❌ failed — Callbell did not find it/m);
		const text = (await host().as('alice').run('/st list')).text;
		expect(text.split('\n').slice(-6)).toEqual([
			'*Now* Rocket.Chat: busy',
			'*Now* Callbell: available',
			expect.stringMatching(/^ {3}❌ last change \(away\) failed: Callbell did not find it: .+/),
			'   🔗 Callbell does not know the linked user cb-user-alice-0001: ask an admin to re-link you (`/inbox-bridge link @alice <callbell-user-uuid>`).',
			'*Now* Omnichannel: available',
			'   ❌ last change (not available) failed: Rocket.Chat refused it (User does not have the permissions required for this action [error-unauthorized]): the admin in rocketchat_admin_user_id needs the permissions view-l-room and manage-livechat-agents.',
		]);
		// fixed: the next change goes through and the failure is history
		rc().setPermissions(DEMO.rocketchatAdminUserId, ['manage-user-status', 'view-l-room', 'manage-livechat-agents']);
		await host().as('alice').run('/st away');
		const fixed = (await host().as('alice').run('/st list')).text;
		expect(fixed).toContain('*Now* Omnichannel: not available');
		expect(fixed).not.toContain('Rocket.Chat refused it');
	});

	it('a Callbell 404 for a custom status is no reason to re-link', async () => {
		await host().setSetting('callbell_status_map', 'busy = available:false, custom:cb-cs-gone');
		await host().as('alice').run('/st busy');
		expect(demo().sims.callbell.requests.map((r) => r.status)).toEqual([404]);
		const text = (await host().as('alice').run('/st list')).text;
		expect(text).toMatch(/^ {3}❌ last change \(away · cb-cs-gone\) failed: Callbell did not find it: /m);
		expect(text).not.toContain('re-link');
	});

	it('pending Callbell and confirmed Callbell, in pt-BR', async () => {
		await host().as('bob').run('/st online');
		demo().sims.callbell.failNext(1, 503);
		await host().as('bob').run('/st busy');
		const text = (await host().as('bob').run('/st list')).text;
		expect(text).toContain('*Agora* Callbell: disponível\n   ⏳ pendente: ausente — ');
		expect(text).toContain('*Agora* Omnichannel: indisponível');
	});

	it('the /st form shows the same report', async () => {
		await host().as('alice').run('/st online');
		const opened = await host().as('alice').run('/st');
		const view = opened.surfaces[0].view as { blocks: Array<{ blockId?: string; type: string; elements?: Array<{ text: string }> }> };
		const now = view.blocks.find((b) => b.blockId === 'st.now');
		expect(now?.type).toBe('context');
		expect(now?.elements?.[0].text).toBe('*Now* Rocket.Chat: online\n*Now* Callbell: available\n*Now* Omnichannel: available');
	});
});
