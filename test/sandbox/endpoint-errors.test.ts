import { createHmac } from 'node:crypto';
import { type Demo, startDemo } from '../../sandbox/demo';
import { ENDPOINT_ERRORS } from '../../src/endpoints/answers';
import { canonicalJson, sign } from '../../src/endpoints/signature';
import { callbellSignature } from '../../sandbox/simulators/callbell-webhooks';

/**
 * The bot endpoint is a machine API: every refusal is `{error: <stable code>, message: <English>}`,
 * whatever the user's language. One request per code, in the real engine.
 */
describe('bot endpoint errors: stable codes, English messages', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual' });
	});
	afterAll(() => demo.stop());
	afterEach(() => demo.host.assertNoErrors());

	const SECRET = 'demo-api-secret';
	const auth = { authorization: `Bearer ${SECRET}` };
	const seen = new Set<string>();
	const post = async (body: unknown, headers: Record<string, string> = auth, endpoint = 'status', query: Record<string, string> = {}) => {
		const res = await demo.host.api.post(endpoint, body, headers, query);
		const content = res.content as { error?: string; message?: string };
		if (typeof content?.error === 'string') seen.add(content.error);
		return { status: res.status, content };
	};
	let n = 0;
	const nonce = () => `endpoint-errors-nonce-${String(n++).padStart(4, '0')}`;
	const signed = (body: unknown, opts: { secret?: string; t?: number; nonce?: string } = {}) => {
		const t = opts.t ?? Math.floor(Date.now() / 1000);
		const once = opts.nonce ?? nonce();
		return { 'x-inbox-bridge-signature': `t=${t},n=${once},v1=${sign(opts.secret ?? SECRET, t, once, body)}` };
	};

	it('presets_unavailable (502): Rocket.Chat could not list the presets', async () => {
		demo.sims.rocketchat.failNext(1, 500);
		const res = await post({ user: 'alice', preset: 'Lunch' });
		expect(res.status).toBe(502);
		expect(res.content.error).toBe('presets_unavailable');
		expect(res.content.message).toMatch(/^the presets could not be read from Rocket\.Chat: /);
	});

	it.each([
		['unknown_status', 400, { preset: 'Nope' }, { error: 'unknown_status', message: 'preset: "Nope" is not a preset of this server' }],
		['bad_duration', 400, { status: 'busy', for: 'soon' }, { error: 'bad_duration', message: 'for: "soon" is not a duration (use 90m, 2h, 1h30m, for 2h or until 17:30)' }],
		['duration_range', 400, { status: 'busy', for: '8d' }, { error: 'duration_range', message: 'for: a timed status lasts at least 1 minute and at most 7 days' }],
	])('%s (%i): the same body for an English, a Portuguese and a Spanish user', async (_code, status, fields, expected) => {
		for (const user of ['alice', 'bob', 'carol']) {
			const res = await post({ user, ...fields });
			expect({ user, status: res.status, content: res.content }).toEqual({ user, status, content: expected });
		}
	});

	it('unknown_user (404) and invalid_body (400) name what is wrong', async () => {
		expect(await post({ user: 'nobody', status: 'busy' })).toEqual({ status: 404, content: { error: 'unknown_user', message: 'no Rocket.Chat user "nobody"' } });
		const bad = await post({ user: 'bob', status: 'sleeping' });
		expect(bad.status).toBe(400);
		expect(bad.content.error).toBe('invalid_body');
		expect(bad.content.message).toMatch(/^status: /);
		expect(await post({ user: 'bob' })).toEqual({ status: 400, content: { error: 'invalid_body', message: 'body: give status or preset' } });
	});

	it('user_not_changeable (409): a deactivated user and the app’s own bot user are not changed, and nothing is written', async () => {
		demo.host.addUser({ username: 'ivan', roles: ['user', 'livechat-agent'], email: 'ivan@demo.test' });
		Object.assign(demo.host.user('ivan'), { isEnabled: false });
		const appUser = [...demo.world.users.values()].find((u) => u.appId === demo.host.appId);
		if (!appUser) throw new Error('no app user');
		const traces = () => ({
			users: [...demo.world.users.values()].map((u) => `${u.username}:${u.status}:${u.statusText ?? ''}`).sort(),
			vendorCalls: demo.sims.list.reduce((n, s) => n + s.requests.length, 0),
		});
		const before = traces();
		expect(await post({ user: 'ivan', status: 'busy', text: 'Hacked' })).toEqual({
			status: 409,
			content: { error: 'user_not_changeable', message: '"ivan" is deactivated or not a person (an app or bot user): its status is not changed' },
		});
		expect((await post({ user: appUser.username, status: 'busy', text: 'Hacked' })).content.error).toBe('user_not_changeable');
		expect(traces()).toEqual(before);
		// the same account, active again, is changed: the refusal was the rule, not the account
		Object.assign(demo.host.user('ivan'), { isEnabled: true });
		expect((await post({ user: 'ivan', status: 'busy' })).status).toBe(200);
		expect(demo.host.user('ivan').status).toBe('busy');
	});

	it('unauthorized and each signature problem (401) have their own code', async () => {
		const body = { user: 'alice', status: 'away' };
		const t = Math.floor(Date.now() / 1000);
		expect((await post(body, {})).content.error).toBe('unauthorized');
		expect((await post(body, { authorization: 'Bearer nope' })).content).toEqual({
			error: 'unauthorized',
			message: 'unauthorized: send Authorization: Bearer <api_secret>, or sign the body (x-inbox-bridge-signature)',
		});
		expect((await post(body, { 'x-inbox-bridge-signature': 'garbage' })).content.error).toBe('signature_malformed');
		const legacy = `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${canonicalJson(body)}`).digest('hex')}`;
		expect((await post(body, { 'x-inbox-bridge-signature': legacy })).content.error).toBe('signature_nonce_missing');
		expect((await post(body, signed(body, { t: t - 600 }))).content.error).toBe('signature_expired');
		expect((await post(body, signed(body, { secret: 'wrong' }))).content.error).toBe('signature_mismatch');
		const once = signed(body);
		expect((await post(body, once)).status).toBe(200);
		const replay = await post(body, once);
		expect(replay).toEqual({ status: 401, content: { error: 'signature_replayed', message: 'this signed request was already used (replay); sign each request with a new nonce' } });
		expect((await post(body, {}, 'callbell-webhook')).content.error).toBe('unauthorized');
	});

	it('each Callbell signature problem (401, callbell_signature_enforce on) has its own code', async () => {
		const SIGNING = 'whsec_ZW5kcG9pbnQtZXJyb3JzLXNpZ25pbmc';
		await demo.host.setSetting('callbell_signing_secret', SIGNING);
		await demo.host.setSetting('callbell_signature_enforce', true);
		try {
			const body = { event: 'agent_status_updated', payload: { email: 'alice@demo.test', available: true } };
			const raw = JSON.stringify(body);
			const t = Math.floor(Date.now() / 1000);
			const hook = (headers: Record<string, string>) => post(body, headers, 'callbell-webhook', { secret: 'demo-webhook-secret' });
			expect(await hook({})).toEqual({ status: 401, content: { error: 'callbell_signature_missing', message: 'X-Callbell-Signature is missing (callbell_signature_enforce is on)' } });
			expect(await hook({ 'x-callbell-signature': 'v1=nope' })).toEqual({ status: 401, content: { error: 'callbell_signature_malformed', message: 'X-Callbell-Signature must be t=<unix seconds>,v1=<hex hmac>' } });
			expect(await hook({ 'x-callbell-signature': callbellSignature(SIGNING, t - 400, raw) })).toEqual({
				status: 401,
				content: { error: 'callbell_signature_expired', message: "the X-Callbell-Signature time is more than 300 s away from the server's clock" },
			});
			const mismatch = await hook({ 'x-callbell-signature': callbellSignature('whsec_other', t, raw) });
			expect(mismatch.status).toBe(401);
			expect(mismatch.content.error).toBe('callbell_signature_mismatch');
			expect((await hook({ 'x-callbell-signature': callbellSignature(SIGNING, t, raw) })).status).toBe(200);
		} finally {
			await demo.host.setSetting('callbell_signature_enforce', false);
			await demo.host.setSetting('callbell_signing_secret', '');
		}
	});

	it('body_too_large (413) and disabled (403)', async () => {
		expect(await post({ user: 'alice', status: 'busy', text: 'x'.repeat(20000) })).toEqual({ status: 413, content: { error: 'body_too_large', message: 'the body is over 16384 bytes' } });
		await demo.host.setSetting('api_secret', '');
		try {
			expect(await post({ user: 'alice', status: 'busy' })).toEqual({ status: 403, content: { error: 'disabled', message: 'this endpoint is disabled (setting api_secret is empty)' } });
		} finally {
			await demo.host.setSetting('api_secret', SECRET);
		}
	});

	it('every code was answered by one of the requests above', () => {
		expect([...seen].sort()).toEqual([...ENDPOINT_ERRORS].sort());
	});
});
