/**
 * Contract tests of the local vendor simulators (sandbox/simulators): success shapes, contract
 * violations rejected, rate limiting, fault knobs, request log and state inspectors.
 */
import AdmZip from 'adm-zip';
import {
	type AllSims,
	BotPenguinSim,
	CallbellSim,
	DEMO,
	OBJECT_ID_MESSAGE,
	RC_UNAUTHORIZED_PERMISSION_ERROR,
	RocketChatSim,
	demoBotPenguinOptions,
	demoCallbellOptions,
	demoRocketChatOptions,
	startAll,
	startBotPenguin,
	startCallbell,
	startReekolect,
	startRocketChat,
} from '../../sandbox/simulators';
import { sleep } from '../sandbox/fixtures';

jest.setTimeout(20_000);

interface Answer {
	status: number;
	headers: Headers;
	json: unknown;
	text: string;
}

async function call(
	url: string,
	init: { method?: string; headers?: Record<string, string>; body?: string | FormData; signal?: AbortSignal } = {},
): Promise<Answer> {
	const res = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, signal: init.signal });
	const text = await res.text();
	let json: unknown = undefined;
	try {
		json = text ? (JSON.parse(text) as unknown) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, json, text };
}


// ------------------------------------------------------------------------------------------------
// BotPenguin

const LEAD = {
	uuid: '7e88d192-9b20-4035-9b68-d4ac3d58a34f',
	botId: DEMO.botId,
	customerId: DEMO.customerId,
};

describe('BotPenguin simulator', () => {
	let bp: BotPenguinSim;
	const leadUrl = () => `${bp.url}/inbox/direct/lead`;
	const contactUrl = () => `${bp.url}/inbox/users/status-update`;
	const leadHeaders = { 'x-bp-token': DEMO.botpenguinLeadToken, 'content-type': 'application/json' };
	const contactHeaders = {
		authorization: `Bearer ${DEMO.botpenguinApiKey}`,
		authtype: 'Key',
		'content-type': 'application/json',
	};
	const putLead = (body: unknown, headers: Record<string, string> = leadHeaders) =>
		call(leadUrl(), { method: 'PUT', headers, body: JSON.stringify(body) });
	const putContacts = (body: unknown, headers: Record<string, string> = contactHeaders) =>
		call(contactUrl(), { method: 'PUT', headers, body: JSON.stringify(body) });

	beforeAll(async () => {
		bp = await startBotPenguin(demoBotPenguinOptions());
	});
	afterAll(() => bp.close());
	beforeEach(() => bp.resetAll());

	it('listens on 127.0.0.1 with a random port and the documented default limit', () => {
		expect(bp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(bp.port).toBeGreaterThan(0);
		expect(bp.rateLimit).toEqual({ limit: 100, windowMs: 60_000 });
	});

	it('upserts a lead and answers the documented success shape; notes append, tags/attributes merge', async () => {
		const first = await putLead({
			...LEAD,
			agentId: DEMO.agentId,
			name: 'John Doe',
			email: 'john@example.com',
			phone: '9876543210',
			dialCode: '+91',
			notes: [{ title: 'Follow up', description: 'Called on Monday' }],
			status: 'OPEN',
			picture: 'https://example.com/avatar.jpg',
			tags: ['lead', 'demo'],
			attributes: [{ key: 'plan', value: 'pro' }],
		});
		expect(first.status).toBe(200);
		expect(first.json).toEqual({ success: true, message: 'ok', code: 200 });

		const second = await putLead({
			...LEAD,
			status: 'CLOSED',
			notes: [{ title: 'Closed', description: 'Done' }],
			tags: ['demo', 'won'],
			attributes: [
				{ key: 'plan', value: 'enterprise' },
				{ key: 'seats', value: '10' },
			],
		});
		expect(second.status).toBe(200);

		const lead = bp.state.leads.get(LEAD.uuid);
		expect(lead).toBeDefined();
		expect(lead).toMatchObject({
			uuid: LEAD.uuid,
			name: 'John Doe',
			status: 'CLOSED',
			dialCode: '+91',
			agentId: DEMO.agentId,
			tags: ['lead', 'demo', 'won'],
			attributes: { plan: 'enterprise', seats: '10' },
			updates: 2,
		});
		expect(lead?.notes).toEqual([
			{ title: 'Follow up', description: 'Called on Monday' },
			{ title: 'Closed', description: 'Done' },
		]);
	});

	it('rejects a missing or wrong x-bp-token with 401 in the lead error shape', async () => {
		const missing = await putLead(LEAD, { 'content-type': 'application/json' });
		expect(missing.status).toBe(401);
		expect(missing.json).toMatchObject({ success: false, code: 401 });
		expect(typeof (missing.json as { message: unknown }).message).toBe('string');

		const wrong = await putLead(LEAD, { ...leadHeaders, 'x-bp-token': 'nope' });
		expect(wrong.status).toBe(401);

		// the contact key is not a lead token
		const bearerOnly = await putLead(LEAD, { ...contactHeaders });
		expect(bearerOnly.status).toBe(401);
		expect(bp.state.leads.size).toBe(0);
	});

	it('checks auth before the body: a broken body answers 401 without a token and 400 with one', async () => {
		const bad = { uuid: '', unknownField: 1 };
		expect((await putLead(bad, { 'content-type': 'application/json' })).status).toBe(401);
		expect((await putLead(bad)).status).toBe(400);
		const notJson = await call(leadUrl(), { method: 'PUT', headers: { 'x-bp-token': 'wrong' }, body: '{oops' });
		expect(notJson.status).toBe(401);
	});

	const invalidLeads: Array<[string, Record<string, unknown>, string | null]> = [
		['status outside the enum', { ...LEAD, status: 'DONE' }, null],
		['lowercase status', { ...LEAD, status: 'open' }, null],
		['botId not an ObjectId', { ...LEAD, botId: 'bot-1' }, OBJECT_ID_MESSAGE],
		['customerId not an ObjectId', { ...LEAD, customerId: '5fed38e56fb193dcc6c933f' }, OBJECT_ID_MESSAGE],
		['agentId not an ObjectId', { ...LEAD, agentId: 'agent@example.com' }, OBJECT_ID_MESSAGE],
		['botId as number', { ...LEAD, botId: 12 }, OBJECT_ID_MESSAGE],
		['unknown field', { ...LEAD, priority: 'high' }, null],
		['missing uuid', { botId: LEAD.botId, customerId: LEAD.customerId }, null],
		['empty uuid', { ...LEAD, uuid: '  ' }, null],
		['missing botId', { uuid: LEAD.uuid, customerId: LEAD.customerId }, null],
		['dialCode without +', { ...LEAD, dialCode: '91' }, null],
		['dialCode with letters', { ...LEAD, dialCode: '+9a' }, null],
		['picture not a URL', { ...LEAD, picture: 'avatar.jpg' }, null],
		['picture not http(s)', { ...LEAD, picture: 'ftp://example.com/a.jpg' }, null],
		['note without description', { ...LEAD, notes: [{ title: 'x' }] }, null],
		['note with extra field', { ...LEAD, notes: [{ title: 'x', description: 'y', at: 1 }] }, null],
		['attribute value not a string', { ...LEAD, attributes: [{ key: 'seats', value: 10 }] }, null],
		['tags not strings', { ...LEAD, tags: ['a', 1] }, null],
		['name not a string', { ...LEAD, name: null }, null],
	];
	it.each(invalidLeads)('rejects a lead with %s (400, nothing applied)', async (_label, body, message) => {
		const res = await putLead(body);
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ success: false, code: 400 });
		if (message) expect((res.json as { message: string }).message).toBe(message);
		expect(bp.state.leads.size).toBe(0);
	});

	it('requires Content-Type application/json on the lead endpoint', async () => {
		const res = await call(leadUrl(), {
			method: 'PUT',
			headers: { 'x-bp-token': DEMO.botpenguinLeadToken, 'content-type': 'text/plain' },
			body: JSON.stringify(LEAD),
		});
		expect(res.status).toBe(400);
		expect(bp.state.leads.size).toBe(0);
	});

	it('answers 404 for a wrong method or path', async () => {
		expect((await call(leadUrl(), { method: 'POST', headers: leadHeaders, body: JSON.stringify(LEAD) })).status).toBe(404);
		expect((await call(`${bp.url}/inbox/lead`, { method: 'PUT', headers: leadHeaders, body: JSON.stringify(LEAD) })).status).toBe(
			404,
		);
	});

	it('marks contacts DELETED and answers the documented success shape', async () => {
		const [a, b, c] = DEMO.contactIds;
		expect(bp.state.contacts.get(a)).toBe('ACTIVE');
		const res = await putContacts({ ids: [a, b], status: 'DELETED' });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ success: true, message: '', code: 200 });
		expect(bp.state.contacts.get(a)).toBe('DELETED');
		expect(bp.state.contacts.get(b)).toBe('DELETED');
		expect(bp.state.contacts.get(c)).toBe('ACTIVE');
		expect(bp.state.contactUpdates).toHaveLength(1);
		expect(bp.state.contactUpdates[0]).toMatchObject({ ids: [a, b], status: 'DELETED', key: DEMO.botpenguinApiKey });
	});

	it('rejects contact requests without Bearer, without authtype or with a wrong authtype (401, error shape)', async () => {
		const body = { ids: [DEMO.contactIds[0]], status: 'DELETED' };
		const noBearer = await putContacts(body, { authtype: 'Key', 'content-type': 'application/json' });
		expect(noBearer.status).toBe(401);
		expect(noBearer.json).toMatchObject({ success: false, error: { code: 'UNAUTHORIZED', statusCode: 401 } });

		const noAuthtype = await putContacts(body, {
			authorization: `Bearer ${DEMO.botpenguinApiKey}`,
			'content-type': 'application/json',
		});
		expect(noAuthtype.status).toBe(401);

		const wrongAuthtype = await putContacts(body, { ...contactHeaders, authtype: 'Token' });
		expect(wrongAuthtype.status).toBe(401);

		const leadToken = await putContacts(body, { 'x-bp-token': DEMO.botpenguinLeadToken, 'content-type': 'application/json' });
		expect(leadToken.status).toBe(401);
		expect(bp.state.contacts.get(DEMO.contactIds[0])).toBe('ACTIVE');
	});

	const invalidContacts: Array<[string, Record<string, unknown>, string | null]> = [
		['status other than DELETED', { ids: [DEMO.contactIds[0]], status: 'ACTIVE' }, null],
		['missing status', { ids: [DEMO.contactIds[0]] }, null],
		['id not an ObjectId', { ids: ['contact-1'], status: 'DELETED' }, OBJECT_ID_MESSAGE],
		['ids not an array', { ids: DEMO.contactIds[0], status: 'DELETED' }, null],
		['empty ids', { ids: [], status: 'DELETED' }, null],
		['unknown field', { ids: [DEMO.contactIds[0]], status: 'DELETED', force: true }, null],
		['subscriberIds (not supported by BotPenguin)', { ids: [DEMO.contactIds[0]], status: 'DELETED', subscriberIds: [] }, null],
	];
	it.each(invalidContacts)('rejects a contact update with %s (400 error shape, nothing applied)', async (_l, body, message) => {
		const res = await putContacts(body);
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', statusCode: 400 } });
		if (message) expect((res.json as { error: { message: string } }).error.message).toBe(message);
		expect([...bp.state.contacts.values()].every((s) => s === 'ACTIVE')).toBe(true);
	});

	it('answers 404 when any id is unknown and applies nothing', async () => {
		const unknown = 'aaaaaaaaaaaaaaaaaaaaaaaa';
		const res = await putContacts({ ids: [DEMO.contactIds[0], unknown], status: 'DELETED' });
		expect(res.status).toBe(404);
		expect(res.json).toMatchObject({
			success: false,
			error: { code: 'NOT_FOUND', message: 'One or more User IDs not found', statusCode: 404 },
		});
		expect(bp.state.contacts.get(DEMO.contactIds[0])).toBe('ACTIVE');
		expect(bp.state.contacts.has(unknown)).toBe(false);
		expect(bp.state.contactUpdates).toHaveLength(0);

		bp.seedContacts([unknown]);
		expect((await putContacts({ ids: [unknown], status: 'DELETED' })).status).toBe(200);
		bp.resetState();
		expect(bp.state.contacts.get(unknown)).toBe('ACTIVE'); // seeded ids survive resetState
	});

	it('limits per token with 429 + Retry-After, applies nothing when limited, and recovers after the window', async () => {
		bp.setRateLimit({ limit: 3, windowMs: 1_000 });
		for (let i = 0; i < 3; i++) expect((await putLead({ ...LEAD, uuid: `lead-${i}` })).status).toBe(200);
		const limited = await putLead({ ...LEAD, uuid: 'lead-limited' });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(limited.json).toMatchObject({ success: false, code: 429 });
		expect(bp.state.leads.has('lead-limited')).toBe(false);
		expect(bp.requests.at(-1)).toMatchObject({ status: 429, rateLimited: true });

		// another token has its own window
		expect((await putContacts({ ids: [DEMO.contactIds[0]], status: 'DELETED' })).status).toBe(200);

		await sleep(1_050);
		expect((await putLead({ ...LEAD, uuid: 'lead-after' })).status).toBe(200);
		expect(bp.state.leads.has('lead-after')).toBe(true);
	});

	it('Retry-After rounds the remaining window up to whole seconds', async () => {
		bp.setRateLimit({ limit: 1, windowMs: 2_500 });
		expect((await putLead(LEAD)).status).toBe(200);
		const limited = await putLead(LEAD);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('3');
	});

	it('latencyMs delays the answer measurably', async () => {
		bp.setFaults({ latencyMs: 200 });
		const t0 = Date.now();
		const res = await putLead(LEAD);
		expect(res.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
	});

	it('failNext(n, status) answers that status n times without applying, then recovers', async () => {
		bp.failNext(2, 500);
		const a = await putLead(LEAD);
		const b = await putContacts({ ids: [DEMO.contactIds[0]], status: 'DELETED' });
		expect(a.status).toBe(500);
		expect(a.json).toMatchObject({ success: false, code: 500 });
		expect(b.status).toBe(500);
		expect(b.json).toMatchObject({ success: false, error: { statusCode: 500 } });
		expect(bp.state.leads.size).toBe(0);
		expect(bp.state.contacts.get(DEMO.contactIds[0])).toBe('ACTIVE');
		expect((await putLead(LEAD)).status).toBe(200);

		bp.failNext(1, 429, { retryAfterSec: 7 });
		const limited = await putLead(LEAD);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');

		bp.failNext(1, 401);
		expect((await putLead(LEAD)).status).toBe(401);
		expect(bp.state.leads.get(LEAD.uuid)?.updates).toBe(1);
		expect(bp.requests.filter((r) => r.fault === 'failNext')).toHaveLength(4);
	});

	it('errorRate 1 answers 500 and applies nothing; 0 answers normally', async () => {
		bp.setFaults({ errorRate: 1 });
		const res = await putLead(LEAD);
		expect(res.status).toBe(500);
		expect(bp.state.leads.size).toBe(0);
		expect(bp.requests.at(-1)?.fault).toBe('errorRate');
		bp.setFaults({ errorRate: 0 });
		expect((await putLead(LEAD)).status).toBe(200);
	});

	it('hang keeps the request open until the client gives up (hangNext and the hang switch)', async () => {
		const timedOut = async (): Promise<unknown> =>
			call(leadUrl(), { method: 'PUT', headers: leadHeaders, body: JSON.stringify(LEAD), signal: AbortSignal.timeout(300) }).then(
				() => null,
				(e: unknown) => e,
			);
		bp.hangNext(1);
		const t0 = Date.now();
		const err = await timedOut();
		expect((err as Error).name).toBe('TimeoutError');
		expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
		expect(bp.requests[0]).toMatchObject({ fault: 'hang', status: 0, answeredAt: null });
		expect(bp.state.leads.size).toBe(0);
		// only the next one hung
		expect((await putLead(LEAD)).status).toBe(200);

		bp.setFaults({ hang: true });
		expect(((await timedOut()) as Error).name).toBe('TimeoutError');
		expect(((await timedOut()) as Error).name).toBe('TimeoutError');
		bp.setFaults({ hang: false });
		expect((await putLead(LEAD)).status).toBe(200);
		expect(bp.state.leads.get(LEAD.uuid)?.updates).toBe(2);
	});

	it('reset destroys the socket so fetch fails', async () => {
		bp.resetNext(1);
		const err = await putLead(LEAD).then(
			() => null,
			(e: unknown) => e,
		);
		// errors come from another realm under jest: compare by name, not instanceof
		expect((err as Error).name).toBe('TypeError');
		expect((err as Error).message).toBe('fetch failed');
		expect(bp.requests.at(-1)?.fault).toBe('reset');
		expect(bp.state.leads.size).toBe(0);
		expect((await putLead(LEAD)).status).toBe(200);
	});

	it('records every request with method, path, headers, parsed body, status and time', async () => {
		const before = Date.now();
		await putLead({ ...LEAD, name: 'Recorded' });
		await putLead({ nope: true }, { 'content-type': 'application/json' });
		expect(bp.requests).toHaveLength(2);
		const [ok, unauthorized] = bp.requests;
		expect(ok).toMatchObject({
			sim: 'botpenguin',
			method: 'PUT',
			path: '/inbox/direct/lead',
			status: 200,
			body: { ...LEAD, name: 'Recorded' },
		});
		expect(ok.headers['x-bp-token']).toBe(DEMO.botpenguinLeadToken);
		expect(ok.at).toBeGreaterThanOrEqual(before);
		expect(unauthorized.status).toBe(401);
		expect(await bp.waitForRequest((r) => r.status === 401)).toBe(unauthorized);
		bp.clear();
		expect(bp.requests).toHaveLength(0);
		expect(bp.state.leads.size).toBe(1);
		bp.resetState();
		expect(bp.state.leads.size).toBe(0);
	});
});

describe('simulator close()', () => {
	it('destroys hanging sockets promptly', async () => {
		const sim = await startBotPenguin(demoBotPenguinOptions());
		sim.setFaults({ hang: true });
		const pending = call(`${sim.url}/inbox/direct/lead`, {
			method: 'PUT',
			headers: { 'x-bp-token': DEMO.botpenguinLeadToken, 'content-type': 'application/json' },
			body: JSON.stringify(LEAD),
		}).then(
			() => 'answered',
			() => 'failed',
		);
		await sim.waitForRequest((r) => r.fault === 'hang', 2_000);
		// A hanging request is never answered: close() returning at all (within the test's timeout) is the proof.
		await sim.close();
		expect(await pending).toBe('failed');
	});

	it('cuts a pending latency short', async () => {
		const sim = await startBotPenguin(demoBotPenguinOptions());
		sim.setFaults({ latencyMs: 30_000 });
		const pending = call(`${sim.url}/inbox/direct/lead`, { method: 'PUT' }).then(
			() => 'answered',
			() => 'failed',
		);
		while (sim.requests.length === 0) await sleep(10); // recorded on arrival, answered only after the latency
		// The latency (30 s) outlasts the test's timeout (20 s): close() returning at all is the proof.
		await sim.close();
		expect(await pending).toBe('failed');
	});
});

describe('Reekolect (white label)', () => {
	let rk: BotPenguinSim;
	const url = () => `${rk.url}/inbox/users/status-update`;
	const headers = { authorization: `Bearer ${DEMO.reekolectApiKey}`, 'content-type': 'application/json' };
	beforeAll(async () => {
		rk = await startReekolect({ leadTokens: [DEMO.reekolectLeadToken], apiKeys: [DEMO.reekolectApiKey], contacts: [...DEMO.contactIds] });
	});
	afterAll(() => rk.close());
	beforeEach(() => rk.resetAll());

	it('accepts subscriberIds and records them', async () => {
		const res = await call(url(), {
			method: 'PUT',
			headers: { ...headers, authtype: 'Key' },
			body: JSON.stringify({ ids: [DEMO.contactIds[0]], status: 'DELETED', subscriberIds: [...DEMO.subscriberIds] }),
		});
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ success: true, message: '', code: 200 });
		expect(rk.state.contacts.get(DEMO.contactIds[0])).toBe('DELETED');
		expect(rk.state.subscribers.get(DEMO.subscriberIds[0])).toBe('DELETED');
		expect(rk.state.contactUpdates[0].subscriberIds).toEqual([...DEMO.subscriberIds]);
		expect(rk.requests[0].sim).toBe('reekolect');
	});

	it('validates subscriberIds as ObjectIds', async () => {
		const res = await call(url(), {
			method: 'PUT',
			headers,
			body: JSON.stringify({ ids: [DEMO.contactIds[0]], status: 'DELETED', subscriberIds: ['sub-1'] }),
		});
		expect(res.status).toBe(400);
		expect((res.json as { error: { message: string } }).error.message).toBe(OBJECT_ID_MESSAGE);
		expect(rk.state.contacts.get(DEMO.contactIds[0])).toBe('ACTIVE');
	});

	it('follows its own page: authtype optional, but must be Key when sent; Bearer still required', async () => {
		const body = JSON.stringify({ ids: [DEMO.contactIds[1]], status: 'DELETED' });
		expect((await call(url(), { method: 'PUT', headers: { ...headers, authtype: 'Bearer' }, body })).status).toBe(401);
		expect((await call(url(), { method: 'PUT', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
		expect((await call(url(), { method: 'PUT', headers, body })).status).toBe(200);
	});
});

// ------------------------------------------------------------------------------------------------
// Callbell

describe('Callbell simulator', () => {
	let cb: CallbellSim;
	const alice = DEMO.callbellUsers[0];
	const auth = { authorization: `Bearer ${DEMO.callbellToken}` };
	const json = { ...auth, 'content-type': 'application/json' };
	const statusUrl = (uuid: string) => `${cb.url}/users/${uuid}/status`;
	const put = (uuid: string, body: unknown, headers: Record<string, string> = json) =>
		call(statusUrl(uuid), { method: 'PUT', headers, body: JSON.stringify(body) });

	beforeAll(async () => {
		cb = await startCallbell(demoCallbellOptions());
	});
	afterAll(() => cb.close());
	beforeEach(() => cb.resetAll());

	it('serves under /v1 with the 300 req/s default limit', () => {
		expect(cb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
		expect(cb.rateLimit).toEqual({ limit: 300, windowMs: 1_000 });
	});

	it('PUT sets availability and custom status and answers user_status', async () => {
		const res = await put(alice.uuid, { available: false, custom_status_uuid: 'cb-cs-lunch' });
		expect(res.status).toBe(200);
		const body = res.json as {
			user_status: {
				custom_status: { id: string; name: string; last_updated_at: string } | null;
				appearance: { available: boolean; last_updated_at: string };
			};
		};
		expect(body.user_status.custom_status).toEqual({ id: 'cb-cs-lunch', name: 'Lunch', last_updated_at: expect.any(String) });
		expect(body.user_status.appearance).toEqual({ available: false, last_updated_at: expect.any(String) });
		expect(Number.isNaN(Date.parse(body.user_status.appearance.last_updated_at))).toBe(false);
		expect(cb.state.users.get(alice.uuid)).toMatchObject({ available: false, customStatusId: 'cb-cs-lunch' });

		const onlyAvailable = await put(alice.uuid, { available: true });
		expect(onlyAvailable.status).toBe(200);
		expect(cb.state.users.get(alice.uuid)).toMatchObject({ available: true, customStatusId: 'cb-cs-lunch' });

		const unassign = await put(alice.uuid, { custom_status_uuid: null });
		expect(unassign.status).toBe(200);
		expect((unassign.json as { user_status: { custom_status: unknown } }).user_status.custom_status).toBeNull();
		expect(cb.state.users.get(alice.uuid)?.customStatusId).toBeNull();
	});

	it('DELETE unassigns the custom status with the same answer shape', async () => {
		await put(alice.uuid, { custom_status_uuid: 'cb-cs-meeting' });
		const res = await call(statusUrl(alice.uuid), { method: 'DELETE', headers: auth });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			user_status: { custom_status: null, appearance: { available: true, last_updated_at: expect.any(String) } },
		});
		expect(cb.state.users.get(alice.uuid)?.customStatusId).toBeNull();
	});

	it('GET /custom_statuses lists the seeded statuses', async () => {
		const res = await call(`${cb.url}/custom_statuses`, { headers: auth });
		expect(res.status).toBe(200);
		const body = res.json as { customStatuses: Array<Record<string, unknown>>; meta: { total: number; page: number } };
		expect(body.meta).toEqual({ total: 3, page: 1 });
		expect(body.customStatuses[0]).toEqual({
			id: 'cb-cs-lunch',
			name: 'Lunch',
			emoji: '🍔',
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
		});
	});

	it('GET /auth/me validates the token', async () => {
		const ok = await call(`${cb.url}/auth/me`, { headers: auth });
		expect(ok.status).toBe(200);
		expect(ok.json).toEqual({ user: { ...DEMO.callbellAccount } });
		expect((await call(`${cb.url}/auth/me`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
		expect((await call(`${cb.url}/auth/me`, { headers: { authorization: DEMO.callbellToken } })).status).toBe(401);
		expect((await call(`${cb.url}/auth/me`)).status).toBe(401);
	});

	it('checks auth before the body', async () => {
		expect((await put('no-such-user', { bogus: 1 }, { 'content-type': 'application/json' })).status).toBe(401);
		expect((await put(alice.uuid, { bogus: 1 })).status).toBe(400);
	});

	const invalid: Array<[string, unknown]> = [
		['available as a string', { available: 'yes' }],
		['an unknown field', { available: true, status: 'away' }],
		['an empty body object', {}],
		['custom_status_uuid as a number', { custom_status_uuid: 5 }],
		['a JSON array', [{ available: true }]],
	];
	it.each(invalid)('rejects %s with 400 and applies nothing', async (_l, body) => {
		const res = await put(alice.uuid, body);
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ error: { status: 400 } });
		expect(cb.state.users.get(alice.uuid)).toMatchObject({ available: true, customStatusId: null });
	});

	it('rejects a non-JSON Content-Type', async () => {
		const res = await call(statusUrl(alice.uuid), {
			method: 'PUT',
			headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'available=false',
		});
		expect(res.status).toBe(400);
		expect(cb.state.users.get(alice.uuid)?.available).toBe(true);
	});

	it('answers 404 for an unknown user or custom status, applying nothing', async () => {
		expect((await put('no-such-user', { available: false })).status).toBe(404);
		const res = await put(alice.uuid, { available: false, custom_status_uuid: 'no-such-status' });
		expect(res.status).toBe(404);
		expect(cb.state.users.get(alice.uuid)).toMatchObject({ available: true, customStatusId: null });
		expect((await call(statusUrl('no-such-user'), { method: 'DELETE', headers: auth })).status).toBe(404);
	});

	it('rate limits per token with a scaled window', async () => {
		cb.setRateLimit({ limit: 5, windowMs: 1_000 });
		const results = await Promise.all(Array.from({ length: 7 }, () => put(alice.uuid, { available: false })));
		const statuses = results.map((r) => r.status).sort();
		expect(statuses.filter((s) => s === 200)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(2);
		const limited = results.find((r) => r.status === 429);
		expect(limited?.headers.get('retry-after')).toBe('1');
		await sleep(1_050);
		expect((await put(alice.uuid, { available: true })).status).toBe(200);
		expect(cb.state.users.get(alice.uuid)?.available).toBe(true);
	});

	it('failNext uses the Callbell error shape', async () => {
		cb.failNext(1, 503);
		const res = await put(alice.uuid, { available: false });
		expect(res.status).toBe(503);
		expect(res.json).toMatchObject({ error: { status: 503 } });
		expect(cb.state.users.get(alice.uuid)?.available).toBe(true);
	});
});

// ------------------------------------------------------------------------------------------------
// Rocket.Chat

describe('Rocket.Chat simulator', () => {
	let rc: RocketChatSim;
	const admin = { 'x-user-id': DEMO.rocketchatAdminUserId, 'x-auth-token': DEMO.rocketchatAdminToken };
	const agent = { 'x-user-id': DEMO.rocketchatUserId, 'x-auth-token': DEMO.rocketchatUserToken };
	const api = (path: string) => `${rc.url}/api/v1/${path}`;
	const postJson = (path: string, body: unknown, headers: Record<string, string> = admin) =>
		call(api(path), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

	beforeAll(async () => {
		rc = await startRocketChat(demoRocketChatOptions());
	});
	afterAll(() => rc.close());
	beforeEach(() => rc.resetAll());

	it('GET /api/v1/me answers for a valid user and 401 otherwise', async () => {
		const ok = await call(api('me'), { headers: admin });
		expect(ok.status).toBe(200);
		expect(ok.json).toMatchObject({ _id: DEMO.rocketchatAdminUserId, username: 'admin', success: true });
		const bad = await call(api('me'), { headers: { ...admin, 'x-auth-token': 'wrong' } });
		expect(bad.status).toBe(401);
		expect(bad.json).toEqual({ success: false, error: 'unauthorized' });
		expect((await call(api('me'), { headers: { 'x-auth-token': DEMO.rocketchatAdminToken } })).status).toBe(401);
	});

	it('lists custom statuses for any logged-in user', async () => {
		const res = await call(api('custom-user-status.list'), { headers: agent });
		expect(res.status).toBe(200);
		const body = res.json as { statuses: Array<{ _id: string; name: string; statusType: string }>; count: number; offset: number; total: number; success: boolean };
		expect(body).toMatchObject({ count: 2, offset: 0, total: 2, success: true });
		expect(body.statuses.map((s) => ({ _id: s._id, name: s.name, statusType: s.statusType }))).toEqual(
			expect.arrayContaining(DEMO.rocketchatStatuses.map((s) => ({ ...s }))),
		);
		const paged = await call(`${api('custom-user-status.list')}?offset=1&count=1`, { headers: agent });
		expect(paged.json).toMatchObject({ count: 1, offset: 1, total: 2 });
	});

	it('creates (JSON), updates (form-encoded, as in the spec curl) and deletes a custom status', async () => {
		const created = await postJson('custom-user-status.create', { name: 'Vacation', statusType: 'away' });
		expect(created.status).toBe(200);
		const cus = (created.json as { customUserStatus: { _id: string; name: string; statusType: string; _updatedAt: string } })
			.customUserStatus;
		expect(created.json).toEqual({
			customUserStatus: { _id: expect.any(String), name: 'Vacation', statusType: 'away', _updatedAt: expect.any(String) },
			success: true,
		});

		const form = new URLSearchParams({ _id: cus._id, name: 'Férias', statusType: 'busy' }).toString();
		const updated = await call(api('custom-user-status.update'), {
			method: 'POST',
			headers: { ...admin, 'content-type': 'application/x-www-form-urlencoded' },
			body: form,
		});
		expect(updated.status).toBe(200);
		expect(updated.json).toEqual({
			customUserStatus: { _id: cus._id, name: 'Férias', statusType: 'busy', _updatedAt: expect.any(String) },
			success: true,
		});
		expect(rc.state.statuses.get(cus._id)).toMatchObject({ name: 'Férias', statusType: 'busy' });
		expect(rc.requests.at(-1)?.body).toEqual({ _id: cus._id, name: 'Férias', statusType: 'busy' });

		const deleted = await postJson('custom-user-status.delete', { customUserStatusId: cus._id });
		expect(deleted.status).toBe(200);
		expect(deleted.json).toEqual({ success: true });
		expect(rc.state.statuses.has(cus._id)).toBe(false);
	});

	it('answers 403 without manage-user-status and changes nothing', async () => {
		const [lunch] = DEMO.rocketchatStatuses;
		const cases: Array<[string, unknown]> = [
			['custom-user-status.create', { name: 'X', statusType: 'away' }],
			['custom-user-status.update', { _id: lunch._id, name: 'X', statusType: 'away' }],
			['custom-user-status.delete', { customUserStatusId: lunch._id }],
		];
		for (const [path, body] of cases) {
			const res = await postJson(path, body, agent);
			expect(res.status).toBe(403);
			expect(res.json).toEqual({ success: false, error: RC_UNAUTHORIZED_PERMISSION_ERROR });
		}
		expect(rc.state.statuses.get(lunch._id)).toMatchObject({ name: 'Lunch', statusType: 'away' });
		expect(rc.state.statuses.size).toBe(2);
	});

	it.each(['>', '<', '&', '"', "'"])('rejects a name containing %s with 400', async (ch) => {
		const res = await postJson('custom-user-status.create', { name: `Out ${ch} about`, statusType: 'away' });
		expect(res.status).toBe(400);
		expect(res.json).toMatchObject({ success: false, error: expect.any(String) });
		expect(rc.state.statuses.size).toBe(2);
	});

	it('rejects duplicate names (case-insensitive), bad statusType, unknown _id, missing name and unknown fields', async () => {
		const [lunch, meeting] = DEMO.rocketchatStatuses;
		expect((await postJson('custom-user-status.create', { name: 'lunch', statusType: 'away' })).status).toBe(400);
		expect((await postJson('custom-user-status.create', { name: 'Gym', statusType: 'dnd' })).status).toBe(400);
		expect((await postJson('custom-user-status.update', { _id: meeting._id, name: 'LUNCH', statusType: 'busy' })).status).toBe(
			400,
		);
		// renaming a status to its own name in another case is fine
		expect((await postJson('custom-user-status.update', { _id: lunch._id, name: 'LUNCH', statusType: 'away' })).status).toBe(200);

		const unknown = await postJson('custom-user-status.update', { _id: 'SeZHHb77QXWRbnDh', name: 'Férias', statusType: 'busy' });
		expect(unknown.status).toBe(400);
		expect(unknown.json).toEqual({ success: false, error: 'No custom user status found with the id of "SeZHHb77QXWRbnDh".' });

		expect((await postJson('custom-user-status.update', { _id: meeting._id, statusType: 'busy' })).status).toBe(400);
		expect((await postJson('custom-user-status.create', { name: 'Gym', statusType: 'away', emoji: 'x' })).status).toBe(400);
		expect((await postJson('custom-user-status.delete', { customUserStatusId: 'nope' })).status).toBe(400);
		expect((await postJson('custom-user-status.delete', {})).status).toBe(400);
		expect([...rc.state.statuses.values()].map((s) => s.name).sort()).toEqual(['In a meeting', 'LUNCH']);
	});

	it('checks auth (401) before permissions (403) before the body (400)', async () => {
		const broken = { oops: true };
		expect((await postJson('custom-user-status.create', broken, {})).status).toBe(401);
		expect((await postJson('custom-user-status.create', broken, agent)).status).toBe(403);
		expect((await postJson('custom-user-status.create', broken, admin)).status).toBe(400);
	});

	function appZip(manifest: Record<string, unknown> | null): Buffer {
		const zip = new AdmZip();
		if (manifest) zip.addFile('app.json', Buffer.from(JSON.stringify(manifest)));
		zip.addFile('InboxBridgeApp.js', Buffer.from('module.exports = {};'));
		return zip.toBuffer();
	}
	function uploadForm(bytes: Buffer, field = 'app'): FormData {
		const form = new FormData();
		form.append(field, new Blob([bytes], { type: 'application/zip' }), 'inbox-bridge.zip');
		return form;
	}

	it('records app uploads (install and update) and answers with the app.json fields', async () => {
		const manifest = { id: '0d1c5e2a-5f5b-4a5e-9a36-9d1d2c0c7e11', name: 'Inbox Bridge', version: '0.1.0' };
		const zip = appZip(manifest);
		const res = await call(`${rc.url}/api/apps`, { method: 'POST', headers: admin, body: uploadForm(zip) });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ success: true, app: { ...manifest, status: 'initialized' } });
		expect(rc.state.uploads).toHaveLength(1);
		expect(rc.state.uploads[0]).toMatchObject({ mode: 'install', appId: manifest.id, filename: 'inbox-bridge.zip', size: zip.length });
		expect(rc.state.uploads[0].bytes.equals(zip)).toBe(true);
		expect(rc.requests.at(-1)?.body).toEqual({ fields: {}, files: [{ field: 'app', filename: 'inbox-bridge.zip', size: zip.length }] });

		const zip2 = appZip({ ...manifest, version: '0.1.1' });
		const upd = await call(`${rc.url}/api/apps/${manifest.id}`, { method: 'POST', headers: admin, body: uploadForm(zip2) });
		expect(upd.status).toBe(200);
		expect(upd.json).toEqual({ success: true, app: { ...manifest, version: '0.1.1', status: 'initialized' } });
		expect(rc.state.uploads.map((u) => u.mode)).toEqual(['install', 'update']);
		expect(rc.state.apps.get(manifest.id)).toMatchObject({ version: '0.1.1', uploads: 2 });

		const list = await call(`${rc.url}/api/apps`, { headers: admin });
		expect(list.json).toEqual({ success: true, apps: [{ ...manifest, version: '0.1.1', status: 'initialized' }] });
	});

	it('answers placeholders for a zip without app.json', async () => {
		const res = await call(`${rc.url}/api/apps`, { method: 'POST', headers: admin, body: uploadForm(appZip(null)) });
		expect(res.status).toBe(200);
		expect(res.json).toMatchObject({ success: true, app: { id: expect.any(String), name: expect.any(String), version: '0.0.0' } });
	});

	it('rejects uploads that are not zips, miss the app field, target an unknown app or lack permission', async () => {
		const notZip = await call(`${rc.url}/api/apps`, { method: 'POST', headers: admin, body: uploadForm(Buffer.from('hello')) });
		expect(notZip.status).toBe(400);
		expect(notZip.json).toMatchObject({ success: false, error: expect.any(String) });

		const wrongField = await call(`${rc.url}/api/apps`, {
			method: 'POST',
			headers: admin,
			body: uploadForm(appZip({ id: 'x', name: 'x', version: '1.0.0' }), 'file'),
		});
		expect(wrongField.status).toBe(400);

		const unknown = await call(`${rc.url}/api/apps/no-such-app`, { method: 'POST', headers: admin, body: uploadForm(appZip(null)) });
		expect(unknown.status).toBe(404);

		const noPerm = await call(`${rc.url}/api/apps`, { method: 'POST', headers: agent, body: uploadForm(appZip(null)) });
		expect(noPerm.status).toBe(403);

		const noAuth = await call(`${rc.url}/api/apps`, { method: 'POST', body: uploadForm(appZip(null)) });
		expect(noAuth.status).toBe(401);
		expect(rc.state.uploads).toHaveLength(0);
	});

	describe('POST livechat/agent.status (Rocket.Chat\'s own rules)', () => {
		const people = new Map([
			['agent-2', { _id: 'agent-2', roles: ['user', 'livechat-agent'], active: true }],
			['manager-1', { _id: 'manager-1', roles: ['user', 'livechat-manager'], active: true }],
			['gone-agent', { _id: 'gone-agent', roles: ['livechat-agent'], active: false }],
		]);
		beforeEach(() => rc.useDirectory((id) => people.get(id))); // resetAll (outer beforeEach) restores permissions and business hours

		it('sets another agent as an admin, an agent itself, and toggles without a status', async () => {
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'agent-2' })).toMatchObject({ status: 200, json: { status: 'available', success: true } });
			expect(rc.livechatStatus('agent-2')).toBe('available');
			expect(await postJson('livechat/agent.status', { status: 'available' }, agent)).toMatchObject({ status: 200, json: { status: 'available' } });
			expect(rc.livechatStatus(DEMO.rocketchatUserId)).toBe('available');
			expect(await postJson('livechat/agent.status', {}, agent)).toMatchObject({ status: 200, json: { status: 'not-available' } });
			expect(rc.livechatStatus(DEMO.rocketchatUserId)).toBe('not-available');
		});

		it('401 without or with bad credentials; 403 without view-l-room; 403 for another agent without manage-livechat-agents', async () => {
			expect((await call(api('livechat/agent.status'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"available"}' })).status).toBe(401);
			expect((await postJson('livechat/agent.status', { status: 'available' }, { ...admin, 'x-auth-token': 'wrong' })).status).toBe(401);
			rc.setPermissions(DEMO.rocketchatUserId, []);
			expect(await postJson('livechat/agent.status', { status: 'available' }, agent)).toMatchObject({ status: 403, json: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' } });
			rc.setPermissions(DEMO.rocketchatAdminUserId, ['view-l-room']);
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'agent-2' })).toMatchObject({ status: 403, json: { success: false, error: 'unauthorized' } });
			// the status the agent already has is answered before the manager check, as the server does
			expect(await postJson('livechat/agent.status', { status: 'not-available', agentId: 'agent-2' })).toMatchObject({ status: 200, json: { status: 'not-available' } });
			expect(rc.livechatStatus('agent-2')).toBe('not-available');
		});

		it('404 Agent not found for an unknown user or a user who is not an agent; 400 for a deactivated agent and for bad params', async () => {
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'nobody' })).toMatchObject({ status: 404, json: { success: false, error: 'Agent not found' } });
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'manager-1' })).toMatchObject({ status: 404, json: { error: 'Agent not found' } });
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'gone-agent' })).toMatchObject({ status: 400, json: { error: 'error-user-deactivated' } });
			const bad = await postJson('livechat/agent.status', { status: 'busy', agentId: 'agent-2' });
			expect(bad).toMatchObject({ status: 400, json: { success: false, errorType: 'invalid-params' } });
			expect((bad.json as { error: string }).error).toMatch(/ \[invalid-params\]$/);
			expect((await postJson('livechat/agent.status', { status: 'available', agentId: 'agent-2', extra: 1 })).status).toBe(400);
			expect(rc.contractProblems).toEqual([]);
		});

		it('business hours closed: an agent gets 400, a manager a silent 200 with the old status', async () => {
			rc.omnichannel.businessHoursClosed = true;
			rc.setPermissions(DEMO.rocketchatAdminUserId, ['view-l-room']);
			rc.resetAll();
			expect(rc.omnichannel.businessHoursClosed).toBe(false);
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'agent-2' })).toMatchObject({ status: 200, json: { status: 'available' } });
			rc.resetAll();
			rc.omnichannel.businessHoursClosed = true;
			expect(await postJson('livechat/agent.status', { status: 'available' }, agent)).toMatchObject({ status: 400, json: { error: 'error-business-hours-are-closed' } });
			expect(await postJson('livechat/agent.status', { status: 'available', agentId: 'agent-2' })).toMatchObject({ status: 200, json: { status: 'not-available' } });
			expect(rc.livechatStatus('agent-2')).toBe('not-available');
			// making someone not available is always allowed
			rc.state.livechat.set('agent-2', 'available');
			expect(await postJson('livechat/agent.status', { status: 'not-available', agentId: 'agent-2' })).toMatchObject({ status: 200, json: { status: 'not-available' } });
		});
	});
});

// ------------------------------------------------------------------------------------------------
// startAll

describe('startAll', () => {
	let all: AllSims;
	beforeAll(async () => {
		all = await startAll();
	});
	afterAll(() => all.closeAll());

	it('starts the four systems on distinct ports with the DEMO credentials', async () => {
		const ports = new Set(all.list.map((s) => s.port));
		expect(ports.size).toBe(4);

		const lead = await call(`${all.botpenguin.url}/inbox/direct/lead`, {
			method: 'PUT',
			headers: { 'x-bp-token': DEMO.botpenguinLeadToken, 'content-type': 'application/json' },
			body: JSON.stringify(LEAD),
		});
		expect(lead.status).toBe(200);

		const rk = await call(`${all.reekolect.url}/inbox/users/status-update`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${DEMO.reekolectApiKey}`, authtype: 'Key', 'content-type': 'application/json' },
			body: JSON.stringify({ ids: [DEMO.contactIds[0]], status: 'DELETED', subscriberIds: [...DEMO.subscriberIds] }),
		});
		expect(rk.status).toBe(200);
		// the BotPenguin key is not valid on Reekolect
		const cross = await call(`${all.reekolect.url}/inbox/users/status-update`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${DEMO.botpenguinApiKey}`, authtype: 'Key', 'content-type': 'application/json' },
			body: JSON.stringify({ ids: [DEMO.contactIds[1]], status: 'DELETED' }),
		});
		expect(cross.status).toBe(401);

		const me = await call(`${all.callbell.url}/auth/me`, { headers: { authorization: `Bearer ${DEMO.callbellToken}` } });
		expect(me.status).toBe(200);

		const rcMe = await call(`${all.rocketchat.url}/api/v1/me`, {
			headers: { 'x-user-id': DEMO.rocketchatAdminUserId, 'x-auth-token': DEMO.rocketchatAdminToken },
		});
		expect(rcMe.status).toBe(200);
	});

	it('accepts per-system overrides', async () => {
		const custom = await startAll({ botpenguin: { rateLimit: { limit: 1, windowMs: 1_000 } }, callbell: { tokens: ['other'] } });
		try {
			expect(custom.botpenguin.rateLimit).toEqual({ limit: 1, windowMs: 1_000 });
			expect(custom.reekolect.rateLimit).toEqual({ limit: 100, windowMs: 60_000 });
			expect((await call(`${custom.callbell.url}/auth/me`, { headers: { authorization: 'Bearer other' } })).status).toBe(200);
		} finally {
			await custom.closeAll();
		}
	});
});
