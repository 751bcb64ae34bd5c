import { DEMO } from '../../sandbox/simulators';
import { says, saysLine } from '../sandbox/fixtures';
import { type Room, screenshot, send, startRoom, until } from './browser';

/**
 * The sandbox page (npm run web) in a real headless Chromium: what a person types, fills and
 * presses there reaches the app in the engine, and what the app and the simulators do shows up
 * on the page without a reload. Each test leaves a screenshot in dist/screenshots/.
 */
let room: Room;
beforeAll(async () => {
	room = await startRoom();
});
afterAll(async () => {
	await room?.close();
});
afterEach(() => {
	room.demo.host.assertNoErrors();
	expect(room.pageErrors.splice(0)).toEqual([]);
});

/** A line as the page shows it: bold is rendered, its marks are not shown. */
const rendered = (line: RegExp) => new RegExp(line.source.replace(/\\\*/g, ''), line.flags);
/** The Rocket.Chat line of a `/st` reply in `user`'s language (the time it ends is any time). */
const presence = (user: string, status: 'busy', text: string) =>
	rendered(saysLine(room.demo, user, 'st_rc_done', { status: says(room.demo, user, `st_presence_${status}`), text: says(room.demo, user, 'st_text_part', { text }) }));
/** The Callbell line of a `/st` reply in `user`'s language. */
const callbell = (user: string, state: string) => says(room.demo, user, 'st_cb_done', { state });
const callbellAlice = () => room.demo.sims.callbell.state.users.get(DEMO.callbellUsers[0].uuid);

describe('the sandbox room in Chromium', () => {
	it('suggests the app\u2019s commands and shows the reply to /st busy … for 30m', async () => {
		const page = await room.open('alice');
		await page.locator('#composer').fill('/s');
		await page.locator('#popup [data-command="st"]').waitFor();
		expect(await page.locator('#popup [data-command]').allInnerTexts()).toEqual([expect.stringContaining('/st')]);
		await page.locator('#composer').fill('/');
		expect(await page.locator('#popup [data-command]').count()).toBe(room.demo.host.commands().length);

		await send(page, '/st busy In a meeting for 30m');
		const reply = page.locator('article.message.ephemeral').last();
		await reply.getByText('In a meeting').first().waitFor();
		// the two lines of the reply, in alice's language
		expect(await reply.innerText()).toMatch(presence('alice', 'busy', 'In a meeting'));
		expect(await reply.innerText()).toContain(callbell('alice', says(room.demo, 'alice', 'st_cb_custom', { state: says(room.demo, 'alice', 'st_cb_unavailable'), name: 'In a meeting' })));
		expect(await reply.innerText()).toContain('Only you can see this message');
		// The side panel shows what Callbell now holds, refreshed live.
		await page.locator('[data-sim="callbell"] td', { hasText: 'In a meeting' }).waitFor();
		await screenshot(page, 'web-sandbox');
		await page.close();
	});

	it('fills and submits the /st form: Rocket.Chat and Callbell change, a wrong field stays in the form', async () => {
		const page = await room.open('alice');
		await send(page, '/st');
		const modal = page.locator('.modal');
		await modal.waitFor();
		await modal.locator('select[name="st.presence/value"]').selectOption('away');
		await modal.locator('input[name="st.text/value"]').fill('Lunch break');
		await modal.locator('input[name="st.duration/value"]').fill('soonish');
		await modal.locator('[data-role="submit"]').click();
		await modal.locator('[data-block-id="st.duration"] .error').waitFor();
		await screenshot(page, '2-st-form-field-error');
		expect(room.demo.host.user('alice').statusText).not.toBe('Lunch break');

		await modal.locator('input[name="st.duration/value"]').fill('1h');
		await modal.locator('[data-role="submit"]').click();
		await modal.waitFor({ state: 'detached' });
		await page.locator('article.message.ephemeral', { hasText: 'Lunch break' }).waitFor();
		expect(room.demo.host.user('alice')).toMatchObject({ status: 'away', statusText: 'Lunch break' });
		expect(callbellAlice()?.available).toBe(false);
		await page.locator('[data-user="alice"] .status-text', { hasText: 'Lunch break' }).waitFor();
		await screenshot(page, '3-st-form-submitted');
		await page.close();
	});

	it('fills the /lead form: the lead’s fields reach BotPenguin', async () => {
		const uuid = '0b6f4a52-1c3e-4d7a-8f00-2f9d5e6a7b8c';
		const page = await room.open('alice');
		await send(page, `/lead ${uuid}`);
		const modal = page.locator('.modal');
		await modal.waitFor();
		await modal.locator('select[name="lead.f.status/status"]').selectOption('INPROGRESS');
		await modal.locator('input[name="lead.f.tag/tag"]').fill('vip,callback');
		await modal.locator('textarea[name="lead.f.note/note"]').fill('Call back: after 5pm');
		await modal.locator('[data-role="submit"]').click();
		await modal.waitFor({ state: 'detached' });
		await page.locator('[data-sim="botpenguin"] td', { hasText: '#callback' }).waitFor();
		expect(room.demo.sims.botpenguin.state.leads.get(uuid)).toMatchObject({ status: 'INPROGRESS', tags: ['vip', 'callback'] });
		await page.close();
	});

	it('presses the contact-delete confirmation: the simulator shows the contacts deleted', async () => {
		const [c1, c2, c3] = DEMO.contactIds;
		const page = await room.open('admin');
		await send(page, `/contact-delete ${c1} ${c2}`);
		const confirm = page.locator('article.message button[data-action-id="lead.contacts.confirm"]').last();
		await confirm.waitFor();
		expect(room.demo.sims.botpenguin.state.contacts.get(c1)).toBe('ACTIVE');
		await confirm.click();
		await page.locator(`[data-sim="botpenguin"] [data-contact="${c2}"]`, { hasText: 'DELETED' }).waitFor();
		expect([c1, c2, c3].map((id) => room.demo.sims.botpenguin.state.contacts.get(id))).toEqual(['DELETED', 'DELETED', 'ACTIVE']);
		await screenshot(page, '4-contacts-deleted');
		await page.close();
	});

	it('opens the time-in-status report in the contextual bar: time in each status, in the viewer’s words', async () => {
		const page = await room.open('alice');
		await send(page, '/st busy Focus');
		await until(() => room.demo.host.user('alice').statusText === 'Focus');
		await room.demo.host.idle();
		await send(page, '/st report');
		const bar = page.locator('#contextual-bar .bar');
		await bar.getByText(says(room.demo, 'alice', 'st_report_title')).first().waitFor();
		await bar.getByText('@alice').first().waitFor();
		expect(await bar.innerText()).toContain(says(room.demo, 'alice', 'st_presence_busy'));
		await screenshot(page, 'web-report');
		await bar.locator('[data-role="dismiss"]').click();
		await page.locator('#contextual-bar').waitFor({ state: 'hidden' });
		await page.close();
	});

	it('opens the team board in the contextual bar (the right-hand panel, not a modal) and refreshes it in place', async () => {
		const page = await room.open('alice');
		await send(page, '/st team');
		const bar = page.locator('#contextual-bar .bar');
		await bar.getByText(says(room.demo, 'alice', 'st_board_title')).first().waitFor();
		await bar.getByText('#general').first().waitFor();
		// Rocket.Chat's contextual bar: beside the conversation, on the right, no backdrop over the room
		expect(await page.locator('#modal-root').isHidden()).toBe(true);
		const [timeline, panel] = [await page.locator('#timeline').boundingBox(), await bar.boundingBox()];
		expect(panel && timeline && panel.x >= timeline.x + timeline.width - 1).toBe(true);
		expect(await bar.innerText()).toMatch(/@bob · online/);
		await room.demo.host.as('admin').run('/st @bob away Covering the phones');
		await bar.locator('[data-action-id="st.board.refresh"]').click();
		await bar.getByText('Covering the phones').first().waitFor();
		expect(await bar.innerText()).toMatch(/@bob · away/);
		await screenshot(page, 'web-board');
		// closed with its ✕, the side panel is back
		await bar.locator('[data-role="dismiss"]').click();
		await page.locator('#contextual-bar').waitFor({ state: 'hidden' });
		await page.locator('[data-sim="callbell"]').waitFor();
		await page.close();
	});

	it('puts the DM a manager\u2019s change sends in bob\u2019s direct-message room only, never in #general', async () => {
		await room.demo.host.as('bob').run('/st online');
		await room.demo.host.as('admin').run('/st @bob away Out for a walk');
		const told = says(room.demo, 'bob', 'st_manage_told', { manager: 'admin' });
		// admin and alice: #general carries nothing of it, and they have no such DM
		for (const other of ['admin', 'alice']) {
			const page = await room.open(other);
			await page.locator('#timeline').waitFor();
			expect(await page.locator('#timeline').innerText()).not.toContain(told);
			expect(await page.locator('#rooms [data-kind="dm"]').count()).toBe(0);
			await page.close();
		}
		const page = await room.open('bob');
		expect(await page.locator('#timeline').innerText()).not.toContain(told);
		const dm = page.locator('#rooms [data-kind="dm"]');
		expect(await page.locator('#rooms [data-section="dms"]').textContent()).toBe('Mensagens diretas');
		expect(await dm.count()).toBe(1);
		await dm.click();
		const walk = page.locator('#timeline article.message', { hasText: 'Out for a walk' });
		await walk.waitFor();
		expect(await walk.innerText()).toContain(told);
		expect(await page.locator('#room-title').innerText()).toMatch(/^@/);
		// a later DM while bob reads #general: a badge on the DM, not a line in #general
		await page.locator('#rooms [data-room="GENERAL"]').click();
		await room.demo.host.as('admin').run('/st @bob busy Back at the desk');
		await dm.locator('.unread').waitFor();
		expect(await page.locator('#timeline').innerText()).not.toContain(told);
		await dm.click();
		await page.locator('#timeline article.message', { hasText: 'Back at the desk' }).waitFor();
		await screenshot(page, 'web-dm');
		await page.close();
	});

	it('runs due jobs and all jobs from two buttons: only "all" ends a running timer; job times carry a date', async () => {
		await room.demo.host.as('carol').run('/st busy In a call for 45m');
		const page = await room.open('carol');
		const times = page.locator('[data-card="jobs"] [data-job="status.expire"] time');
		await times.first().waitFor();
		for (const el of await times.all()) {
			const at = new Date(String(await el.getAttribute('datetime')));
			expect(await el.innerText()).toContain(String(at.getFullYear()));
		}
		await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/jobs')), page.locator('#run-due-jobs').click()]);
		expect(room.demo.host.user('carol').status).toBe('busy');
		await page.locator('#run-jobs').click();
		await until(() => room.demo.host.user('carol').status !== 'busy');
		await page.close();
	});

	it('shows a queued lead update\u2019s later outcome without a reload (fault knob, setting and jobs from the page)', async () => {
		const uuid = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
		const page = await room.open('alice');
		await page.locator('[data-tab="settings"]').click();
		const delay = page.locator('[data-setting="retry_base_delay_ms"] input');
		await delay.fill('20');
		await delay.press('Tab');
		await until(() => room.demo.host.setting('retry_base_delay_ms') === 20);
		await screenshot(page, '5-settings-changed');
		await page.locator('[data-tab="sims"]').click();

		await page.locator('[data-knob="botpenguin:failNext"]').first().click();
		await send(page, `/lead-close ${uuid} Resolved by phone`);
		await page.locator('article.message.ephemeral', { hasText: /queued/i }).waitFor();
		expect(room.demo.sims.botpenguin.state.leads.get(uuid)).toBeUndefined();
		const url = page.url();
		const outcome = page.locator('article.message', { hasText: 'Delivered later' });
		for (let i = 0; i < 40 && (await outcome.count()) === 0; i++) {
			await page.locator('#run-jobs').click();
			await page.waitForTimeout(100);
		}
		await outcome.waitFor();
		expect(page.url()).toBe(url);
		expect(room.demo.sims.botpenguin.state.leads.get(uuid)?.status).toBe('CLOSED');
		await page.locator('[data-sim="botpenguin"] td', { hasText: 'CLOSED' }).first().waitFor();
		await screenshot(page, '6-queued-outcome-live');
		await page.close();
	});

	it('never sends a secret to the page: password settings are blank, request headers are left out', async () => {
		const secrets = [DEMO.callbellToken, DEMO.botpenguinLeadToken, DEMO.botpenguinApiKey, DEMO.rocketchatAdminToken, 'demo-api-secret', 'demo-webhook-secret'];
		// this test's own vendor traffic (with tokens in its headers) for the page to leave out
		await room.demo.host.as('alice').run('/st busy');
		const page = await room.open('admin');
		await page.locator('[data-tab="settings"]').click();
		const token = page.locator('[data-setting="callbell_api_token"] input');
		expect(await token.getAttribute('type')).toBe('password');
		expect(await token.inputValue()).toBe('');
		const fetched = await page.evaluate(async () => [await (await fetch('/api/state?user=admin')).text(), await (await fetch('/api/messages')).text()].join('\n'));
		const seen = `${fetched}\n${await page.content()}`;
		expect(room.demo.sims.callbell.requests.length).toBeGreaterThan(0);
		for (const secret of secrets) expect(seen).not.toContain(secret);
		await page.close();
	});

	it('speaks pt-BR to bob: the command list, the replies and the page\u2019s own words', async () => {
		await room.demo.host.as('bob').run('/st online'); // its own precondition: another test may have set bob away
		await room.demo.host.as('alice').run('/st away Lunch break');
		const page = await room.open('alice');
		await page.locator('[data-user="bob"]').click();
		await page.locator('#me', { hasText: '@bob' }).waitFor();
		// the page's own words in bob's language
		await page.locator('[data-tab="sims"]', { hasText: 'Simuladores' }).waitFor();
		expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
		expect(await page.locator('#rooms .sidebar-section').first().textContent()).toBe('Salas');
		expect(await page.locator('#run-jobs').innerText()).toBe('Executar todas agora');
		expect(await page.locator('#composer').getAttribute('placeholder')).toContain('digite / para os comandos do app');
		// and the panels name the systems as their makers do
		expect(await page.locator('[data-sim="botpenguin"] h3').innerText()).toMatch(/^BotPenguin /);
		expect(await page.locator('[data-sim="rocketchat"] h3').innerText()).toMatch(/^Rocket\.Chat /);
		await page.locator('#composer').fill('/st');
		await page.locator('#popup', { hasText: 'Defina seu status' }).waitFor();
		expect(await page.locator('#popup .popup-title').innerText()).toBe('Comandos');
		await send(page, '/st busy Em reunião for 30m');
		const reply = page.locator('article.message.ephemeral').last();
		await reply.getByText('Em reunião').first().waitFor();
		expect(await reply.innerText()).toMatch(presence('bob', 'busy', 'Em reunião'));
		expect(await reply.innerText()).toContain(callbell('bob', says(room.demo, 'bob', 'st_cb_unavailable')));
		expect(await reply.innerText()).toContain('ocupado — “Em reunião” até'); // and pt-BR.json does speak Portuguese
		expect(await reply.innerText()).toContain('Somente você pode ver esta mensagem');
		// What alice was told is not shown to bob.
		expect(await page.locator('article.message', { hasText: 'Lunch break' }).count()).toBe(0);
		await screenshot(page, 'web-pt-BR');
		await page.close();
	});

	it('speaks es to carol, and renders setting descriptions as Rocket.Chat does (markdown: `code` is code)', async () => {
		const page = await room.open('carol');
		await page.locator('[data-tab="settings"]', { hasText: 'Ajustes de la app' }).click();
		const hint = page.locator('[data-setting="callbell_user_map"] .hint');
		await hint.locator('code').first().waitFor();
		expect(await hint.innerText()).not.toContain('`');
		await page.close();
	});
});
