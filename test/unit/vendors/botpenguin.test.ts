import { BotPenguinClient, type BotPenguinConfig } from '../../../src/vendors/botpenguin';
import { LEAD_STATUSES, type LeadUpdate } from '../../../src/vendors/lead-fields';
import type { VendorFailure, VendorResult } from '../../../src/vendors/errors';
import { VendorHttp } from '../../../src/vendors/http';
import { FakeHttp } from './fake-http';

const BOT = '638d99eeee9e558f1247ae03';
const CUSTOMER = '5fed38e56fb193dcc6c933f5';
const config: BotPenguinConfig = {
	baseUrl: 'https://api.v7.botpenguin.com/',
	leadToken: 'lead-token-123',
	apiKey: 'api-key-456',
	botId: BOT,
	customerId: CUSTOMER,
};

function setup(overrides: Partial<BotPenguinConfig> = {}) {
	const fake = new FakeHttp();
	const client = new BotPenguinClient(new VendorHttp(fake, { timeoutMs: 2000 }), { ...config, ...overrides });
	return { fake, client };
}

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value)}`);
	return result.error;
}

const OK = { status: 200, json: { success: true, message: 'ok', code: 200 } };

describe('updateLead', () => {
	it('treats null like absent (records read back from persistence turn undefined into null)', async () => {
		const { fake, client } = setup();
		fake.script(OK);
		await client.updateLead({ uuid: 'u-1', status: 'CLOSED', attributes: null, tags: null, name: 'Ann' } as unknown as LeadUpdate);
		expect(fake.calls[0].json).toEqual({ uuid: 'u-1', botId: BOT, customerId: CUSTOMER, status: 'CLOSED', name: 'Ann' });
	});

	it('PUTs the contract body to /inbox/direct/lead with x-bp-token and no Authorization', async () => {
		const { fake, client } = setup();
		fake.script(OK);
		const update: LeadUpdate = {
			uuid: '7e88d192-9b20-4035-9b68-d4ac3d58a34f',
			agentId: '631aa793bcfa100487d13d0d',
			name: 'John Doe',
			email: 'john@example.com',
			phone: '9876543210',
			dialCode: '+91',
			notes: [{ title: 'Follow up', description: 'Called on Monday.' }],
			status: 'OPEN',
			picture: 'https://example.com/avatar.jpg',
			tags: ['lead', 'demo'],
			attributes: [{ key: 'plan', value: 'pro' }],
		};
		const result = await client.updateLead(update);
		expect(result).toEqual({ ok: true, status: 200, value: { success: true, message: 'ok', code: 200 } });
		expect(fake.calls).toHaveLength(1);
		const [call] = fake.calls;
		expect(call.method).toBe('put');
		expect(call.url).toBe('https://api.v7.botpenguin.com/inbox/direct/lead');
		expect(call.options.headers).toEqual({ Accept: 'application/json', 'Content-Type': 'application/json', 'x-bp-token': 'lead-token-123' });
		expect(call.json).toEqual({ ...update, botId: BOT, customerId: CUSTOMER });
		// the lead's identity first, then the fields in the order of the field table (lead-fields.ts)
		expect(Object.keys(call.json as object)).toEqual([
			'uuid', 'botId', 'customerId', 'status', 'name', 'email', 'phone', 'dialCode', 'agentId', 'tags', 'notes', 'attributes', 'picture',
		]);
	});

	it('sends only the fields given, and no stray keys', async () => {
		const { fake, client } = setup();
		fake.script(OK);
		const update = { uuid: 'u-1', status: 'CLOSED', notes: [{ title: 't', description: 'd', secret: 'x' }], bogus: 1 } as unknown as LeadUpdate;
		await client.updateLead(update);
		expect(fake.calls[0].json).toEqual({ uuid: 'u-1', botId: BOT, customerId: CUSTOMER, status: 'CLOSED', notes: [{ title: 't', description: 'd' }] });
	});

	it('exports the six statuses as BotPenguin spells them', () => {
		expect(LEAD_STATUSES).toEqual(['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED']);
	});

	it.each([
		['baseUrl', 'botpenguin_base_url'],
		['leadToken', 'botpenguin_lead_token'],
		['botId', 'botpenguin_bot_id'],
		['customerId', 'botpenguin_customer_id'],
	] as const)('missing %s → not_configured %s without any call', async (key, setting) => {
		const { fake, client } = setup({ [key]: '  ' });
		const error = failureOf(await client.updateLead({ uuid: 'u' }));
		expect(error).toMatchObject({ kind: 'not_configured', vendor: 'botpenguin', setting });
		expect(fake.calls).toHaveLength(0);
	});

	it('does not need the contacts API key', async () => {
		const { fake, client } = setup({ apiKey: '' });
		fake.script(OK);
		expect((await client.updateLead({ uuid: 'u' })).ok).toBe(true);
	});

	it('an insecure base URL is not_configured naming the setting', async () => {
		const { fake, client } = setup({ baseUrl: 'http://api.v7.botpenguin.com' });
		const error = failureOf(await client.updateLead({ uuid: 'u' }));
		expect(error).toMatchObject({ kind: 'not_configured', setting: 'botpenguin_base_url' });
		expect(error.message).toMatch(/https/);
		expect(fake.calls).toHaveLength(0);
	});

	it('maps 401 to unauthorized and masks the echoed token', async () => {
		const { fake, client } = setup();
		fake.script({ status: 401, json: { success: false, message: 'Unauthorized request for lead-token-123', code: 401 } });
		const error = failureOf(await client.updateLead({ uuid: 'u' }));
		expect(error).toEqual({ kind: 'unauthorized', sent: 'yes', vendor: 'botpenguin', status: 401, message: 'Unauthorized request for ***' });
	});

	it('maps 429 with Retry-After seconds', async () => {
		const { fake, client } = setup();
		fake.script({ status: 429, json: { success: false, message: 'slow down' }, headers: { 'Retry-After': '12' } });
		expect(failureOf(await client.updateLead({ uuid: 'u' }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000 });
	});

	it('a 200 saying success:false is invalid with the vendor message', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { success: false, message: 'uuid not found', code: 200 } });
		expect(failureOf(await client.updateLead({ uuid: 'u' }))).toEqual({ kind: 'invalid', sent: 'yes', vendor: 'botpenguin', status: 200, message: 'uuid not found' });
	});

	// The vendor took the write: answering "unavailable" would make delivery send it again (a second note).
	it.each([
		['HTML', { status: 200, content: '<html>maintenance</html>' }],
		['truncated JSON', { status: 200, content: '{"success":tr', headers: { 'content-type': 'application/json' } }],
		['an empty body', { status: 204, content: '' }],
	])('a 2xx with %s is delivered, marked unconfirmed', async (_what, script) => {
		const { fake, client } = setup();
		fake.script(script);
		const result = await client.updateLead({ uuid: 'u', notes: [{ title: 't', description: 'd' }] });
		expect(result).toMatchObject({ ok: true, value: { success: true, confirmed: false } });
		expect(fake.calls).toHaveLength(1);
	});

	it('a 2xx that says success: false is still a refusal', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { success: false, message: 'lead locked' } });
		expect(failureOf(await client.updateLead({ uuid: 'u' }))).toMatchObject({ kind: 'invalid', message: 'lead locked' });
	});
});

describe('setContactsDeleted', () => {
	const IDS = ['640f472d173951357f08edee', '640f472d173951357f08edef'];

	it('PUTs {ids, status} to /inbox/users/status-update with Bearer + authtype Key and no x-bp-token', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { success: true, message: '', code: 200 } });
		const result = await client.setContactsDeleted(IDS);
		expect(result.ok).toBe(true);
		const [call] = fake.calls;
		expect(call.method).toBe('put');
		expect(call.url).toBe('https://api.v7.botpenguin.com/inbox/users/status-update');
		expect(call.options.headers).toEqual({
			Accept: 'application/json',
			'Content-Type': 'application/json',
			Authorization: 'Bearer api-key-456',
			authtype: 'Key',
		});
		expect(call.json).toEqual({ ids: IDS, status: 'DELETED' });
	});

	it('adds subscriberIds only when given and non-empty', async () => {
		const { fake, client } = setup();
		fake.script(OK);
		await client.setContactsDeleted(IDS, ['640f479fa79ef02edfb33dfc']);
		await client.setContactsDeleted(IDS, []);
		await client.setContactsDeleted(IDS, undefined);
		expect(fake.calls.map((c) => c.json)).toEqual([
			{ ids: IDS, status: 'DELETED', subscriberIds: ['640f479fa79ef02edfb33dfc'] },
			{ ids: IDS, status: 'DELETED' },
			{ ids: IDS, status: 'DELETED' },
		]);
	});

	it('missing API key → not_configured botpenguin_api_key without any call', async () => {
		const { fake, client } = setup({ apiKey: '' });
		expect(failureOf(await client.setContactsDeleted(IDS))).toMatchObject({ kind: 'not_configured', setting: 'botpenguin_api_key' });
		expect(fake.calls).toHaveLength(0);
	});

	it('reads the {error:{message}} shape and maps 404 to not_found', async () => {
		const { fake, client } = setup();
		fake.script({ status: 404, json: { success: false, error: { code: 'NOT_FOUND', message: 'One or more User IDs not found', statusCode: 404 } } });
		expect(failureOf(await client.setContactsDeleted(IDS))).toEqual({
			kind: 'not_found',
			sent: 'yes',
			vendor: 'botpenguin',
			status: 404,
			message: 'One or more User IDs not found',
		});
	});

	it('masks the API key in a message, and the Bearer form of it', async () => {
		const { fake, client } = setup();
		fake.script({ status: 403, json: { success: false, error: { message: 'key api-key-456 revoked' } } });
		expect(failureOf(await client.setContactsDeleted(IDS)).message).toBe('key *** revoked');
	});

	it('maps 500 to unavailable/server (retryable)', async () => {
		const { fake, client } = setup();
		fake.script({ status: 500, json: { success: false, error: { message: 'boom' } } });
		expect(failureOf(await client.setContactsDeleted(IDS))).toMatchObject({ kind: 'unavailable', cause: 'server', message: 'boom' });
	});
});

describe('health checks', () => {
	it('checkLeadToken sends {} to the lead endpoint; 400 means the token was accepted', async () => {
		const { fake, client } = setup();
		fake.script({ status: 400, json: { success: false, message: 'Bad request / invalid parameters', code: 400 } });
		expect(await client.checkLeadToken()).toEqual({ ok: true, status: 400, value: undefined });
		expect(fake.calls[0].url).toBe('https://api.v7.botpenguin.com/inbox/direct/lead');
		expect(fake.calls[0].options.headers?.['x-bp-token']).toBe('lead-token-123');
		expect(fake.calls[0].json).toEqual({});
	});

	it('checkLeadToken: 2xx is ok, 401 is unauthorized, 500 stays unavailable, 422 is not taken as accepted', async () => {
		const { fake, client } = setup();
		fake.script(OK, { status: 401, json: { success: false, message: 'Unauthorized request' } }, { status: 500, json: {} }, { status: 422, json: {} });
		expect((await client.checkLeadToken()).ok).toBe(true);
		expect(failureOf(await client.checkLeadToken())).toMatchObject({ kind: 'unauthorized', status: 401 });
		expect(failureOf(await client.checkLeadToken())).toMatchObject({ kind: 'unavailable', status: 500 });
		expect(failureOf(await client.checkLeadToken())).toMatchObject({ kind: 'invalid', status: 422 });
	});

	it('checkLeadToken needs only base URL and token', async () => {
		const { fake, client } = setup({ botId: '', customerId: '', apiKey: '' });
		fake.script({ status: 400, json: {} });
		expect((await client.checkLeadToken()).ok).toBe(true);
		const missing = setup({ leadToken: '' });
		expect(failureOf(await missing.client.checkLeadToken())).toMatchObject({ kind: 'not_configured', setting: 'botpenguin_lead_token' });
		expect(missing.fake.calls).toHaveLength(0);
	});

	it('checkApiKey sends {ids: [], status: DELETED} with the contact headers; 400 ok, 403 unauthorized', async () => {
		const { fake, client } = setup();
		fake.script({ status: 400, json: { success: false, error: { message: 'ids must not be empty' } } }, { status: 403, json: {} });
		expect((await client.checkApiKey()).ok).toBe(true);
		expect(failureOf(await client.checkApiKey())).toMatchObject({ kind: 'unauthorized', status: 403 });
		expect(fake.calls[0].url).toBe('https://api.v7.botpenguin.com/inbox/users/status-update');
		expect(fake.calls[0].json).toEqual({ ids: [], status: 'DELETED' });
		expect(fake.calls[0].options.headers).toMatchObject({ Authorization: 'Bearer api-key-456', authtype: 'Key' });
		expect(fake.calls[0].options.headers).not.toHaveProperty('x-bp-token');
	});

	it('checkApiKey without a key → not_configured without any call', async () => {
		const { fake, client } = setup({ apiKey: '' });
		expect(failureOf(await client.checkApiKey())).toMatchObject({ kind: 'not_configured', setting: 'botpenguin_api_key' });
		expect(fake.calls).toHaveLength(0);
	});
});
