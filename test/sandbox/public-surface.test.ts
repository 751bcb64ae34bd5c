import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Demo, startDemo } from '../../sandbox/demo';
import { DEMO } from '../../sandbox/simulators';

/**
 * Where a stranger or a misbehaving vendor reaches the app (issue 9): its HTTP endpoints and the
 * answers to its outgoing calls. Every case attacks the packaged app in the engine.
 */

/** The body that kills the 1.62 runtime: `JSON.parse` keeps `__proto__` as an own key, as Rocket.Chat's body parser does. */
const PROTO_WEBHOOK = '{"email":"x@y.z","available":true,"__proto__":{}}';

/** An HTTP server on another loopback address: "another origin" that records what reached it. */
async function startCatcher(): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close(): Promise<void> }> {
	const seen: http.IncomingHttpHeaders[] = [];
	const server = http.createServer((req, res) => {
		seen.push(req.headers);
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"message":"caught"}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.2:${port}`, seen, close: () => new Promise((r) => server.close(() => r())) };
}

describe('the public surface', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual', settings: { http_timeout_ms: 3000 } });
	});
	afterAll(() => demo.stop());
	afterEach(() => demo.host.assertNoErrors());

	const alive = async () => {
		const reply = await demo.host.as('admin').run('/inbox-bridge help');
		expect(reply.text).toContain('/st busy');
	};

	describe('endpoints are private: a stranger never reaches the runtime', () => {
		it('the bot endpoint and the webhook are registered at private URLs carrying the installation hash', () => {
			for (const path of ['status', 'callbell-webhook']) {
				const url = demo.host.api.url(path);
				expect(url).toMatch(new RegExp(`^/api/apps/private/${demo.host.appId}/[^/]+/${path}$`));
				expect(url).not.toContain(`/${demo.host.appId}/${demo.host.appId}/`);
			}
		});

		it('a "__proto__" body at the public URL is refused by the server (404) and the app keeps running', async () => {
			const res = await demo.host.api.request('POST', demo.host.api.publicUrl('callbell-webhook'), { raw: PROTO_WEBHOOK, query: { secret: 'demo-webhook-secret' } });
			expect(res.status).toBe(404);
			await alive();
		});

		it('so is one at a private URL with a guessed hash, and the status endpoint likewise', async () => {
			for (const path of ['callbell-webhook', 'status']) {
				const guessed = `/api/apps/private/${demo.host.appId}/${demo.host.appId}/${path}`;
				expect((await demo.host.api.request('POST', guessed, { raw: PROTO_WEBHOOK })).status).toBe(404);
				expect((await demo.host.api.request('POST', demo.host.api.publicUrl(path), { raw: PROTO_WEBHOOK })).status).toBe(404);
			}
			await alive();
		});

		it('the private URLs work, and /inbox-bridge health and the settings page show them with the server address', async () => {
			const hook = { email: 'alice@demo.test', available: false, userCustomStatus: null };
			expect((await demo.host.api.post('callbell-webhook', hook, {}, { secret: 'demo-webhook-secret' })).status).toBe(200);
			const health = await demo.host.as('admin').run('/inbox-bridge health');
			const site = String(demo.world.serverSettings.get('Site_Url')?.value);
			expect(health.text).toContain(`${site}${demo.host.api.url('status')}`);
			expect(health.text).toContain(`${site}${demo.host.api.url('callbell-webhook')}`);
			expect(health.text).not.toContain('/api/apps/public/');
			// and where admins configure the app: the setting the app fills in on enable
			expect(demo.host.setting('endpoint_urls')).toBe(`status: ${site}${demo.host.api.url('status')}\ncallbell-webhook: ${site}${demo.host.api.url('callbell-webhook')}`);
		});
	});

	describe('vendor answers never carry "__proto__" into the runtime', () => {
		it('a BotPenguin 2xx with a "__proto__" key: /lead-close succeeds and the app keeps running', async () => {
			const uuid = randomUUID();
			demo.sims.botpenguin.answerNext(1, { status: 200, body: '{"success":true,"message":"Lead updated","__proto__":{"polluted":true}}' });
			const reply = await demo.host.as('alice').run(`/lead-close ${uuid}`);
			expect(reply.text).toContain(`Lead ${uuid}: closed at BotPenguin`);
			await alive();
		});

		it('a Callbell error body with a nested "__proto__": the failure is reported and the app keeps running', async () => {
			demo.sims.callbell.answerNext(1, { status: 422, body: '{"error":{"message":"bad status","__proto__":{"x":1}},"meta":{"__proto__":null}}' });
			const reply = await demo.host.as('alice').run('/st busy Proto test');
			expect(reply.text).toContain('bad status');
			await alive();
		});
	});

	describe('outgoing calls go only where an admin meant them to', () => {
		it.each(['https://169.254.169.254', 'https://10.0.0.5:8443', 'https://metadata.google.internal', 'http://localhost:27017', 'http://127.0.0.1:3000'])(
			'%s is refused as a base URL while allow_private_hosts is off',
			async (target) => {
				const before = demo.host.setting('botpenguin_base_url');
				await demo.host.setSetting('allow_private_hosts', false);
				try {
					await demo.host.setSetting('botpenguin_base_url', target);
					expect(demo.host.setting('botpenguin_base_url')).toBe(before);
					await demo.host.setSetting('callbell_base_url', `${target}/v1`);
					expect(demo.host.setting('callbell_base_url')).toBe(demo.sims.callbell.url);
				} finally {
					await demo.host.setSetting('allow_private_hosts', true);
					await demo.host.setSetting('botpenguin_base_url', demo.sims.botpenguin.url);
					await demo.host.setSetting('callbell_base_url', demo.sims.callbell.url);
				}
			},
		);

		it('a private base URL saved while allowed is not called once allow_private_hosts is turned off', async () => {
			demo.sims.botpenguin.clear();
			await demo.host.setSetting('allow_private_hosts', false);
			try {
				const reply = await demo.host.as('alice').run(`/lead-close ${randomUUID()}`);
				expect(reply.text).toContain('botpenguin_base_url');
				expect(demo.sims.botpenguin.requests).toHaveLength(0);
			} finally {
				await demo.host.setSetting('allow_private_hosts', true);
			}
		});

		it('a 307 from BotPenguin to a private address is not followed: x-bp-token stays home and the failure is reported', async () => {
			const catcher = await startCatcher();
			try {
				demo.sims.botpenguin.answerNext(1, { status: 307, headers: { location: `${catcher.url}/inbox/direct/lead` } });
				const reply = await demo.host.as('alice').run(`/lead-close ${randomUUID()}`);
				expect(catcher.seen).toEqual([]);
				expect(reply.text).not.toContain('closed at BotPenguin');
				expect(reply.text).toContain('BotPenguin');
				await alive();
			} finally {
				await catcher.close();
			}
		});
	});

	describe('secrets stay secret in every encoding', () => {
		// Characters each encoding changes: quotes, < > &, space, +, /, =, non-ASCII, both letter cases.
		const SECRET = `Tok"en <&> +/=é Ü'x`;
		const json = (s: string) => JSON.stringify(s).slice(1, -1);
		const spellings: Record<string, string> = {
			raw: SECRET,
			url: encodeURIComponent(SECRET),
			form: new URLSearchParams({ t: SECRET }).toString().slice(2),
			json: json(SECRET),
			'json-ascii': json(SECRET).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
			html: SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
			upper: SECRET.toUpperCase(),
			lower: SECRET.toLowerCase(),
		};

		it('a vendor echoing the token in any spelling: no spelling reaches replies, persistence (outbox, audit) or logs', async () => {
			await demo.host.setSetting('botpenguin_lead_token', SECRET);
			const texts: string[] = [];
			try {
				for (const [name, spelling] of Object.entries(spellings)) {
					demo.sims.botpenguin.failNext(1, 400, { message: `token ${spelling} is not valid (${name})` });
					texts.push(...(await demo.host.as('alice').run(`/lead-close ${randomUUID()}`)).texts);
					demo.sims.botpenguin.failNext(1, 503, { message: `upstream saw ${spelling}` });
					texts.push(...(await demo.host.as('alice').run(`/lead-close ${randomUUID()}`)).texts);
				}
				texts.push(...(await demo.host.as('admin').run('/inbox-bridge queue')).texts);
				texts.push(...(await demo.host.as('admin').run('/inbox-bridge audit 100')).texts);
			} finally {
				await demo.host.setSetting('botpenguin_lead_token', DEMO.botpenguinLeadToken);
			}
			// the vendor's words did reach the replies, minus the token
			expect(texts.join('\n')).toContain('is not valid (json)');
			const places: Record<string, string> = {
				replies: texts.join('\n'),
				persistence: JSON.stringify([...demo.world.persistence.values()].map((r) => r.data)),
				logs: JSON.stringify(demo.world.logs),
			};
			const leaks: string[] = [];
			for (const [where, text] of Object.entries(places)) {
				for (const [name, spelling] of Object.entries(spellings)) if (text.toLowerCase().includes(spelling.toLowerCase())) leaks.push(`${name} in ${where}`);
			}
			expect(leaks).toEqual([]);
		});
	});
});
