import { ensureCustomStatus, removeCustomStatus, updateCustomStatus } from '../../../src/delivery/custom-statuses';
import { CallbellClient } from '../../../src/vendors/callbell';
import { VendorHttp } from '../../../src/vendors/http';
import { FakeHttp } from './fake-http';

const BASE = 'https://api.callbell.eu/v1';

function setup() {
	const fake = new FakeHttp();
	const client = new CallbellClient(new VendorHttp(fake, { timeoutMs: 2000 }), { baseUrl: BASE, token: 'cb-token' });
	return { fake, client, calls: () => fake.calls.map((c) => `${c.method.toUpperCase()} ${c.url.replace(BASE, '')}`) };
}
const list = (...items: Array<{ id: string; name: string; emoji?: string }>) => ({ status: 200, json: { customStatuses: items, meta: { total: items.length, page: 1 } } });

describe('Callbell custom-status writes by name (repeat-safe: look up, then write what is missing)', () => {
	it('create: POSTs name and emoji when no status has the name', async () => {
		const { fake, client, calls } = setup();
		fake.script(list({ id: '1', name: 'Lunch', emoji: '🍔' }), { status: 201, json: { customStatus: { id: '2' } } });
		expect(await ensureCustomStatus(client, 'Focus', '🔴')).toMatchObject({ ok: true });
		expect(calls()).toEqual(['GET /custom_statuses', 'POST /custom_statuses']);
		expect(JSON.parse(String(fake.calls[1].options.content ?? JSON.stringify(fake.calls[1].options.data)))).toEqual({ name: 'Focus', emoji: '🔴' });
	});

	it('create sent again after a lost answer: the status is there (any case), nothing is posted', async () => {
		const { fake, client, calls } = setup();
		fake.script(list({ id: '2', name: 'focus', emoji: '🔴' }));
		expect(await ensureCustomStatus(client, 'Focus', '🔴')).toMatchObject({ ok: true });
		expect(calls()).toEqual(['GET /custom_statuses']);
	});

	it('create: a failed look-up fails the attempt without posting', async () => {
		const { fake, client, calls } = setup();
		fake.script({ status: 503, json: { error: 'down' } });
		expect(await ensureCustomStatus(client, 'Focus', '🔴')).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
		expect(calls()).toEqual(['GET /custom_statuses']);
	});

	it('reads every page before deciding', async () => {
		const { fake, client, calls } = setup();
		const first = Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, name: `S${i}`, emoji: '🙂' }));
		fake.script({ status: 200, json: { customStatuses: first, meta: { total: 101, page: 1 } } }, { status: 200, json: { customStatuses: [{ id: 'x', name: 'Focus', emoji: '🔴' }], meta: { total: 101, page: 2 } } });
		expect(await ensureCustomStatus(client, 'Focus', '🔴')).toMatchObject({ ok: true });
		expect(calls()).toEqual(['GET /custom_statuses', 'GET /custom_statuses?page=2']);
	});

	it('rename: PUTs the new name to the id found under the old one; already renamed is done', async () => {
		const { fake, client, calls } = setup();
		fake.script(list({ id: '7', name: 'Focus', emoji: '🔴' }), { status: 200, json: {} });
		expect(await updateCustomStatus(client, 'Focus', { to: 'Deep work' })).toMatchObject({ ok: true });
		expect(calls()).toEqual(['GET /custom_statuses', 'PUT /custom_statuses/7']);

		const again = setup();
		again.fake.script(list({ id: '7', name: 'Deep work', emoji: '🔴' }));
		expect(await updateCustomStatus(again.client, 'Focus', { to: 'Deep work' })).toMatchObject({ ok: true });
		expect(again.calls()).toEqual(['GET /custom_statuses']);
	});

	it('rename of a name Callbell does not have: not_found, nothing written', async () => {
		const { fake, client, calls } = setup();
		fake.script(list({ id: '1', name: 'Lunch', emoji: '🍔' }));
		expect(await updateCustomStatus(client, 'Focus', { to: 'Deep work' })).toMatchObject({ ok: false, error: { kind: 'not_found', vendor: 'callbell' } });
		expect(calls()).toEqual(['GET /custom_statuses']);
	});

	it('delete: DELETEs every status of the name; a 404 or none left is done', async () => {
		const { fake, client, calls } = setup();
		fake.script(list({ id: '1', name: 'Focus', emoji: '🔴' }, { id: '2', name: 'FOCUS', emoji: '🔴' }, { id: '3', name: 'Lunch' }), { status: 200, json: {} }, { status: 404, json: { error: 'gone' } });
		expect(await removeCustomStatus(client, 'Focus')).toMatchObject({ ok: true });
		expect(calls()).toEqual(['GET /custom_statuses', 'DEL /custom_statuses/1', 'DEL /custom_statuses/2']);

		const none = setup();
		none.fake.script(list({ id: '3', name: 'Lunch' }));
		expect(await removeCustomStatus(none.client, 'Focus')).toMatchObject({ ok: true });
		expect(none.calls()).toEqual(['GET /custom_statuses']);
	});
});
