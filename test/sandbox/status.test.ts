import { DEMO } from '../../sandbox/simulators';
import type { MessageKey, Params } from '../../src/i18n';
import { callbellWrites, clearRequests, demoPerTest, says } from './fixtures';

/**
 * `/st`, the Rocket.Chat status event, the Callbell webhook, the bot endpoint and timed statuses,
 * run in the real Apps-Engine against the simulators. Assertions are on what the simulators
 * recorded and on the sandbox user, never on app internals.
 */

const ALICE_CB = DEMO.callbellUsers[0].uuid;
const LUNCH_CB = DEMO.callbellCustomStatuses[0].id;
const MEETING_CB = DEMO.callbellCustomStatuses[1].id;

const demo = demoPerTest();
const host = () => demo().host;
const cbState = (uuid = ALICE_CB) => demo().sims.callbell.state.users.get(uuid);
const cbCalls = () => demo().sims.callbell.requests.map((r) => `${r.method} ${r.path}`);
const cbPuts = () => callbellWrites(demo());
const rcCalls = () => demo().sims.rocketchat.requests.map((r) => `${r.method} ${r.path}`);
const clearLogs = () => clearRequests(demo());
/** What the app says to `user`, in that user's language (i18n/*.json through the app's translator). */
const say = (user: string, key: MessageKey, params?: Params) => says(demo(), user, key, params);
/** The `/st` reply: the Rocket.Chat line and the Callbell line, in `user`'s language. */
const stReply = (user: string, rc: { status: 'online' | 'away' | 'busy' | 'offline'; text?: string }, callbell: string) =>
	[say(user, 'st_rc_done', { status: say(user, `st_presence_${rc.status}`), text: rc.text ? say(user, 'st_text_part', { text: rc.text }) : '', until: '' }), callbell].join('\n');


describe('/st presence, text and Callbell mirroring', () => {
	it('sets Rocket.Chat presence and text and sends exactly one Callbell PUT; the echo is not sent again', async () => {
		const reply = await host().as('alice').run('/st busy');
		expect(host().user('alice').status).toBe('busy');
		expect(reply.texts).toEqual([stReply('alice', { status: 'busy' }, say('alice', 'st_cb_done', { state: say('alice', 'st_cb_unavailable') }))]);
		expect(cbCalls()).toEqual([`PUT /v1/users/${ALICE_CB}/status`]);
		expect(cbPuts()[0].body).toEqual({ available: false });
		expect(cbState()?.available).toBe(false);
	});

	it('makes no Callbell call when the target equals what Callbell last applied', async () => {
		await host().as('alice').run('/st busy');
		clearLogs();
		const again = await host().as('alice').run('/st busy');
		expect(cbCalls()).toEqual([]);
		expect(again.texts).toEqual([stReply('alice', { status: 'busy' }, say('alice', 'st_cb_unchanged', { state: say('alice', 'st_cb_unavailable') }))]);
		// busy → away is still "not available" in Callbell: Rocket.Chat changes, Callbell does not
		const away = await host().as('alice').run('/st away');
		expect(host().user('alice').status).toBe('away');
		expect(cbCalls()).toEqual([]);
		expect(away.texts).toEqual([stReply('alice', { status: 'away' }, say('alice', 'st_cb_unchanged', { state: say('alice', 'st_cb_unavailable') }))]);
		// and online is a change again: one call
		await host().as('alice').run('/st online');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true }]);
	});

	it('text that names a Callbell custom status sets it, and drops it again when the text goes', async () => {
		const reply = await host().as('alice').run('/st busy in a MEETING');
		expect(host().user('alice').statusText).toBe('in a MEETING');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false, custom_status_uuid: MEETING_CB }]);
		expect(reply.text).toMatch(/Callbell: ✅ away · In a meeting/);
		clearLogs();
		await host().as('alice').run('/st busy');
		expect(cbPuts().map((r) => r.body)).toEqual([{ custom_status_uuid: null }]);
		expect(cbState()?.customStatusId).toBeNull();
		// other text never touches a custom status nobody set
		clearLogs();
		await host().as('alice').run('/st busy Deep work');
		expect(cbPuts()).toHaveLength(0);
		expect(host().user('alice').statusText).toBe('Deep work');
	});

	it('unlinked agents get Rocket.Chat only and a hint; /st link links them where the admin allows it', async () => {
		await host().setSetting('callbell_self_link', true);
		demo().sims.callbell.state.users.set('cb-user-carol-0003', {
			uuid: 'cb-user-carol-0003',
			email: 'carol@demo.test',
			name: 'Carol',
			available: true,
			customStatusId: null,
			availableUpdatedAt: '',
			customStatusUpdatedAt: '',
		});
		await host().setSetting('api_secret', 'demo-api-secret'); // no-op, keeps settings path exercised
		const first = await host().as('carol').run('/st busy');
		expect(host().user('carol').status).toBe('busy');
		expect(first.texts).toEqual([stReply('carol', { status: 'busy' }, say('carol', 'st_cb_not_linked'))]); // carol reads Spanish
		expect(cbCalls()).toEqual([]);
		const link = await host().as('carol').run('/st link cb-user-carol-0003');
		expect(link.texts).toEqual([say('carol', 'st_link_done', { uuid: 'cb-user-carol-0003' })]);
		await host().as('carol').run('/st away');
		expect(cbPuts().map((r) => [r.path, r.body])).toEqual([['/v1/users/cb-user-carol-0003/status', { available: false }]]);
	});

	it('answers in the agent\'s language (pt-BR, es)', async () => {
		const bob = await host().as('bob').run('/st busy Em reunião');
		expect(bob.texts).toEqual([stReply('bob', { status: 'busy', text: 'Em reunião' }, say('bob', 'st_cb_done', { state: say('bob', 'st_cb_unavailable') }))]);
		expect(bob.text).toContain('*Rocket.Chat*: ✅ ocupado — “Em reunião”'); // and pt-BR.json does say it in Portuguese
		const carol = await host().as('carol').run('/st away');
		expect(carol.texts).toEqual([stReply('carol', { status: 'away' }, say('carol', 'st_cb_not_linked'))]);
		expect(carol.text).toContain('no estás vinculado');
		expect((await host().as('carol').run('/st busy for 5x')).texts).toEqual([[say('carol', 'st_err_bad_duration', { value: '5x' }), say('carol', 'st_usage')].join('\n')]);
	});

	it('callbell_status_map overrides the mapping per presence and per preset', async () => {
		await host().setSetting('callbell_status_map', 'busy = available:true\nLunch = available:false, custom:none');
		await host().as('alice').run('/st busy In a meeting');
		// busy counts as available here; the text still picks the Callbell custom status by name
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true, custom_status_uuid: MEETING_CB }]);
		clearLogs();
		await host().as('alice').run('/st Lunch');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false, custom_status_uuid: null }]);
	});

	it.each([
		['/st dancing', 'st_err_unknown_status', { word: 'dancing' }],
		['/st busy for 0m', 'st_err_duration_range', {}],
		['/st busy for 5x', 'st_err_bad_duration', { value: '5x' }],
		['/st busy until 25:00', 'st_err_bad_duration', { value: 'until 25:00' }],
		[`/st busy ${'x'.repeat(121)}`, 'st_err_text_too_long', { length: 121, max: 120 }],
		['/st link', 'st_err_link_usage', {}],
	] as const)('%s → one line saying why (%s), the usage, and nothing applied', async (line, why, params) => {
		const before = { ...host().user('alice') };
		const reply = await host().as('alice').run(line);
		expect(reply.texts).toEqual([[say('alice', why, params), say('alice', 'st_usage')].join('\n')]);
		expect(host().user('alice').status).toBe(before.status);
		expect(host().user('alice').statusText).toBe(before.statusText);
		expect(cbCalls().filter((c) => !c.startsWith('GET'))).toEqual([]);
	});

	it('/st help answers with the help and the usage; /st alone without a trigger id falls back to the usage', async () => {
		expect((await host().as('alice').run('/st help')).texts).toEqual([[say('alice', 'st_help'), say('alice', 'st_help_team'), say('alice', 'st_usage')].join('\n')]);
		const alone = await host().as('alice').run('/st', { triggerId: '' });
		expect(alone.surfaces).toEqual([]);
		expect(alone.texts).toEqual([[say('alice', 'st_form_no_trigger'), say('alice', 'st_usage')].join('\n')]);
		expect(cbCalls()).toEqual([]);
	});

	it('/st alone opens the form; submitting it does what the command does', async () => {
		const opened = await host().as('alice').run('/st');
		expect(opened.texts).toEqual([]);
		expect(opened.surfaces).toHaveLength(1);
		const view = opened.surfaces[0].view as { id: string; blocks: Array<{ blockId: string; element: { options?: Array<{ value: string }> } }> };
		expect(view.id).toMatch(/^st\./);
		expect(view.blocks.find((b) => b.blockId === 'st.preset')?.element.options?.map((o) => o.value)).toEqual(['-', 'In a meeting', 'Lunch']);
		// a bad duration stays in the form, nothing applied
		const bad = await host().ui.submit('alice', view, { 'st.presence': { value: 'busy' }, 'st.duration': { value: 'soon' } });
		expect(host().user('alice').status).toBe('online');
		expect(bad.texts).toEqual([]);
		const done = await host().ui.submit('alice', view, { 'st.presence': { value: 'busy' }, 'st.preset': { value: '-' }, 'st.text': { value: 'Focus' }, 'st.duration': { value: '45m' } });
		expect(host().user('alice').status).toBe('busy');
		expect(host().user('alice').statusText).toBe('Focus');
		expect(done.text).toMatch(/\*Rocket\.Chat\*: ✅ busy — “Focus” until/);
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false }]);
		expect(host().jobs.list().some((j) => j.name.includes('status.expire'))).toBe(true);
	});

	it('Callbell 401: Rocket.Chat is set, the reply names callbell_api_token, nothing is queued', async () => {
		demo().sims.callbell.failNext(1, 401);
		const reply = await host().as('alice').run('/st busy');
		expect(host().user('alice').status).toBe('busy');
		expect(reply.text).toMatch(/^Callbell: ❌ failed — .*callbell_api_token/m);
		expect(reply.text).not.toContain(DEMO.callbellToken);
		expect(cbState()?.available).toBe(true);
		await host().jobs.runDue({ advanceMs: 600_000 });
		expect(cbState()?.available).toBe(true);
		// the ledger did not move: the next identical command tries again
		clearLogs();
		await host().as('alice').run('/st busy');
		expect(cbPuts()).toHaveLength(1);
		expect(cbState()?.available).toBe(false);
	});

	it('Callbell 500: queued, applied later by the delivery job, and then known as applied', async () => {
		// The host runs jobs early without moving the clock, and the drain only sends items whose
		// retry time has come: keep the first backoff at 1 ms so "later" is now.
		await host().setSetting('retry_base_delay_ms', 1);
		demo().sims.callbell.failNext(1, 500);
		const reply = await host().as('alice').run('/st busy');
		expect(reply.text).toMatch(/^Callbell: ⏳ queued/m);
		expect(cbState()?.available).toBe(true);
		await host().jobs.runDue({ advanceMs: 600_000 });
		expect(cbState()?.available).toBe(false);
		expect(cbPuts()).toHaveLength(2);
		clearLogs();
		const again = await host().as('alice').run('/st busy');
		expect(again.texts).toEqual([stReply('alice', { status: 'busy' }, say('alice', 'st_cb_unchanged', { state: say('alice', 'st_cb_unavailable') }))]);
		expect(cbCalls()).toEqual([]);
	});

	it('a newer status replaces an unsent one (one PUT with the newest target)', async () => {
		await host().setSetting('retry_base_delay_ms', 1);
		demo().sims.callbell.failNext(1, 503);
		await host().as('alice').run('/st busy');
		await host().as('alice').run('/st online Lunch');
		await host().jobs.runDue({ advanceMs: 600_000 });
		const puts = cbPuts();
		expect(puts).toHaveLength(2); // the failed one, then the replacement
		// Callbell's state was never confirmed to the app (the first PUT failed): both fields go
		expect(puts[1].body).toEqual({ available: true, custom_status_uuid: LUNCH_CB });
		expect(cbState()?.available).toBe(true);
		expect(cbState()?.customStatusId).toBe(LUNCH_CB);
	});
});

describe('no loops between Rocket.Chat and Callbell', () => {
	it('a change in the Rocket.Chat menu reaches Callbell once and is not written back to Rocket.Chat', async () => {
		const updatedBefore = host().user('alice').updatedAt;
		await host().fire.userStatusChanged('alice', { status: 'away', statusText: '' });
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false }]);
		expect(host().user('alice').status).toBe('away');
		expect(host().user('alice').updatedAt).toBe(updatedBefore); // the app never called the user updater
		// the same again (a second presence broadcast): nothing to send
		await host().fire.userStatusChanged('alice', { status: 'away', statusText: '' });
		expect(cbPuts()).toHaveLength(1);
	});

	it('honours status_mirror_from_rocketchat = false', async () => {
		await host().setSetting('status_mirror_from_rocketchat', false);
		await host().fire.userStatusChanged('alice', { status: 'busy' });
		expect(cbCalls()).toEqual([]);
	});

	it('a Callbell webhook sets Rocket.Chat and nothing goes back to Callbell', async () => {
		const body = { email: 'alice@demo.test', name: 'Alice Agent', available: false, lastUpdatedAt: new Date().toISOString(), userCustomStatus: { id: LUNCH_CB, name: 'Lunch' } };
		const res = await host().api.post('callbell-webhook', body, {}, { secret: 'demo-webhook-secret' });
		expect(res.status).toBe(200);
		// "Lunch" is also a Rocket.Chat preset (away): presence from the preset, text = its name
		expect(host().user('alice').status).toBe('away');
		expect(host().user('alice').statusText).toBe('Lunch');
		expect(cbCalls()).toEqual([]); // not even after the Rocket.Chat echo of the app's own change
		// and what Callbell has is now known: the same status from /st is no call
		const reply = await host().as('alice').run('/st Lunch');
		expect(reply.text).toMatch(/skipped — already away · Lunch/);
		expect(cbCalls().filter((c) => c.startsWith('PUT'))).toEqual([]);
	});

	it('Callbell reporting the app\'s own change back is an echo: Rocket.Chat is not touched', async () => {
		await host().as('alice').run('/st busy');
		const updatedAt = host().user('alice').updatedAt;
		clearLogs();
		const echo = { email: 'alice@demo.test', name: 'Alice', available: false, lastUpdatedAt: new Date().toISOString(), userCustomStatus: null };
		const res = await host().api.post('callbell-webhook', echo, {}, { secret: 'demo-webhook-secret' });
		expect(res.content).toMatchObject({ ignored: expect.stringMatching(/echo/) });
		expect(host().user('alice').status).toBe('busy'); // not turned into "away"
		expect(host().user('alice').updatedAt).toBe(updatedAt);
		expect(cbCalls()).toEqual([]);
	});

	it('a webhook without a custom status: availability moves the presence, the text stays; unknown emails are ignored', async () => {
		await host().as('alice').run('/st busy Deep work');
		clearLogs();
		const res = await host().api.post('callbell-webhook', { event: 'agent_status_updated', payload: { email: 'ALICE@demo.test', name: 'Alice', available: true, lastUpdatedAt: new Date().toISOString(), userCustomStatus: null } }, { 'x-callbell-secret': 'demo-webhook-secret' });
		expect(res.status).toBe(200);
		expect(host().user('alice').status).toBe('online');
		expect(host().user('alice').statusText).toBe('Deep work');
		const away = await host().api.post('callbell-webhook', { email: 'alice@demo.test', available: false, userCustomStatus: null }, {}, { secret: 'demo-webhook-secret' });
		expect(away.status).toBe(200);
		expect(host().user('alice').status).toBe('away');
		expect(cbCalls()).toEqual([]);
		const other = await host().api.post('callbell-webhook', { email: 'nobody@demo.test', available: false }, {}, { secret: 'demo-webhook-secret' });
		expect(other.status).toBe(200);
		expect(other.content).toMatchObject({ ignored: expect.stringMatching(/no Rocket\.Chat user/) });
	});

	it('the webhook without or with a wrong secret is refused and changes nothing', async () => {
		const body = { email: 'alice@demo.test', name: 'Alice', available: false, lastUpdatedAt: '2026-01-01T00:00:00Z', userCustomStatus: null };
		expect((await host().api.post('callbell-webhook', body)).status).toBe(401);
		expect((await host().api.post('callbell-webhook', body, {}, { secret: 'nope' })).status).toBe(401);
		expect(host().user('alice').status).toBe('online');
		const bad = await host().api.post('callbell-webhook', { email: 'not-an-email' }, {}, { secret: 'demo-webhook-secret' });
		expect(bad.status).toBe(400);
	});
});

describe('the bot endpoint POST …/status', () => {
	const auth = { Authorization: 'Bearer demo-api-secret' };

	it('refuses without or with a wrong secret (401), explains a bad body (400)', async () => {
		expect((await host().api.post('status', { user: 'alice', status: 'busy' })).status).toBe(401);
		expect((await host().api.post('status', { user: 'alice', status: 'busy' }, { Authorization: 'Bearer demo-api-secreT' })).status).toBe(401);
		const bad = await host().api.post('status', { user: 'alice', status: 'sleeping' }, auth);
		expect(bad.status).toBe(400);
		expect(JSON.stringify(bad.content)).toMatch(/status/);
		const none = await host().api.post('status', { user: 'alice' }, auth);
		expect(none.status).toBe(400);
		expect(JSON.stringify(none.content)).toMatch(/status or preset/);
		expect(host().user('alice').status).toBe('online');
		expect(cbCalls()).toEqual([]);
	});

	it('does what /st does, by username or email, and answers per system', async () => {
		const res = await host().api.post('status', { user: 'alice@demo.test', status: 'busy', text: 'On a call', for: '30m' }, auth);
		expect(res.status).toBe(200);
		expect(res.content).toMatchObject({ ok: true, user: 'alice', rocketchat: { state: 'done', status: 'busy', text: 'On a call' }, callbell: { state: 'done', available: false } });
		expect(host().user('alice').statusText).toBe('On a call');
		expect(cbPuts()).toHaveLength(1);
		expect(host().jobs.list().some((j) => j.name.includes('status.expire'))).toBe(true);
		const preset = await host().api.post('status', { user: 'bob', preset: 'in a meeting' }, auth);
		expect(preset.content).toMatchObject({ rocketchat: { status: 'busy', text: 'In a meeting' }, callbell: { state: 'done', available: false, customStatusUuid: MEETING_CB } });
		expect(host().user('bob').status).toBe('busy');
	});
});

describe('timed statuses', () => {
	it('for 30m restores Rocket.Chat and Callbell after an app restart', async () => {
		await host().as('alice').run('/st busy In a meeting');
		await host().as('alice').run('/st online');
		clearLogs();
		const reply = await host().as('alice').run('/st away Lunch for 30m');
		expect(reply.text).toMatch(/until \d\d:\d\d \(UTC\)/);
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false, custom_status_uuid: LUNCH_CB }]);
		await demo().restart({ timers: 'manual' });
		clearLogs();
		await host().jobs.runDue({ advanceMs: 29 * 60_000 });
		expect(host().user('alice').status).toBe('away');
		expect(cbPuts()).toHaveLength(0);
		await host().jobs.runDue({ advanceMs: 31 * 60_000 });
		expect(host().user('alice').status).toBe('online');
		expect(host().user('alice').statusText).toBe('');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true, custom_status_uuid: null }]);
		expect(cbState()).toMatchObject({ available: true, customStatusId: null });
		// and alice hears it (a direct message from the app: a timer has no room), with what each system shows now
		const dm = [...demo().world.rooms.values()].find((r) => r.type === 'd' && (r.usernames ?? []).includes('alice'));
		const told = demo().world.messages.filter((m) => m.roomId === dm?.id && /timed status ended/.test(m.text ?? ''));
		expect(told).toHaveLength(1);
		expect(told[0].text).toMatch(/\*Rocket\.Chat\*: ✅ online/);
		expect(told[0].text).toMatch(/Callbell: ✅ available/);
	});

	it('until HH:MM uses the agent\'s own UTC offset', async () => {
		host().world.users.set(host().user('alice').id, { ...host().user('alice'), utcOffset: -3 });
		const now = new Date();
		const local = new Date(now.getTime() - 3 * 3_600_000 + 2 * 3_600_000); // two hours from now, agent's clock
		const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
		const reply = await host().as('alice').run(`/st busy until ${hhmm}`);
		expect(reply.text).toContain(`until ${hhmm} (UTC−3)`);
		const job = host().jobs.list().find((j) => j.name.includes('status.expire'));
		expect(job).toBeDefined();
		expect(Math.abs((job as { when: number }).when - (now.getTime() + 2 * 3_600_000))).toBeLessThan(61_000);
	});

	it('does not restore when the agent changed status in between', async () => {
		await host().as('alice').run('/st busy for 30m');
		await host().fire.userStatusChanged('alice', { status: 'away', statusText: 'Back soon' });
		clearLogs();
		await host().jobs.runDue({ advanceMs: 31 * 60_000 });
		expect(host().user('alice').status).toBe('away');
		expect(host().user('alice').statusText).toBe('Back soon');
		expect(cbCalls()).toEqual([]);
	});

	it('/st clear clears the text and the timer', async () => {
		await host().as('alice').run('/st busy Focus for 30m');
		const reply = await host().as('alice').run('/st clear');
		expect(reply.text).toContain(say('alice', 'st_timer_cancelled'));
		expect(host().user('alice').statusText).toBe('');
		await host().jobs.runDue({ advanceMs: 31 * 60_000 });
		expect(host().user('alice').status).toBe('busy');
	});
});

describe('presets', () => {
	it('/st <preset> applies an admin preset (case-insensitive) and its Callbell twin', async () => {
		const reply = await host().as('alice').run('/st lunch');
		expect(host().user('alice').status).toBe('away');
		expect(host().user('alice').statusText).toBe('Lunch');
		expect(reply.text).toMatch(/Callbell: ✅ away · Lunch/);
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false, custom_status_uuid: LUNCH_CB }]);
	});

	it('/st list shows presets and the state in each system', async () => {
		await host().as('alice').run('/st busy');
		const reply = await host().as('alice').run('/st list');
		expect(reply.text).toMatch(/• Lunch — away/);
		expect(reply.text).toMatch(/• In a meeting — busy/);
		expect(reply.text).toMatch(/\*Rocket\.Chat\*: busy/);
		expect(reply.text).toMatch(/Callbell: away/);
	});

	it('a refused Rocket.Chat admin token is named in the reply', async () => {
		await host().setSetting('rocketchat_admin_token', 'wrong-token');
		const reply = await host().as('admin').run('/st preset add Focus busy');
		expect(reply.text).toMatch(/\*Rocket\.Chat\* refused the credentials.*rocketchat_admin_token/);
		expect(reply.text).not.toContain('wrong-token');
		const agent = await host().as('alice').run('/st Lunch');
		expect(agent.text).toMatch(/neither a status[\s\S]*rocketchat_admin_token[\s\S]*Usage/);
		expect(host().user('alice').status).toBe('online');
	});

	it('refuses preset commands to a non-admin without calling Rocket.Chat', async () => {
		clearLogs();
		for (const line of ['/st preset add Focus busy', '/st preset set Lunch busy', '/st preset rename Lunch -> Food', '/st preset remove Lunch']) {
			const reply = await host().as('alice').run(line);
			expect(reply.texts).toEqual([say('alice', 'admin_only', { command: '/st preset' })]);
		}
		expect(rcCalls()).toEqual([]);
		expect([...demo().sims.rocketchat.state.statuses.values()].map((s) => s.name).sort()).toEqual(['In a meeting', 'Lunch']);
	});

	it('lets an admin add, set, rename and remove presets, checking names first and translating errors', async () => {
		const names = () => [...demo().sims.rocketchat.state.statuses.values()].map((s) => `${s.name}:${s.statusType}`).sort();
		expect((await host().as('admin').run('/st preset add Focus time busy')).text).toMatch(/Preset “Focus time” \(busy\) created/);
		expect(names()).toContain('Focus time:busy');
		expect((await host().as('admin').run('/st preset set focus TIME away')).text).toMatch(/is now away/);
		expect(names()).toContain('Focus time:away');
		expect((await host().as('admin').run('/st preset rename Focus time -> Deep focus')).text).toMatch(/renamed to “Deep focus”/);
		// the cache was refreshed: agents can use the new name at once
		expect((await host().as('alice').run('/st deep focus')).text).toMatch(/\*Rocket\.Chat\*: ✅ away — “Deep focus”/);
		expect((await host().as('admin').run('/st preset add lunch busy')).text).toMatch(/already exists/);
		clearLogs();
		expect((await host().as('admin').run('/st preset add Bad<name busy')).text).toMatch(/may not contain/);
		expect(rcCalls()).toEqual([]);
		expect((await host().as('admin').run('/st preset remove Deep focus')).text).toMatch(/removed/);
		expect((await host().as('admin').run('/st preset remove Nothing here')).text).toMatch(/There is no preset “Nothing here”/);
		expect(names()).toEqual(['In a meeting:busy', 'Lunch:away']);
	});
});
