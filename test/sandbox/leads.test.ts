import { type Demo, startDemo } from '../../sandbox/demo';
import { DEMO, type RecordedRequest } from '../../sandbox/simulators';
import { buttonsOf, confirmValue, declaredDefault, says } from './fixtures';

/**
 * /lead-close, /lead, /contact-delete and the Omnichannel hook, run in the engine against the
 * BotPenguin and Reekolect simulators. Assertions are on what the simulators received and hold.
 */
const U1 = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
const U2 = '0b6f4a52-1c3e-4d7a-8f00-2f9d5e6a7b8c';
const U3 = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const [C1, C2, C3] = DEMO.contactIds;
const SUB = DEMO.subscriberIds[0];
const EXTRA = ['650f472d173951357f08ed01', '650f472d173951357f08ed02'];
/** The close note's title as the app declares its default. */
const CLOSE_TITLE = declaredDefault('lead_close_note_title');

let demo: Demo;
const bp = () => demo.sims.botpenguin;
const host = () => demo.host;
const leadRequests = (reqs: RecordedRequest[] = bp().requests) => reqs.filter((r) => r.path === '/inbox/direct/lead');
const contactRequests = (reqs: RecordedRequest[] = bp().requests) => reqs.filter((r) => r.path === '/inbox/users/status-update');

beforeAll(async () => {
	demo = await startDemo({ timers: 'manual' });
	demo.host.addUser({ username: 'dave', roles: ['user', 'admin'], email: 'dave@demo.test' });
});
afterAll(() => demo?.stop());
beforeEach(() => {
	demo.sims.botpenguin.resetAll();
	demo.sims.reekolect.resetAll();
});
afterEach(() => demo.host.assertNoErrors());

describe('/lead-close', () => {
	it('closes one lead without a note', async () => {
		const reply = await host().as('alice').run(`/lead-close ${U1}`);
		expect(reply.texts).toHaveLength(1);
		expect(reply.text).toContain(`Lead ${U1}: closed at BotPenguin`);
		const [req] = leadRequests();
		expect(req.headers['x-bp-token']).toBe(DEMO.botpenguinLeadToken);
		expect(req.body).toEqual({ uuid: U1, botId: DEMO.botId, customerId: DEMO.customerId, status: 'CLOSED' });
		expect(bp().state.leads.get(U1)).toMatchObject({ status: 'CLOSED', notes: [] });
	});

	it('closes several leads, each with the note under the configured title', async () => {
		const reply = await host().as('alice').run(`/lead-close ${U1} ${U2} Customer   said: "all good"`);
		expect(leadRequests()).toHaveLength(2);
		for (const uuid of [U1, U2]) {
			expect(bp().state.leads.get(uuid)).toMatchObject({ status: 'CLOSED', notes: [{ title: CLOSE_TITLE, description: 'Customer said: "all good"' }] });
			expect(reply.text).toContain(`Lead ${uuid}: closed at BotPenguin`);
		}
		await host().setSetting('lead_close_note_title', 'Wrap-up');
		try {
			await host().as('alice').run(`/lead-close ${U3} done`);
			expect(bp().state.leads.get(U3)?.notes).toEqual([{ title: 'Wrap-up', description: 'done' }]);
		} finally {
			await host().setSetting('lead_close_note_title', CLOSE_TITLE);
		}
	});

	it('names a bad uuid and sends nothing', async () => {
		const reply = await host().as('alice').run(`/lead-close ${U1} 7e88d192-9b20-4035 note`);
		expect(reply.text).toContain('Nothing was sent');
		expect(reply.text).toContain('`7e88d192-9b20-4035` is not a lead uuid');
		const none = await host().as('alice').run('/lead-close');
		expect(none.text).toContain('Usage: `/lead-close');
		expect(bp().requests).toHaveLength(0);
	});

	it('names the missing setting and sends nothing', async () => {
		await host().setSetting('botpenguin_bot_id', '');
		try {
			const reply = await host().as('alice').run(`/lead-close ${U1}`);
			expect(reply.text).toContain('botpenguin_bot_id');
			expect(bp().requests).toHaveLength(0);
		} finally {
			await host().setSetting('botpenguin_bot_id', DEMO.botId);
		}
	});
});

describe('/lead', () => {
	it('updates every field, resolving @user through the agent map', async () => {
		const line = `/lead ${U1} status=inprogress name="John Doe" email=john@example.com phone=9876543210 dial=+91 agent=@alice tag=lead,demo note="Follow up: Called on Monday" attr.plan=pro picture=https://example.com/a.jpg`;
		const reply = await host().as('alice').run(line);
		expect(reply.text).toContain(`Lead ${U1}: updated at BotPenguin`);
		expect(leadRequests()).toHaveLength(1);
		expect(leadRequests()[0].body).toEqual({
			uuid: U1,
			botId: DEMO.botId,
			customerId: DEMO.customerId,
			agentId: DEMO.agentId,
			name: 'John Doe',
			email: 'john@example.com',
			phone: '9876543210',
			dialCode: '+91',
			notes: [{ title: 'Follow up', description: 'Called on Monday' }],
			status: 'INPROGRESS',
			picture: 'https://example.com/a.jpg',
			tags: ['lead', 'demo'],
			attributes: [{ key: 'plan', value: 'pro' }],
		});
		expect(bp().state.leads.get(U1)).toMatchObject({ status: 'INPROGRESS', name: 'John Doe', agentId: DEMO.agentId, tags: ['lead', 'demo'], attributes: { plan: 'pro' } });
		// an agent id works as is
		await host().as('alice').run(`/lead ${U1} agent=631aa793bcfa100487d13d0e`);
		expect(bp().state.leads.get(U1)?.agentId).toBe('631aa793bcfa100487d13d0e');
	});

	it.each([
		['status=DONE', 'status `DONE`'],
		['email=nope', 'email `nope`'],
		['dial=91', 'dial `91`'],
		['phone=12ab', 'phone `12ab`'],
		['picture=ftp://x.test/a.png', 'picture `ftp://x.test/a.png`'],
		['note=""', '`note` is empty'],
		['tag=a,,b', 'tag `a,,b`'],
		['agent=@carol', 'botpenguin_agent_map'],
		['colour=red', '`colour` is not a lead field'],
	])('names the bad value in %s and sends nothing', async (pair, named) => {
		const reply = await host().as('alice').run(`/lead ${U1} name=Fine ${pair}`);
		expect(reply.text).toContain('Nothing was sent');
		expect(reply.text).toContain(named);
		expect(bp().requests).toHaveLength(0);
		expect(bp().state.leads.has(U1)).toBe(false);
	});

	it('opens a form for the uuid alone; submitting it applies the same validation and update', async () => {
		const opened = await host().as('alice').run(`/lead ${U2}`);
		expect(opened.texts).toHaveLength(0);
		expect(opened.surfaces).toHaveLength(1);
		const view = opened.surfaces[0].view as Record<string, unknown>;
		expect(String(view.id)).toMatch(/^lead\./);
		expect(bp().requests).toHaveLength(0);

		// a bad value keeps the form open and sends nothing
		await host().ui.submit('alice', view, { 'lead.f.email': { email: 'not-an-email' } });
		await host().ui.submit('alice', view, {});
		expect(bp().requests).toHaveLength(0);

		const done = await host().ui.submit('alice', view, {
			'lead.f.status': { status: 'REVIEW' },
			'lead.f.name': { name: 'Ana Maria' },
			'lead.f.agent': { agent: '@alice' },
			'lead.f.attributes': { attributes: 'plan=pro\nsize=L' },
			'lead.f.note': { note: 'Call: tomorrow' },
		});
		expect(done.text).toContain(`Lead ${U2}: updated at BotPenguin`);
		expect(leadRequests()).toHaveLength(1);
		expect(bp().state.leads.get(U2)).toMatchObject({
			status: 'REVIEW',
			name: 'Ana Maria',
			agentId: DEMO.agentId,
			attributes: { plan: 'pro', size: 'L' },
			notes: [{ title: 'Call', description: 'tomorrow' }],
		});
	});

	it('answers with the usage when the client cannot open a form', async () => {
		const reply = await host().as('alice').run(`/lead ${U2}`, { triggerId: '' });
		expect(reply.surfaces).toHaveLength(0);
		expect(reply.text).toContain('Usage: `/lead <uuid> key=value');
		expect(bp().requests).toHaveLength(0);
	});
});

describe('who may do what', () => {
	it('refuses /lead and /lead-close without a lead role, and /contact-delete without a delete role', async () => {
		for (const [command, line] of [['lead-close', `/lead-close ${U1}`], ['lead', `/lead ${U1} status=OPEN`], ['lead', `/lead ${U1}`]]) {
			const reply = await host().as('carol').run(line);
			// carol reads Spanish
			expect(reply.texts).toEqual([says(demo, 'carol', 'lead_refused', { command, roles: 'livechat-agent, livechat-manager, admin' })]);
			expect(reply.surfaces).toHaveLength(0);
		}
		// each attempt is recorded (the audit log lives in the app's persistence)
		const refusals = [...host().world.persistence.values()].map((r) => r.data as { outcome?: string; username?: string; object?: string }).filter((d) => d.outcome === 'refused' && d.username === 'carol');
		expect(refusals.map((d) => d.object)).toEqual(expect.arrayContaining(['/lead-close', '/lead']));
		const del = await host().as('alice').run(`/contact-delete ${C1}`);
		expect(del.texts).toEqual([says(demo, 'alice', 'lead_refused', { command: 'contact-delete', roles: 'admin' })]);
		expect(buttonsOf(del)).toHaveLength(0);
		expect(bp().requests).toHaveLength(0);
	});

	it('follows the role settings', async () => {
		await host().setSetting('lead_roles', 'user');
		try {
			await host().as('carol').run(`/lead-close ${U1}`);
			expect(bp().state.leads.get(U1)?.status).toBe('CLOSED');
		} finally {
			await host().setSetting('lead_roles', 'livechat-agent, livechat-manager, admin');
		}
	});
});

describe('/contact-delete', () => {
	it('asks first, stating the count; Cancel sends nothing', async () => {
		const reply = await host().as('admin').run(`/contact-delete ${C1} ${C2}`);
		expect(reply.text).toMatch(/Mark \*2\* contacts DELETED/);
		expect(buttonsOf(reply).map((b) => b.actionId).sort()).toEqual(['lead.contacts.cancel', 'lead.contacts.confirm']);
		expect(bp().requests).toHaveLength(0);

		const cancelled = await host().ui.blockAction('admin', { actionId: 'lead.contacts.cancel', value: confirmValue(reply) });
		expect(cancelled.text).toContain('Cancelled: nothing was sent');
		// the confirmation is gone: a late Confirm does nothing either
		const late = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(reply) });
		expect(late.text).toContain('expired or was already used');
		expect(bp().requests).toHaveLength(0);
		expect(bp().state.contacts.get(C1)).toBe('ACTIVE');
	});

	it('Confirm marks the contacts DELETED, once, and only for the agent who asked', async () => {
		const reply = await host().as('admin').run(`/contact-delete ${C1} ${C2}`);
		const value = confirmValue(reply);
		const other = await host().ui.blockAction('dave', { actionId: 'lead.contacts.confirm', value });
		expect(other.text).toContain('Only the agent who ran');
		expect(bp().requests).toHaveLength(0);

		const done = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value });
		expect(done.text).toContain('Contacts 1–2 of 2: marked DELETED at BotPenguin');
		const [req] = contactRequests();
		expect(req.body).toEqual({ ids: [C1, C2], status: 'DELETED' });
		expect(req.headers.authorization).toBe(`Bearer ${DEMO.botpenguinApiKey}`);
		expect(req.headers.authtype).toBe('Key');
		expect(bp().state.contacts.get(C1)).toBe('DELETED');
		expect(bp().state.contacts.get(C2)).toBe('DELETED');
		expect(bp().state.contacts.get(C3)).toBe('ACTIVE');

		const again = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value });
		expect(again.text).toContain('expired or was already used');
		expect(contactRequests()).toHaveLength(1);
	});

	it('lists every bad id and sends nothing', async () => {
		const reply = await host().as('admin').run(`/contact-delete ${C1} abc 640f472d173951357f08edeZ`);
		expect(reply.text).toContain('`abc` is not a contact id');
		expect(reply.text).toContain('`640f472d173951357f08edeZ` is not a contact id');
		expect(buttonsOf(reply)).toHaveLength(0);
		expect(bp().requests).toHaveLength(0);
	});

	it('sends in batches of botpenguin_delete_batch_size (5 ids, size 2 → 3 requests)', async () => {
		bp().seedContacts(EXTRA);
		await host().setSetting('botpenguin_delete_batch_size', 2);
		try {
			const ids = [C1, C2, C3, ...EXTRA];
			const reply = await host().as('admin').run(`/contact-delete ${ids.join(' ')}`);
			expect(reply.text).toMatch(/Mark \*5\* contact/);
			const done = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(reply) });
			expect(contactRequests().map((r) => (r.body as { ids: string[] }).ids)).toEqual([[C1, C2], [C3, EXTRA[0]], [EXTRA[1]]]);
			expect(done.text).toContain('Contacts 1–2 of 5: marked DELETED');
			expect(done.text).toContain('Contacts 5–5 of 5: marked DELETED');
			for (const id of ids) expect(bp().state.contacts.get(id)).toBe('DELETED');
		} finally {
			await host().setSetting('botpenguin_delete_batch_size', 100);
		}
	});

	it('reports a 404 per batch with the vendor message, other batches still go', async () => {
		await host().setSetting('botpenguin_delete_batch_size', 2);
		try {
			const unknown = '650f472d173951357f08edff';
			const reply = await host().as('admin').run(`/contact-delete ${C1} ${C2} ${unknown}`);
			const done = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(reply) });
			expect(done.text).toContain('✅ Contacts 1–2 of 3');
			expect(done.text).toMatch(/❌ Contacts 3–3 of 3: BotPenguin did not find it: One or more User IDs not found/);
			expect(bp().state.contacts.get(C1)).toBe('DELETED');
		} finally {
			await host().setSetting('botpenguin_delete_batch_size', 100);
		}
	});

	it('refuses sub: with the reason unless botpenguin_send_subscriber_ids is on', async () => {
		const reply = await host().as('admin').run(`/contact-delete ${C1} sub:${SUB}`);
		expect(reply.text).toContain('botpenguin_send_subscriber_ids');
		expect(buttonsOf(reply)).toHaveLength(0);
		expect(bp().requests).toHaveLength(0);
	});

	it('on a Reekolect host with subscriber ids on, sends subscriberIds with the ids', async () => {
		const rk = demo.sims.reekolect;
		const settings = { botpenguin_base_url: rk.url, botpenguin_lead_token: DEMO.reekolectLeadToken, botpenguin_api_key: DEMO.reekolectApiKey, botpenguin_send_subscriber_ids: true };
		for (const [id, v] of Object.entries(settings)) await host().setSetting(id, v);
		try {
			const reply = await host().as('admin').run(`/contact-delete ${C1} sub:${SUB}`);
			expect(reply.text).toContain('with 1 subscriber id');
			await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(reply) });
			expect(contactRequests(rk.requests).map((r) => r.body)).toEqual([{ ids: [C1], status: 'DELETED', subscriberIds: [SUB] }]);
			expect(rk.state.contacts.get(C1)).toBe('DELETED');
			expect(rk.state.subscribers.get(SUB)).toBe('DELETED');
			// leads go to the white-label host too
			await host().as('alice').run(`/lead-close ${U1}`);
			expect(rk.state.leads.get(U1)?.status).toBe('CLOSED');
			expect(bp().requests).toHaveLength(0);
		} finally {
			await host().setSetting('botpenguin_base_url', bp().url);
			await host().setSetting('botpenguin_lead_token', DEMO.botpenguinLeadToken);
			await host().setSetting('botpenguin_api_key', DEMO.botpenguinApiKey);
			await host().setSetting('botpenguin_send_subscriber_ids', false);
		}
	});
});

describe('Omnichannel: closing a room closes its lead', () => {
	const visitorId = 'visitor-1';
	const room = (uuidOnRoomOnly = false) => ({
		id: 'livechat-room-1',
		type: 'l',
		slugifiedName: 'visitor-1',
		isOpen: false,
		closer: 'user',
		closedAt: new Date().toISOString(),
		servedBy: { id: host().user('alice').id, username: 'alice' },
		closedBy: { id: host().user('alice').id, username: 'alice' },
		visitor: { id: visitorId, token: 'tok-1', username: 'guest-1', name: 'Guest', ...(uuidOnRoomOnly ? { customFields: { botpenguin_uuid: U3 } } : {}) },
		closingMessage: { msg: 'Solved: refund issued' },
	});
	beforeAll(() => {
		host().world.visitors.set(visitorId, { id: visitorId, _id: visitorId, token: 'tok-1', username: 'guest-1', name: 'Guest', customFields: { botpenguin_uuid: U2 } });
	});

	it('does nothing while lead_close_on_room_close is off', async () => {
		await host().fire.livechatRoomClosed(room());
		expect(bp().requests).toHaveLength(0);
	});

	it('closes the visitor’s lead with the closing comment and the serving agent', async () => {
		await host().setSetting('lead_close_on_room_close', true);
		try {
			await host().fire.livechatRoomClosed(room());
			expect(leadRequests()).toHaveLength(1);
			expect(bp().state.leads.get(U2)).toMatchObject({
				status: 'CLOSED',
				agentId: DEMO.agentId,
				notes: [{ title: CLOSE_TITLE, description: 'Solved: refund issued' }],
			});
			// a visitor the reader does not know: the room's own copy of the visitor is used
			host().world.visitors.delete(visitorId);
			await host().fire.livechatRoomClosed(room(true));
			expect(bp().state.leads.get(U3)?.status).toBe('CLOSED');
		} finally {
			await host().setSetting('lead_close_on_room_close', false);
			host().world.visitors.set(visitorId, { id: visitorId, _id: visitorId, token: 'tok-1', username: 'guest-1', name: 'Guest', customFields: { botpenguin_uuid: U2 } });
		}
	});
});

describe('vendor answers', () => {
	it('400: the vendor message, nothing queued', async () => {
		bp().failNext(1, 400, { message: 'Bad request / invalid parameters: email is invalid' });
		const reply = await host().as('alice').run(`/lead ${U1} email=john@example.com`);
		expect(reply.text).toMatch(/❌ Lead .*BotPenguin rejected the request: Bad request \/ invalid parameters: email is invalid/);
		await host().jobs.runDue({ advanceMs: 600000 });
		expect(leadRequests()).toHaveLength(1);
	});

	it('401: names the token setting, never the token', async () => {
		bp().failNext(1, 401);
		const reply = await host().as('alice').run(`/lead-close ${U1}`);
		expect(reply.text).toContain('botpenguin_lead_token');
		expect(reply.text).not.toContain(DEMO.botpenguinLeadToken);
		bp().failNext(1, 401);
		const confirm = await host().as('admin').run(`/contact-delete ${C1}`);
		const del = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(confirm) });
		expect(del.text).toContain('botpenguin_api_key');
		expect(del.text).not.toContain(DEMO.botpenguinApiKey);
		expect(bp().state.contacts.get(C1)).toBe('ACTIVE');
	});

	it('429 on a delete batch: queued, then sent by the drain job', async () => {
		bp().failNext(1, 429, { retryAfterSec: 0 });
		const confirm = await host().as('admin').run(`/contact-delete ${C3}`);
		const del = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(confirm) });
		expect(del.text).toMatch(/⏳ Contacts 1–1 of 1: BotPenguin is rate-limiting us/);
		expect(bp().state.contacts.get(C3)).toBe('ACTIVE');
		await new Promise((r) => setTimeout(r, 20));
		await host().jobs.runDue({ advanceMs: 600000 });
		expect(bp().state.contacts.get(C3)).toBe('DELETED');
		expect(contactRequests().map((r) => r.status)).toEqual([429, 200]);
	});

	it('404 on the lead endpoint: the vendor message', async () => {
		bp().failNext(1, 404, { message: 'Lead not found' });
		const reply = await host().as('alice').run(`/lead-close ${U1}`);
		expect(reply.text).toContain('BotPenguin did not find it: Lead not found');
		expect(bp().state.leads.has(U1)).toBe(false);
	});

	it('500: queued, then the drain job applies it and tells the agent', async () => {
		// runDue runs jobs early without moving the clock, and the drain only sends items whose retry
		// time has passed: keep the retry delay tiny so the item is due when the job runs
		await host().setSetting('retry_base_delay_ms', 1);
		try {
			bp().failNext(1, 500);
			const reply = await host().as('alice').run(`/lead-close ${U1} later`);
			expect(reply.text).toMatch(/⏳ Lead .*BotPenguin had an error.*Queued/);
			expect(bp().state.leads.has(U1)).toBe(false);
			expect(host().jobs.list().length).toBeGreaterThan(0);
			await new Promise((r) => setTimeout(r, 20));
			const ran = await host().jobs.runDue({ advanceMs: 600000 });
			expect(ran).toBeGreaterThan(0);
		} finally {
			await host().setSetting('retry_base_delay_ms', 2000);
		}
		expect(bp().state.leads.get(U1)).toMatchObject({ status: 'CLOSED', notes: [{ title: CLOSE_TITLE, description: 'later' }] });
		expect(leadRequests()).toHaveLength(2);
		const told = host().world.messages.filter((m) => m.to === 'alice' && m.text.includes('Delivered later'));
		expect(told.length).toBeGreaterThan(0);
	});
});
