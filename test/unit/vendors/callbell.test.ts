import { CallbellClient, type CallbellConfig } from '../../../src/vendors/callbell';
import type { VendorFailure, VendorResult } from '../../../src/vendors/errors';
import { VendorHttp } from '../../../src/vendors/http';
import { FakeHttp } from './fake-http';

const config: CallbellConfig = { baseUrl: 'https://api.callbell.eu/v1', token: 'cb-token-789' };
const AUTH = { Accept: 'application/json', Authorization: 'Bearer cb-token-789' };

function setup(overrides: Partial<CallbellConfig> = {}) {
	const fake = new FakeHttp();
	const client = new CallbellClient(new VendorHttp(fake, { timeoutMs: 2000 }), { ...config, ...overrides });
	return { fake, client };
}

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value)}`);
	return result.error;
}

const USER_STATUS = (customStatus: unknown, available: boolean) => ({
	user_status: {
		custom_status: customStatus,
		appearance: { available, last_updated_at: '2024-05-01T10:00:00Z' },
	},
});

describe('me', () => {
	it('GETs /auth/me with the bearer token', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { user: { email: 'a@b.c' } } });
		expect(await client.me()).toEqual({ ok: true, status: 200, value: { user: { email: 'a@b.c' } } });
		expect(fake.calls[0]).toMatchObject({ method: 'get', url: 'https://api.callbell.eu/v1/auth/me' });
		expect(fake.calls[0].options.headers).toEqual(AUTH);
	});

	it('401 → unauthorized with the token masked', async () => {
		const { fake, client } = setup();
		fake.script({ status: 401, json: { error: 'Invalid token cb-token-789' } });
		expect(failureOf(await client.me())).toEqual({ kind: 'unauthorized', sent: 'yes', vendor: 'callbell', status: 401, message: 'Invalid token ***' });
	});

	it.each([
		['baseUrl', 'callbell_base_url'],
		['token', 'callbell_api_token'],
	] as const)('missing %s → not_configured %s without any call', async (key, setting) => {
		const { fake, client } = setup({ [key]: '' });
		expect(failureOf(await client.me())).toMatchObject({ kind: 'not_configured', vendor: 'callbell', setting });
		expect(failureOf(await client.listCustomStatuses())).toMatchObject({ kind: 'not_configured', setting });
		expect(failureOf(await client.setUserStatus('user-0001', { available: true }))).toMatchObject({ kind: 'not_configured', setting });
		expect(fake.calls).toHaveLength(0);
	});
});

describe('listCustomStatuses', () => {
	it('GETs /custom_statuses and returns {id, name, emoji?}', async () => {
		const { fake, client } = setup();
		fake.script({
			status: 200,
			json: {
				customStatuses: [
					{ id: 'cs-1', name: 'Lunch', emoji: '🍔', createdAt: 'x', updatedAt: 'y' },
					{ id: 'cs-2', name: 'Meeting', emoji: null },
				],
				meta: { total: 2 },
			},
		});
		// strict: no `emoji: undefined` key on the second entry
		expect(await client.listCustomStatuses()).toStrictEqual({
			ok: true,
			status: 200,
			value: [
				{ id: 'cs-1', name: 'Lunch', emoji: '🍔' },
				{ id: 'cs-2', name: 'Meeting' },
			],
		});
		expect(fake.calls[0]).toMatchObject({ method: 'get', url: 'https://api.callbell.eu/v1/custom_statuses' });
		expect(fake.calls[0].options.headers).toEqual(AUTH);
	});

	it('a body without customStatuses is unavailable/server', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { statuses: [] } });
		const error = failureOf(await client.listCustomStatuses());
		expect(error).toMatchObject({ kind: 'unavailable', cause: 'server' });
		expect(error.message).toContain('customStatuses');
	});
});

describe('setUserStatus', () => {
	it('refuses a uuid that could move the URL path (.., /, spaces) without any call', async () => {
		const { fake, client } = setup();
		for (const bad of ['..', 'a b/c', '../../auth/me', '', 'u1']) {
			expect(failureOf(await client.setUserStatus(bad, { available: true }))).toMatchObject({ kind: 'invalid', vendor: 'callbell' });
		}
		expect(fake.calls).toHaveLength(0);
	});

	it('PUTs available and custom_status_uuid to /users/:uuid/status', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: USER_STATUS({ id: 'cs-1', name: 'Lunch', last_updated_at: 'z' }, false) });
		const result = await client.setUserStatus('a-b_c9', { available: false, customStatusUuid: 'cs-1' });
		expect(result).toEqual({ ok: true, status: 200, value: { available: false, customStatusId: 'cs-1', confirmed: true } });
		const [call] = fake.calls;
		expect(call.method).toBe('put');
		expect(call.url).toBe('https://api.callbell.eu/v1/users/a-b_c9/status');
		expect(call.options.headers).toEqual({ ...AUTH, 'Content-Type': 'application/json' });
		expect(call.json).toEqual({ available: false, custom_status_uuid: 'cs-1' });
	});

	it('omits keys not given and sends null to unassign', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: USER_STATUS(null, true) });
		await client.setUserStatus('user-0001', { available: true });
		const cleared = await client.setUserStatus('user-0001', { customStatusUuid: null });
		expect(fake.calls.map((c) => c.json)).toEqual([{ available: true }, { custom_status_uuid: null }]);
		expect(fake.calls[1].options.content).toBe('{"custom_status_uuid":null}');
		expect(cleared.ok && cleared.value).toEqual({ available: true, customStatusId: null, confirmed: true });
	});

	it('returns what was requested when the answer is the contact-shaped example', async () => {
		const { fake, client } = setup();
		fake.script({ status: 200, json: { contact: [{ uuid: '414a', name: 'UPDATE Doe' }] } });
		const result = await client.setUserStatus('user-0001', { available: true, customStatusUuid: 'cs-9' });
		expect(result).toEqual({ ok: true, status: 200, value: { available: true, customStatusId: 'cs-9', confirmed: false } });
	});

	it('leaves out what was neither requested nor answered', async () => {
		const { fake, client } = setup();
		fake.script({ status: 204, content: '' });
		const result = await client.setUserStatus('user-0001', { available: false });
		expect(result).toEqual({ ok: true, status: 204, value: { available: false, confirmed: false } });
	});

	it('maps 404, 422 and 429 (HTTP-date Retry-After)', async () => {
		const { fake, client } = setup();
		const later = new Date(Date.now() + 3_600_000).toUTCString();
		fake.script(
			{ status: 404, json: { error: 'User not found' } },
			{ status: 422, json: { errors: ['custom_status_uuid is invalid'] } },
			{ status: 429, json: { message: 'Too many requests' }, headers: { 'retry-after': later } },
		);
		expect(failureOf(await client.setUserStatus('user-0001', { available: true }))).toMatchObject({ kind: 'not_found', message: 'User not found' });
		expect(failureOf(await client.setUserStatus('user-0001', { available: true }))).toMatchObject({
			kind: 'invalid',
			status: 422,
			message: 'custom_status_uuid is invalid',
		});
		const limited = failureOf(await client.setUserStatus('user-0001', { available: true }));
		expect(limited.kind).toBe('rate_limited');
		const retryAfterMs = limited.kind === 'rate_limited' ? limited.retryAfterMs : -1;
		expect(retryAfterMs).toBeGreaterThan(3_590_000);
		expect(retryAfterMs).toBeLessThanOrEqual(3_600_000);
	});
});

