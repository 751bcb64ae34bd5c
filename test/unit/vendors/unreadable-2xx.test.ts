import { BotPenguinClient } from '../../../src/vendors/botpenguin';
import { CallbellClient } from '../../../src/vendors/callbell';
import type { VendorResult } from '../../../src/vendors/errors';
import { VendorHttp } from '../../../src/vendors/http';
import { RocketChatRestClient } from '../../../src/vendors/rocketchat';
import { FakeHttp } from './fake-http';

/**
 * Issue 17, finding 8: one rule for a 2xx whose body cannot be read (README "Delivery"), for every
 * vendor call the app makes. A write is delivered, unconfirmed — the vendor took it, sending it again
 * could apply it twice. A read fails (`unavailable`, retried): the app needs what it asked for.
 * `livechat/agent.status` used to be read strictly and queued such an answer as pending.
 */

const UNREADABLE = [
	['HTML', { status: 200, content: '<html>maintenance</html>' }],
	['truncated JSON', { status: 200, content: '{"status":"avail', headers: { 'content-type': 'application/json' } }],
	['an empty body', { status: 200, content: '' }],
	['another shape', { status: 201, json: { whatever: [1, 2, 3] } }],
] as const;

function clients() {
	const fake = new FakeHttp();
	const http = new VendorHttp(fake, { timeoutMs: 2000 });
	return {
		fake,
		rc: new RocketChatRestClient(http, { siteUrl: 'https://chat.example.com', userId: 'admin-id', token: 'pat' }),
		cb: new CallbellClient(http, { baseUrl: 'https://api.callbell.eu/v1', token: 'cb' }),
		bp: new BotPenguinClient(http, { baseUrl: 'https://api.v7.botpenguin.com', leadToken: 'lt', apiKey: 'ak', botId: '638d99eeee9e558f1247ae03', customerId: '5fed38e56fb193dcc6c933f5' }),
	};
}
type Clients = ReturnType<typeof clients>;

/** Every write of every client: each one of an outbox operation kind, and the preset writes made from a command. */
const WRITES: Array<[string, (c: Clients) => Promise<VendorResult<unknown>>]> = [
	['omnichannel.status (livechat/agent.status)', (c) => c.rc.setAgentStatus('agent-1', 'available')],
	['callbell.status (PUT /users/:uuid/status)', (c) => c.cb.setUserStatus('cb-user-1', { available: true })],
	['callbell.customStatus.create', (c) => c.cb.createCustomStatus('Lunch', '🍔')],
	['callbell.customStatus.update', (c) => c.cb.updateCustomStatus('7', { name: 'Lunch' })],
	['callbell.customStatus.delete', (c) => c.cb.deleteCustomStatus('7')],
	['lead.update', (c) => c.bp.updateLead({ uuid: 'u', notes: [{ title: 't', description: 'd' }] })],
	['contacts.delete', (c) => c.bp.setContactsDeleted(['638d99eeee9e558f1247ae04'])],
	['custom-user-status.create (a preset)', (c) => c.rc.createCustomStatus('Lunch', 'away')],
	['custom-user-status.update (a preset)', (c) => c.rc.updateCustomStatus('id1', 'Lunch', 'away')],
	['custom-user-status.delete (a preset)', (c) => c.rc.deleteCustomStatus('id1')],
];

const READS: Array<[string, (c: Clients) => Promise<VendorResult<unknown>>]> = [
	['Rocket.Chat me', (c) => c.rc.me()],
	['Rocket.Chat custom-user-status.list', (c) => c.rc.listCustomStatuses()],
	['Callbell auth/me', (c) => c.cb.me()],
	['Callbell custom_statuses', (c) => c.cb.listCustomStatuses()],
];

describe('a 2xx that cannot be read', () => {
	describe.each(UNREADABLE)('(%s)', (_what, answer) => {
		it.each(WRITES)('%s: delivered, one call', async (_name, call) => {
			const c = clients();
			c.fake.script(answer);
			const result = await call(c);
			expect(result.ok).toBe(true);
			expect(c.fake.calls).toHaveLength(1);
		});

		it.each(READS.filter(([name]) => !(answer.status === 201 && name === 'Callbell auth/me')))('%s: a failure worth retrying', async (_name, call) => {
			const c = clients();
			c.fake.script(answer);
			const result = await call(c);
			expect(result.ok ? 'ok' : result.error.kind).toBe('unavailable');
		});
	});

	it('Omnichannel: a readable answer keeping the agent not available is still a failure (business hours closed)', async () => {
		const c = clients();
		c.fake.script({ status: 200, json: { status: 'not-available', success: true } });
		const result = await c.rc.setAgentStatus('agent-1', 'available');
		expect(result.ok ? 'ok' : result.error.kind).toBe('invalid');
	});
});
