import { DEMO_SECRETS } from '../../sandbox/demo';
import { signRequest } from '../../scripts/sign';
import { demoPerTest } from './fixtures';

/**
 * The sandbox serves the app's endpoints over real HTTP at exactly the URLs `/inbox-bridge health`
 * prints (the server's Site_Url, which is the Rocket.Chat simulator's port), as Rocket.Chat's api
 * bridge hands them to the engine: what docs/try-the-bot-endpoint.md tells a newcomer to curl.
 */
describe('the app endpoints over HTTP, at the URLs health prints', () => {
	const demo = demoPerTest();

	/** The URL health prints for `path` (the line `• \`path\`: URL`). */
	const printed = async (path: string): Promise<string> => {
		const health = await demo().host.as('admin').run('/inbox-bridge health');
		const url = new RegExp(`\`${path}\`: (http\\S+)`).exec(health.text)?.[1];
		if (!url) throw new Error(`health printed no URL for ${path}:\n${health.text}`);
		return url;
	};
	const post = (url: string, body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

	it('POST with the demo secret as Bearer: 200, the JSON answer, and the status applied', async () => {
		const url = await printed('status');
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/apps\/private\/[^/]+\/[^/]+\/status$/);
		const res = await post(url, JSON.stringify({ user: 'bob', status: 'away', text: 'At lunch' }), { authorization: `Bearer ${DEMO_SECRETS.apiSecret}` });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^application\/json/);
		expect(await res.json()).toMatchObject({ ok: true, user: 'bob', rocketchat: { state: 'done', status: 'away', text: 'At lunch' } });
		expect(demo().host.user('bob')).toMatchObject({ status: 'away', statusText: 'At lunch' });
	});

	it('POST signed by `npm run sign` (no secret on the wire): 200 once; the same header again is a replay (401)', async () => {
		const url = await printed('status');
		const body = JSON.stringify({ user: 'bob', status: 'busy', text: 'Signed over HTTP' });
		const { header } = signRequest(body, DEMO_SECRETS.apiSecret, url);
		const [name, value] = [header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1).trim()];
		const first = await post(url, body, { [name]: value });
		expect(first.status).toBe(200);
		expect(demo().host.user('bob')).toMatchObject({ status: 'busy', statusText: 'Signed over HTTP' });
		const again = await post(url, body, { [name]: value });
		expect(again.status).toBe(401);
		expect(await again.json()).toMatchObject({ error: 'signature_replayed' });
	});

	it('refuses what Rocket.Chat refuses: a wrong secret (401 from the app), a guessed hash and the public form (404 from the server)', async () => {
		const url = await printed('status');
		const body = JSON.stringify({ user: 'bob', status: 'offline' });
		expect((await post(url, body, { authorization: 'Bearer wrong' })).status).toBe(401);
		const guessed = url.replace(/\/private\/([^/]+)\/[^/]+\//, '/private/$1/guessed-hash/');
		expect((await post(guessed, body, { authorization: `Bearer ${DEMO_SECRETS.apiSecret}` })).status).toBe(404);
		const publicForm = url.replace(/\/private\/([^/]+)\/[^/]+\//, '/public/$1/');
		expect((await post(publicForm, body, { authorization: `Bearer ${DEMO_SECRETS.apiSecret}` })).status).toBe(404);
		expect(demo().host.user('bob').status).not.toBe('offline');
	});

	it('the Callbell webhook at its printed URL with ?secret=: the agent’s status follows Callbell', async () => {
		const url = await printed('callbell-webhook');
		const event = { email: 'alice@demo.test', name: 'Alice Agent', available: false, lastUpdatedAt: new Date().toISOString(), userCustomStatus: null };
		const res = await post(`${url}?secret=${DEMO_SECRETS.callbellWebhookSecret}`, JSON.stringify(event), {});
		expect(res.status).toBe(200);
		expect(demo().host.user('alice').status).toBe('away');
	});

	it('with public_endpoints on, health prints the public form and it answers over HTTP', async () => {
		await demo().host.setSetting('public_endpoints', true);
		// the engine reads the visibility when it configures the app: on enable or a server start
		await demo().restart({ timers: 'manual' });
		const url = await printed('status');
		expect(url).toMatch(/\/api\/apps\/public\/[^/]+\/status$/);
		const res = await post(url, JSON.stringify({ user: 'bob', status: 'away' }), { authorization: `Bearer ${DEMO_SECRETS.apiSecret}` });
		expect(res.status).toBe(200);
		expect(demo().host.user('bob').status).toBe('away');
	});
});
