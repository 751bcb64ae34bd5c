import { randomUUID } from 'node:crypto';
import { type Demo, startDemo } from '../../sandbox/demo';
import type { Reply } from '../../sandbox/host/host';
import { DEMO } from '../../sandbox/simulators';
import { callbellWebhook } from '../../sandbox/simulators/callbell-webhooks';
import { sign } from '../../src/endpoints/signature';
import { confirmValue, sleep } from './fixtures';

/**
 * Runs a tour of every feature, with vendors that echo tokens back in their errors, then searches
 * everything the app produced for any configured secret: replies, modals, app logs, persisted
 * records, and every request field a vendor saw other than that secret's own auth header.
 */
const SECRETS: Record<string, string> = {
	botpenguin_lead_token: DEMO.botpenguinLeadToken,
	botpenguin_api_key: DEMO.botpenguinApiKey,
	callbell_api_token: DEMO.callbellToken,
	rocketchat_admin_token: DEMO.rocketchatAdminToken,
	api_secret: 'demo-api-secret',
	callbell_webhook_secret: 'demo-webhook-secret',
	callbell_signing_secret: 'whsec_dG91ci1zaWduaW5nLXNlY3JldC0wMDAx',
};
/** Where each secret may legitimately appear: its own header at its own vendor. */
const OWN_HEADER: Record<string, { sim: string; header: string }> = {
	botpenguin_lead_token: { sim: 'botpenguin', header: 'x-bp-token' },
	botpenguin_api_key: { sim: 'botpenguin', header: 'authorization' },
	callbell_api_token: { sim: 'callbell', header: 'authorization' },
	rocketchat_admin_token: { sim: 'rocketchat', header: 'x-auth-token' },
};

/** Every place the app's output can reach, with each vendor-visible request minus its secret's own header. */
function placesToSearch(demo: Demo, replies: string[]): Array<[string, string]> {
	const places: Array<[string, string]> = [
		['replies', replies.join('\n')],
		['messages', JSON.stringify(demo.world.messages)],
		['modals', JSON.stringify(demo.host.bridges.ui)],
		['app logs', JSON.stringify(demo.world.logs)],
		['persistence', JSON.stringify([...demo.world.persistence.values()].map((r) => r.data))],
		['engine errors', demo.host.errors.join('\n')],
	];
	for (const sim of demo.sims.list) {
		for (const req of sim.requests) {
			const headers = { ...req.headers };
			for (const [id, own] of Object.entries(OWN_HEADER)) {
				const value = String(headers[own.header] ?? '');
				if (own.sim === sim.name && value.includes(SECRETS[id])) delete headers[own.header];
			}
			places.push([`${sim.name} ${req.method} ${req.path}`, JSON.stringify({ path: req.path, query: req.query, body: req.body, headers })]);
		}
	}
	return places;
}

describe('secrets never leak', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({
			timers: 'manual',
			settings: { retry_base_delay_ms: 1, retry_max_delay_ms: 5, http_timeout_ms: 500, omnichannel_follow_status: true, callbell_signing_secret: SECRETS.callbell_signing_secret, callbell_session_presence: true },
		});
	});
	afterAll(() => demo.stop());

	// One test: the search below is only as good as the tour that fills the places it searches.
	it('a tour of every feature with vendors echoing tokens leaves no secret in replies, modals, app logs, persistence or any vendor-visible field but its own header', async () => {
		const replies: string[] = [];
		const run = async (user: string, line: string): Promise<Reply> => {
			const r = await demo.host.as(user).run(line);
			replies.push(...r.texts);
			return r;
		};
		const { botpenguin, callbell } = demo.sims;
		// every command the tour uses is registered: the tour never skips a part
		expect(demo.host.commands()).toEqual(expect.arrayContaining(['inbox-bridge', 'lead-close', 'lead', 'contact-delete', 'st']));
		await run('admin', '/inbox-bridge health');
		botpenguin.failNext(1, 400, { message: `token ${DEMO.botpenguinLeadToken} is not valid for this bot` });
		await run('alice', `/lead-close ${randomUUID()} closing note`);
		botpenguin.failNext(1, 401, { message: `Bearer ${DEMO.botpenguinLeadToken} expired` });
		await run('alice', `/lead ${randomUUID()} status=REVIEW tag=vip`);
		callbell.failNext(1, 401, { message: `token ${DEMO.callbellToken} revoked` });
		await run('admin', '/inbox-bridge health');
		botpenguin.failNext(1, 500, { message: `upstream saw ${DEMO.botpenguinApiKey}` });
		const ask = await run('admin', `/contact-delete ${DEMO.contactIds[0]} ${DEMO.contactIds[1]}`);
		const confirmed = await demo.host.ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(ask) });
		replies.push(...confirmed.texts);
		await sleep(20);
		await demo.host.jobs.runDue({ all: true });
		// Rocket.Chat echoing the admin token in an Omnichannel refusal: remembered for /st list, never shown
		demo.sims.rocketchat.failNext(1, 403, { message: `token ${DEMO.rocketchatAdminToken} lacks view-l-room` });
		callbell.failNext(1, 401, { message: `token ${DEMO.callbellToken} revoked` });
		for (const cmd of ['/st busy In a meeting', '/st online', '/st list', '/st help']) await run('alice', cmd);
		// a bot using the endpoint the recommended way: signed, so the secret never travels
		const t = Math.floor(Date.now() / 1000);
		const body = { user: 'alice', status: 'away', text: 'from a bot' };
		const res = await demo.host.api.post('status', body, { 'x-inbox-bridge-signature': `t=${t},n=tour-nonce-0000000001,v1=${sign(SECRETS.api_secret, t, 'tour-nonce-0000000001', body)}` });
		expect(res.status).toBe(200);
		replies.push(JSON.stringify(res.content));
		// Callbell's webhook the recommended way: signed, enforced, no secret in the URL (the engine logs
		// every endpoint request with its query, README "Known limitations"): verified, refused, a session
		await demo.host.setSetting('callbell_signature_enforce', true);
		await demo.host.setSetting('callbell_webhook_secret', '');
		const webhook = async (ev: { raw: string; headers: Record<string, string> }) => {
			const r = await demo.host.api.request('POST', demo.host.api.url('callbell-webhook'), { raw: ev.raw, headers: ev.headers });
			replies.push(JSON.stringify(r.content ?? null));
			return r.status;
		};
		const agent = (at: number) => ({ email: 'alice@demo.test', name: 'Alice <A&B>', available: false, lastUpdatedAt: new Date(at).toISOString(), userCustomStatus: null });
		expect(await webhook(callbellWebhook('agent_status_updated', agent(Date.now() + 1000), { secret: SECRETS.callbell_signing_secret }))).toBe(200);
		expect(await webhook(callbellWebhook('agent_status_updated', agent(Date.now() + 2000), { secret: SECRETS.callbell_signing_secret, json: { pretty: true } }))).toBe(401);
		expect(await webhook(callbellWebhook('agent_session_updated', { action: 'user_logged_out', user: agent(0) }, { secret: SECRETS.callbell_signing_secret }))).toBe(200);
		expect(await webhook(callbellWebhook('agent_status_updated', agent(Date.now() + 3000), { secret: 'whsec_not-the-one' }))).toBe(401);
		await run('admin', '/inbox-bridge health');
		await run('admin', '/inbox-bridge queue');
		await run('admin', '/inbox-bridge audit 100');
		// the tour itself exercised the echoing vendors, and the places searched are not empty
		expect(botpenguin.requests.filter((r) => r.status >= 400).map((r) => r.status)).toEqual(expect.arrayContaining([400, 401, 500]));
		expect(callbell.requests.filter((r) => r.status === 401)).toHaveLength(2);
		expect(replies.length).toBeGreaterThan(8);
		expect(demo.sims.rocketchat.requests.some((r) => r.path === '/api/v1/livechat/agent.status' && r.status === 403)).toBe(true);
		expect(demo.world.persistence.size).toBeGreaterThan(0);

		const leaks: string[] = [];
		for (const [where, text] of placesToSearch(demo, replies)) {
			for (const [id, value] of Object.entries(SECRETS)) if (text.includes(value)) leaks.push(`${id} in ${where}`);
		}
		expect(leaks).toEqual([]);
		demo.host.assertNoErrors();
	});
});
