import { callbellWebhook, type SignedEvent } from '../../sandbox/simulators/callbell-webhooks';
import { DEMO } from '../../sandbox/simulators';
import { callbellWrites, clearRequests, demoPerTest, says, saysLine } from './fixtures';

/**
 * Callbell's webhook through the packaged app: signed events (X-Callbell-Signature, written as
 * Callbell's Rails app writes JSON and parsed as Rocket.Chat's body parser does, since the app never
 * sees the raw bytes), and `agent_session_updated` setting the agent's presence, in order with the
 * status events.
 */

const URL_SECRET = { secret: 'demo-webhook-secret' };
const SIGNING = 'whsec_Qm9yZ2VkIGJ5IG5vYm9keSBhdCBhbGwgMTIzNA';
const ROTATED = 'whsec_Um90YXRlZCBpbiBDYWxsYmVsbCBhdCBvbmNlIQ';
const ALICE_CB = DEMO.callbellUsers[0].uuid;
const VACATION = { id: DEMO.callbellCustomStatuses[2].id, name: 'Vacation' };

const demo = demoPerTest();
const host = () => demo().host;
const cbPuts = () => callbellWrites(demo());
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // Callbell stamps whole seconds
const warnings = (needle: string) => demo().world.logs.filter((l) => JSON.stringify(l).includes(needle)).length;

const status = (email: string, available: boolean, at: number, custom: { id: string; name: string } | null = null) => ({
	email,
	name: 'Agent <Sales> & Co', // Rails escapes these three: a plain JSON.stringify of the parsed event does not rebuild the bytes
	available,
	lastUpdatedAt: iso(at),
	userCustomStatus: custom ? { ...custom, emoji: '🌴' } : null,
});
const session = (email: string, action: string, available = false) => ({ action, user: { email, name: 'Agent', available, lastUpdatedAt: '2024-02-21T12:02:47Z' } });

function post(ev: SignedEvent, query: Record<string, string> = URL_SECRET) {
	return host().api.request('POST', host().api.url('callbell-webhook'), { raw: ev.raw, headers: ev.headers, query });
}
const health = async () => (await host().as('admin').run('/inbox-bridge health')).text;
const sayAdmin = (key: Parameters<typeof says>[2], params?: Parameters<typeof says>[3]) => says(demo(), 'admin', key, params);

describe('signed webhooks: callbell_signing_secret', () => {
	it('empty (the default): events are authenticated by the URL secret alone, as before; health says signatures are not checked', async () => {
		const res = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION)));
		expect(res.status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });
		expect(await health()).toContain(sayAdmin('health_cb_signature_off', { setting: 'callbell_signing_secret' }));
	});

	it('set, not enforced: a Rails-written event verifies; one that does not is still taken, logged once, and health tells both', async () => {
		await host().setSetting('callbell_signing_secret', SIGNING);
		expect(await health()).toContain(sayAdmin('health_cb_signature_waiting', { mode: sayAdmin('health_cb_signature_mode_observe') }));

		const genuine = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION), { secret: SIGNING }));
		expect(genuine.status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });

		// bytes no app can rebuild from the parsed event (pretty-printed): not verified, yet taken. The first
		// one repeats alice's status, so Rocket.Chat is not written and no status event overlaps the call:
		// 1.53–1.59 lose the lines of an overlapped call (docs/engines.md), and this line must be seen there too.
		const same = callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now() + 1000, VACATION), { secret: SIGNING, json: { pretty: true } });
		expect((await post(same)).status).toBe(200);
		expect(warnings('did not verify (mismatch) was taken anyway')).toBe(1);
		await post(callbellWebhook('agent_status_updated', status('alice@demo.test', true, Date.now() + 2000), { secret: SIGNING, json: { pretty: true } }));
		expect(host().user('alice').status).toBe('online');
		expect(warnings('did not verify (mismatch) was taken anyway')).toBe(1); // logged once: proven on 1.62, which keeps this call's lines (1.53–1.59 lose them)

		const text = await health();
		const mode = sayAdmin('health_cb_signature_mode_observe');
		expect(text).toMatch(saysLine(demo(), 'admin', 'health_cb_signature_counts', { icon: '⚠️', mode, verified: 1, unverified: 2 }));
		expect(text).toContain(sayAdmin('health_cb_signature_forms', { forms: 'rails 1' }));
		expect(text).toMatch(saysLine(demo(), 'admin', 'health_cb_signature_last_taken', { reason: sayAdmin('health_cb_signature_reason_mismatch') }));
		expect(text).toContain(sayAdmin('health_cb_signature_caveat', { setting: 'callbell_signature_enforce' }));

		// not enforced, the URL secret is what authenticates: still required
		expect((await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now() + 3000), { secret: SIGNING }), {})).status).toBe(401);
	});

	it('enforced: an event that does not verify, or signed too long ago, is refused and changes nothing; the signature alone authenticates', async () => {
		await host().setSetting('callbell_signing_secret', SIGNING);
		await host().setSetting('callbell_signature_enforce', true);
		await host().setSetting('callbell_webhook_secret', '');
		const before = { ...host().user('alice') };

		const forged = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION), { secret: 'whsec_guessed' }), {});
		expect(forged).toMatchObject({ status: 401, content: { error: 'callbell_signature_mismatch' } });
		const unsigned = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION)), {});
		expect(unsigned).toMatchObject({ status: 401, content: { error: 'callbell_signature_missing' } });
		const old = callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION), { secret: SIGNING, t: Math.floor(Date.now() / 1000) - 301 });
		expect(await post(old, {})).toMatchObject({ status: 401, content: { error: 'callbell_signature_expired' } });
		expect(host().user('alice')).toMatchObject({ status: before.status, statusText: before.statusText });

		const genuine = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, Date.now(), VACATION), { secret: SIGNING }), {});
		expect(genuine.status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });
		expect(await health()).toMatch(saysLine(demo(), 'admin', 'health_cb_signature_last_refused', { reason: sayAdmin('health_cb_signature_reason_expired') }));
		expect(warnings('did not verify (mismatch) was refused')).toBe(1);
	});

	it('a signed request is taken once: the same one again (a replay within the 5 minutes) is ignored; Callbell’s retry, signed anew, is not', async () => {
		await host().setSetting('callbell_signing_secret', SIGNING);
		await host().setSetting('callbell_signature_enforce', true);
		await host().setSetting('callbell_session_presence', true);
		const logout = callbellWebhook('agent_session_updated', session('alice@demo.test', 'user_logged_out'), { secret: SIGNING });
		expect((await post(logout)).status).toBe(200);
		expect(host().user('alice').status).toBe('offline');
		await host().as('alice').run('/st online');
		expect(await post(logout)).toMatchObject({ status: 200, content: { ignored: expect.stringMatching(/^replay/) } });
		expect(host().user('alice').status).toBe('online');
		const retry = callbellWebhook('agent_session_updated', session('alice@demo.test', 'user_logged_out'), { secret: SIGNING, t: Math.floor(Date.now() / 1000) + 1 });
		expect((await post(retry)).status).toBe(200);
		expect(host().user('alice').status).toBe('offline');
	});

	it('rotated in Callbell: events fail until the new secret is saved, then Callbell’s retry (signed again) verifies at once', async () => {
		await host().setSetting('callbell_signing_secret', SIGNING);
		await host().setSetting('callbell_signature_enforce', true);
		const payload = status('alice@demo.test', false, Date.now(), VACATION);
		expect((await post(callbellWebhook('agent_status_updated', payload, { secret: ROTATED }))).status).toBe(401);
		await host().setSetting('callbell_signing_secret', ROTATED);
		const retry = callbellWebhook('agent_status_updated', payload, { secret: ROTATED, t: Math.floor(Date.now() / 1000) + 1 });
		expect((await post(retry)).status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });
	});
});

describe('Callbell sessions: agent_session_updated', () => {
	const send = (email: string, action: string, available = false) => post(callbellWebhook('agent_session_updated', session(email, action, available)));

	it('off by default: answered 200 and ignored', async () => {
		const res = await send('alice@demo.test', 'user_logged_out');
		expect(res).toMatchObject({ status: 200, content: { ignored: expect.stringMatching(/callbell_session_presence is off/) } });
		expect(host().user('alice').status).not.toBe('offline');
	});

	it('on: logout → offline, login → online, ended by Callbell → away, the text stays, nothing is written to Callbell; its availability is recorded', async () => {
		await host().setSetting('callbell_session_presence', true);
		await host().as('alice').run('/st online Working');
		clearRequests(demo());
		expect((await send('alice@demo.test', 'user_logged_out', false)).status).toBe(200);
		expect(host().user('alice')).toMatchObject({ status: 'offline', statusText: 'Working' });
		await send('alice@demo.test', 'user_logged_in', false);
		expect(host().user('alice').status).toBe('online');
		await send('alice@demo.test', 'system_logged_out', false);
		expect(host().user('alice').status).toBe('away');
		expect(cbPuts()).toEqual([]);
		// Callbell said alice is not available: the app's next "online" is sent, not assumed done
		await host().as('alice').run('/st online');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true }]);
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(true);
	});

	it('an agent with no Callbell user, an unknown email, an action the map leaves out or does not know: 200, ignored, nothing changes', async () => {
		await host().setSetting('callbell_session_presence', true);
		await host().setSetting('callbell_session_map', 'user_logged_out = offline');
		const carol = { ...host().user('carol') };
		expect((await send('carol@demo.test', 'user_logged_out')).content).toMatchObject({ ignored: expect.stringMatching(/no Callbell user/) });
		expect(host().user('carol').status).toBe(carol.status);
		expect((await send('nobody@demo.test', 'user_logged_out')).content).toMatchObject({ ignored: expect.stringMatching(/no Rocket.Chat user/) });
		expect((await send('alice@demo.test', 'user_logged_in')).content).toMatchObject({ ignored: expect.stringMatching(/not in callbell_session_map/) });
		expect((await send('alice@demo.test', 'user_went_fishing')).content).toMatchObject({ ignored: expect.stringMatching(/action user_went_fishing/) });
		expect(host().user('alice').status).not.toBe('offline');
		expect(cbPuts()).toEqual([]);
	});

	it('ordered with the status events: the status Callbell sends with a logout does not undo it, a later one applies, and a clock running ahead does not hold a logout back', async () => {
		await host().setSetting('callbell_session_presence', true);
		const t0 = Date.now();
		await send('alice@demo.test', 'user_logged_out');
		expect(host().user('alice').status).toBe('offline');
		// the availability change Callbell sends with the logout, stamped in the same (whole) second
		const withLogout = await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, t0)));
		expect(withLogout.content).toMatchObject({ ignored: expect.stringMatching(/older or replayed/) });
		expect(host().user('alice').status).toBe('offline');
		// a change made after the logout arrived applies
		await post(callbellWebhook('agent_status_updated', status('alice@demo.test', true, t0 + 5000)));
		expect(host().user('alice').status).toBe('online');
		// Callbell's clock a minute ahead of the server's: a session event still comes after it
		await post(callbellWebhook('agent_status_updated', status('alice@demo.test', false, t0 + 60_000, VACATION)));
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: 'Vacation' });
		await send('alice@demo.test', 'user_logged_out');
		expect(host().user('alice')).toMatchObject({ status: 'offline', statusText: 'Vacation' });
		expect(cbPuts()).toEqual([]);
	});

	it('a map with a line that does not read is not saved (the log names it)', async () => {
		await host().setSetting('callbell_session_map', 'user_logged_out = lunch');
		expect(host().setting('callbell_session_map')).toBe('user_logged_in = online\nuser_logged_out = offline\nsystem_logged_out = away');
		expect(warnings('callbell_session_map was not changed: line 1: presence')).toBe(1);
	});
});
