import type { VendorFailure, VendorResult } from '../../../src/vendors/errors';
import { VendorHttp } from '../../../src/vendors/http';
import { checkStatusName, PRESENCES, RocketChatRestClient, type RocketChatRestConfig } from '../../../src/vendors/rocketchat';
import { FakeHttp } from './fake-http';

const config: RocketChatRestConfig = { siteUrl: 'https://chat.example.com/', userId: 'admin-id', token: 'pat-secret-000' };
const HEADERS = { Accept: 'application/json', 'X-User-Id': 'admin-id', 'X-Auth-Token': 'pat-secret-000' };
const JSON_HEADERS = { ...HEADERS, 'Content-Type': 'application/json' };

function setup(overrides: Partial<RocketChatRestConfig> = {}, timeoutMs = 2000) {
	const fake = new FakeHttp();
	const client = new RocketChatRestClient(new VendorHttp(fake, { timeoutMs }), { ...config, ...overrides });
	return { fake, client };
}

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value)}`);
	return result.error;
}

const status = (i: number, statusType = 'busy') => ({ _id: `id${i}`, name: `S${i}`, statusType, _updatedAt: 'x' });

describe('me', () => {
	it('GETs /api/v1/me with X-User-Id and X-Auth-Token', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { _id: 'admin-id', username: 'admin', roles: ['admin'], emails: [], success: true } });
		expect(await client.me()).toEqual({ ok: true, status: 200, value: { _id: 'admin-id', username: 'admin', roles: ['admin'] } });
		expect(fake.calls[0]).toMatchObject({ method: 'get', url: 'https://chat.example.com/api/v1/me' });
		expect(fake.calls[0].options.headers).toEqual(HEADERS);
	});

	it('401 {status:error, message} → unauthorized', async () => {
		const { fake, client } = setup();
		fake.script({ status: 401, json: { status: 'error', message: 'You must be logged in to do this.' } });
		expect(failureOf(await client.me())).toEqual({
			kind: 'unauthorized',
			sent: 'yes',
			vendor: 'rocketchat',
			status: 401,
			message: 'You must be logged in to do this.',
		});
	});

	it.each([
		['siteUrl', 'Site_Url'],
		['userId', 'rocketchat_admin_user_id'],
		['token', 'rocketchat_admin_token'],
	] as const)('missing %s → not_configured %s without any call', async (key, setting) => {
		const { fake, client } = setup({ [key]: '' });
		expect(failureOf(await client.me())).toMatchObject({ kind: 'not_configured', vendor: 'rocketchat', setting });
		expect(failureOf(await client.listCustomStatuses())).toMatchObject({ kind: 'not_configured', setting });
		expect(failureOf(await client.createCustomStatus('A', 'busy'))).toMatchObject({ kind: 'not_configured', setting });
		expect(failureOf(await client.updateCustomStatus('x', 'A', 'busy'))).toMatchObject({ kind: 'not_configured', setting });
		expect(failureOf(await client.deleteCustomStatus('x'))).toMatchObject({ kind: 'not_configured', setting });
		expect(fake.calls).toHaveLength(0);
	});

	it('a plain-http Site_Url that is not loopback is refused; loopback is allowed', async () => {
		const refused = setup({ siteUrl: 'http://chat.example.com' });
		expect(failureOf(await refused.client.me())).toMatchObject({ kind: 'not_configured', setting: 'Site_Url' });
		expect(refused.fake.calls).toHaveLength(0);
		const local = setup({ siteUrl: 'http://localhost:3000/' });
		local.fake.script({ status: 200, json: { _id: 'admin-id' } });
		expect((await local.client.me()).ok).toBe(true);
		expect(local.fake.calls[0].url).toBe('http://localhost:3000/api/v1/me');
	});
});

describe('listCustomStatuses', () => {
	it('pages through offset/count until total', async () => {
		const { fake, client } = setup();
		const first = Array.from({ length: 100 }, (_, i) => status(i));
		const second = [status(100, 'away'), status(101, 'online')];
		fake.script(
			{ status: 200, json: { statuses: first, count: 100, offset: 0, total: 102, success: true } },
			{ status: 200, json: { statuses: second, count: 2, offset: 100, total: 102, success: true } },
		);
		const result = await client.listCustomStatuses();
		expect(result.ok && result.value).toHaveLength(102);
		expect(result.ok && result.value[101]).toEqual({ _id: 'id101', name: 'S101', statusType: 'online' });
		expect(fake.calls.map((c) => c.url)).toEqual([
			'https://chat.example.com/api/v1/custom-user-status.list?offset=0&count=100',
			'https://chat.example.com/api/v1/custom-user-status.list?offset=100&count=100',
		]);
		expect(fake.calls.every((c) => c.method === 'get')).toBe(true);
		expect(fake.calls[0].options.headers).toEqual(HEADERS);
	});

	it('advances by what the server sent when it caps the page size', async () => {
		const { fake, client } = setup();
		const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => status(from + i));
		fake.script(
			{ status: 200, json: { statuses: page(0, 50), total: 120 } },
			{ status: 200, json: { statuses: page(50, 50), total: 120 } },
			{ status: 200, json: { statuses: page(100, 20), total: 120 } },
		);
		const result = await client.listCustomStatuses();
		expect(result.ok && result.value.map((s) => s._id)).toEqual(page(0, 120).map((s) => s._id));
		expect(fake.calls.map((c) => c.url.replace(/.*\?/, ''))).toEqual(['offset=0&count=100', 'offset=50&count=100', 'offset=100&count=100']);
	});

	it('stops on one short page and leaves out unknown status types', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { statuses: [status(1), status(2, 'invisible')], total: 2 } });
		expect(await client.listCustomStatuses()).toEqual({ ok: true, status: 200, value: [{ _id: 'id1', name: 'S1', statusType: 'busy' }] });
		expect(fake.calls).toHaveLength(1);
	});

	it('stops on an empty page even when total lies', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { statuses: [], total: 500 } });
		expect(await client.listCustomStatuses()).toEqual({ ok: true, status: 200, value: [] });
		expect(fake.calls).toHaveLength(1);
	});

	it('a failing page fails the list', async () => {
		const { fake, client } = setup();
		fake.script(
			{ status: 200, json: { statuses: Array.from({ length: 100 }, (_, i) => status(i)), total: 150 } },
			{ status: 503, content: 'Service Unavailable' },
		);
		expect(failureOf(await client.listCustomStatuses())).toMatchObject({ kind: 'unavailable', cause: 'server', status: 503 });
	});
});

describe('create / update / delete', () => {
	it('create POSTs {name, statusType} and returns the created preset', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { customUserStatus: { _id: 'new1', name: 'Férias', statusType: 'busy', _updatedAt: 'x' }, success: true } });
		expect(await client.createCustomStatus('Férias', 'busy')).toEqual({ ok: true, status: 200, value: { confirmed: true, data: { _id: 'new1', name: 'Férias', statusType: 'busy' } } });
		expect(fake.calls[0]).toMatchObject({ method: 'post', url: 'https://chat.example.com/api/v1/custom-user-status.create', json: { name: 'Férias', statusType: 'busy' } });
		expect(fake.calls[0].options.headers).toEqual(JSON_HEADERS);
	});

	it('create: a duplicate name (400 {error}) is invalid with the server words', async () => {
		const { fake, client } = setup();
		fake.script({ status: 400, json: { success: false, error: 'A custom status with this name already exists [Custom_User_Status_Error_Name_Already_In_Use]' } });
		expect(failureOf(await client.createCustomStatus('Lunch', 'away'))).toMatchObject({ kind: 'invalid', status: 400, message: expect.stringContaining('already exists') });
	});

	it('update POSTs {_id, name, statusType}', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { customUserStatus: { _id: 'SeZHHb77QXWRbnDhn', name: 'Férias', statusType: 'busy' }, success: true } });
		const result = await client.updateCustomStatus('SeZHHb77QXWRbnDhn', 'Férias', 'busy');
		expect(result.ok && result.value).toEqual({ confirmed: true, data: { _id: 'SeZHHb77QXWRbnDhn', name: 'Férias', statusType: 'busy' } });
		expect(fake.calls[0]).toMatchObject({
			method: 'post',
			url: 'https://chat.example.com/api/v1/custom-user-status.update',
			json: { _id: 'SeZHHb77QXWRbnDhn', name: 'Férias', statusType: 'busy' },
		});
	});

	it('update of an unknown id (400) is not_found', async () => {
		const { fake, client } = setup();
		fake.script({ status: 400, json: { success: false, error: 'No custom user status found with the id of "SeZHHb77QXWRbnDh".' } });
		expect(failureOf(await client.updateCustomStatus('SeZHHb77QXWRbnDh', 'X', 'away'))).toEqual({
			kind: 'not_found',
			sent: 'yes',
			vendor: 'rocketchat',
			status: 400,
			message: 'No custom user status found with the id of "SeZHHb77QXWRbnDh".',
		});
	});

	it('update: another 400 stays invalid', async () => {
		const { fake, client } = setup();
		fake.script({ status: 400, json: { success: false, error: 'The "name" params is required!' } });
		expect(failureOf(await client.updateCustomStatus('x', '', 'away'))).toMatchObject({ kind: 'invalid' });
	});

	it('delete POSTs {customUserStatusId}; an invalid id is not_found; missing permission is unauthorized', async () => {
		const { fake, client } = setup();
		fake.script(
			{ status: 200, json: { success: true } },
			{ status: 400, json: { success: false, error: 'Custom_User_Status_Error_Invalid_User_Status [error-invalid-custom-user-status]' } },
			{ status: 403, json: { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' } },
		);
		expect(await client.deleteCustomStatus('id1')).toEqual({ ok: true, status: 200, value: undefined });
		expect(fake.calls[0]).toMatchObject({ method: 'post', url: 'https://chat.example.com/api/v1/custom-user-status.delete', json: { customUserStatusId: 'id1' } });
		expect(failureOf(await client.deleteCustomStatus('nope'))).toMatchObject({ kind: 'not_found' });
		expect(failureOf(await client.deleteCustomStatus('id1'))).toMatchObject({ kind: 'unauthorized', status: 403 });
	});

	it('a hung server ends in unavailable/timeout', async () => {
		const { fake, client } = setup({}, 30);
		fake.script({ hang: true });
		expect(failureOf(await client.deleteCustomStatus('id1'))).toMatchObject({ kind: 'unavailable', cause: 'timeout' });
	});

	it('masks the personal access token if the server echoes it', async () => {
		const { fake, client } = setup();
		fake.script({ status: 401, json: { success: false, error: 'token pat-secret-000 expired' } });
		expect(failureOf(await client.me()).message).toBe('token *** expired');
	});
});

describe('checkStatusName and PRESENCES', () => {
	it('PRESENCES are the four Rocket.Chat presences', () => {
		expect(PRESENCES).toEqual(['online', 'away', 'busy', 'offline']);
	});

	it.each([
		['Férias', { ok: true }],
		['In a meeting 🗓️', { ok: true }],
		['x'.repeat(120), { ok: true }],
		['', { ok: false, reason: 'empty' }],
		['   ', { ok: false, reason: 'empty' }],
		['x'.repeat(121), { ok: false, reason: 'too_long' }],
		['a > b', { ok: false, reason: 'forbidden_chars' }],
		['a < b', { ok: false, reason: 'forbidden_chars' }],
		['R&D', { ok: false, reason: 'forbidden_chars' }],
		['say "hi"', { ok: false, reason: 'forbidden_chars' }],
		["it's", { ok: false, reason: 'forbidden_chars' }],
	])('%p → %p', (name, expected) => {
		expect(checkStatusName(name)).toEqual(expected);
	});
});

describe('setAgentStatus (livechat/agent.status)', () => {
	it('POSTs {status, agentId} as the admin and is done when Rocket.Chat answers that status', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { status: 'not-available', success: true } });
		expect(await client.setAgentStatus('agent-1', 'not-available')).toEqual({ ok: true, status: 200, value: undefined });
		expect(fake.calls[0]).toMatchObject({ method: 'post', url: 'https://chat.example.com/api/v1/livechat/agent.status' });
		expect(fake.calls[0].options.headers).toEqual(JSON_HEADERS);
		expect(JSON.parse(String(fake.calls[0].options.content))).toEqual({ status: 'not-available', agentId: 'agent-1' });
	});

	it('a 200 that keeps the old status (business hours closed, for another agent) is a refusal, never done', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { status: 'not-available', success: true } });
		expect(failureOf(await client.setAgentStatus('agent-1', 'available'))).toEqual({
			kind: 'invalid',
			sent: 'yes',
			vendor: 'rocketchat',
			status: 200,
			message: 'the agent stayed not-available (Omnichannel business hours closed?)',
		});
	});

	it.each([
		[403, { success: false, error: 'unauthorized' }, 'unauthorized'],
		[404, { success: false, error: 'Agent not found' }, 'not_found'],
		[400, { success: false, error: 'error-user-deactivated' }, 'invalid'],
	] as const)('%i → %s', async (code, json, kind) => {
		const { fake, client } = setup();
		fake.script({ status: code, json });
		expect(failureOf(await client.setAgentStatus('agent-1', 'available'))).toMatchObject({ kind, status: code, message: json.error });
	});
});
