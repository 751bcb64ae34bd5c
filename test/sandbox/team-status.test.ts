import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { UiRecord } from '../../sandbox/host/bridges';
import { DEMO } from '../../sandbox/simulators';
import { demoPerTest, says } from './fixtures';

/**
 * Issue 10, "Managers set an agent's status" and "Team board", in the real engine against the
 * simulators: `/st @bob …` takes bob's own path (Rocket.Chat, Callbell, timers), tells bob in his
 * language and audits both names; `/st team` shows a room's or team's members from what the app
 * already knows, ordered and paged, and never calls a vendor.
 */

const BOB_CB = DEMO.callbellUsers[1].uuid;
const demo = demoPerTest();
const host = () => demo().host;
const world = () => demo().world;
const vendorCalls = () => demo().sims.list.flatMap((s) => s.requests.map((r) => `${s.name} ${r.method} ${r.path}`));
const clearLogs = () => demo().sims.list.forEach((s) => s.clear());
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** What the app's bot user wrote in its direct message with `username`. */
function directMessages(username: string): string[] {
	const dms = [...world().rooms.values()].filter((r) => r.type === RoomType.DIRECT_MESSAGE && (r as { usernames?: string[] }).usernames?.includes(username));
	return world()
		.messages.filter((m) => m.kind === 'message' && dms.some((r) => r.id === m.roomId))
		.map((m) => m.text);
}

describe('/st @user: a manager sets an agent status', () => {
	it('sets bob on his own path (Rocket.Chat, Callbell, timer), tells bob in pt-BR who did it, audits both names', async () => {
		const reply = await host().as('admin').run('/st @bob away Covering the phones for 1h');
		expect(host().user('bob').status).toBe('away');
		expect(host().user('bob').statusText).toBe('Covering the phones');
		expect(host().user('admin').status).toBe('online');
		const puts = demo().sims.callbell.requests.filter((r) => r.method === 'PUT');
		expect(puts.map((r) => [r.path, r.body])).toEqual([[`/v1/users/${BOB_CB}/status`, { available: false }]]);
		expect(demo().sims.callbell.state.users.get(BOB_CB)?.available).toBe(false);

		const timer = host().jobs.list().find((j) => j.name.startsWith('status.expire'));
		expect(timer?.data).toMatchObject({ userId: host().user('bob').id });
		const until = hhmm(timer?.when ?? 0);
		expect(reply.text).toBe(`Status of @bob, set by you:\nRocket.Chat: ✅ away — “Covering the phones” until ${until} (UTC)\nCallbell: ✅ away`);
		expect(directMessages('bob')).toEqual([`👤 @admin alterou o seu status:\nRocket.Chat: ✅ ausente — “Covering the phones” até ${until} (UTC)\nCallbell: ✅ ausente`]);

		const adminAudit = await host().as('admin').run('/inbox-bridge audit @admin');
		expect(adminAudit.text).toMatch(/@admin status\.set_for rocketchat @bob: done \(away “Covering the phones” until \S+\)/);
		// bob's own audit (agents see only themselves) lists what was done to him
		const bobAudit = await host().as('bob').run('/inbox-bridge audit');
		expect(bobAudit.text).toMatch(/@admin status\.set_for rocketchat @bob: done/);

		// the timer restores bob's own state, as his own timed status would
		await host().jobs.runDue({ all: true });
		expect(host().user('bob').status).toBe('online');
		expect(host().user('bob').statusText).toBe('');
	});

	it('refuses a user without a role in status_manager_roles, in their language, names the roles and records it', async () => {
		const refused = await host().as('alice').run('/st @bob busy In a call');
		expect(refused.text).toBe("You may not set another agent's status: it needs one of the roles admin, livechat-manager (setting `status_manager_roles`). The attempt was recorded.");
		const pt = await host().as('bob').run('/st @alice busy');
		expect(pt.text).toBe('Você não pode definir o status de outro agente: é preciso ter um dos papéis admin, livechat-manager (configuração `status_manager_roles`). A tentativa foi registrada.');
		expect(host().user('bob').status).toBe('online');
		expect(host().user('alice').status).toBe('online');
		expect(vendorCalls()).toEqual([]);
		expect(directMessages('bob')).toEqual([]);
		const audit = await host().as('admin').run('/inbox-bridge audit');
		expect(audit.text).toMatch(/@alice status\.set_for rocketchat @bob: refused \(needs one of: admin, livechat-manager\)/);

		// the setting decides: give livechat-agent the right and alice may
		await host().setSetting('status_manager_roles', 'livechat-agent');
		const allowed = await host().as('alice').run('/st @bob busy In a call');
		expect(allowed.text).toMatch(/^Status of @bob, set by you:/);
		expect(host().user('bob').status).toBe('busy');
	});

	it('an unknown user gets the one refusal every refused target gets (manager-rule.test.ts), and reveals nothing to someone without the role', async () => {
		const unknown = await host().as('admin').run('/st @nobody away');
		expect(unknown.text).toBe(says(demo(), 'admin', 'st_manage_target_refused', { user: 'nobody', roles: 'livechat-agent' }));
		const stranger = await host().as('alice').run('/st @nobody away');
		expect(stranger.text).toMatch(/^You may not set another agent's status/);
		const usage = await host().as('admin').run('/st @bob');
		expect(usage.text).toMatch(/^To set another agent's status: `\/st @user/);
		const notAChange = await host().as('admin').run('/st @bob list');
		expect(notAChange.text).toBe(usage.text);
		expect(vendorCalls()).toEqual([]);
	});

	it('/st @bob clear clears the text and the timer; /st @bob <preset> applies the preset', async () => {
		await host().as('admin').run('/st @bob busy On the phones for 2h');
		clearLogs();
		const cleared = await host().as('admin').run('/st @bob clear');
		expect(host().user('bob').status).toBe('busy');
		expect(host().user('bob').statusText).toBe('');
		expect(cleared.text).toMatch(/Timer cancelled\.$/);
		expect(host().jobs.list().filter((j) => j.name.startsWith('status.expire'))).toEqual([]);
		expect(directMessages('bob').at(-1)).toMatch(/^👤 @admin alterou o seu status:\nRocket\.Chat: ✅ ocupado\n[\s\S]*Temporizador cancelado\.$/);

		const lunch = await host().as('admin').run('/st @bob Lunch');
		expect(lunch.text).toMatch(/Rocket\.Chat: ✅ away — “Lunch”/);
		expect(host().user('bob').status).toBe('away');
		expect(host().user('bob').statusText).toBe('Lunch');
		expect(demo().sims.callbell.requests.filter((r) => r.method === 'PUT').at(-1)?.body).toMatchObject({ custom_status_uuid: DEMO.callbellCustomStatuses[0].id });
	});

	it('a manager who is not linked to Callbell is told about bob, not "you"; /st @me is one\'s own /st', async () => {
		host().addUser({ username: 'dave', roles: ['user', 'livechat-manager'], email: 'dave@nowhere.test' });
		host().addUser({ username: 'erin', roles: ['user', 'livechat-agent'], email: 'erin@nowhere.test' });
		const reply = await host().as('dave').run('/st @erin busy');
		expect(reply.text).toContain('Callbell: ⏭ skipped — @erin is not linked to a Callbell user.');
		const own = await host().as('carol').run('/st @carol busy');
		expect(own.text).toMatch(/^Rocket\.Chat: ✅ ocupado/);
		expect(host().user('carol').status).toBe('busy');
	});
});

/** The board as the last surface the user saw (a contextual bar). */
const board = (surfaces: UiRecord[]) => {
	const s = surfaces.at(-1);
	const blocks = ((s?.view?.blocks ?? []) as Array<{ type: string; blockId?: string; text?: { text: string }; elements?: Array<{ actionId?: string; value?: string; text?: { text: string } }> }>);
	const rows = blocks.filter((b) => b.blockId?.startsWith('st.board.member.')).map((b) => b.text?.text ?? '');
	const buttons = blocks.find((b) => b.type === 'actions')?.elements ?? [];
	return { type: s?.type, view: s?.view, rows, header: blocks[0]?.text?.text ?? '', buttons, usernames: rows.map((r) => /@(\S+) ·/.exec(r)?.[1]) };
};

describe('/st team: the team board', () => {
	const PRESENCES = ['offline', 'busy', 'away', 'online'] as const;

	/** A room of `n` people with names out of order and presences mixed; returns its id. */
	function seedRoom(name: string, n: number, opts: { team?: boolean; with?: string[] } = {}): string {
		const names: string[] = [];
		for (let i = 0; i < n; i++) {
			const username = `agent${String(n - i).padStart(2, '0')}`;
			host().addUser({ username, roles: ['user', 'livechat-agent'], status: PRESENCES[i % 4], email: `${username}@team.test` });
			names.push(username);
		}
		return world().addRoom({ name, members: [...names, ...(opts.with ?? [])], team: opts.team }).id;
	}

	it('orders available first (online, away, busy, offline; then name), pages by 20 with Next/Previous, and refreshes in place', async () => {
		const roomId = seedRoom('support', 44, { with: ['alice'] });
		clearLogs();
		const opened = await host().as('alice', roomId).run('/st team');
		const first = board(opened.surfaces);
		expect(first.type).toBe('contextual_bar.open');
		expect(first.header).toBe('*#support* · 45 members · page 1 of 3');
		expect(first.rows).toHaveLength(20);
		// 12 online (11 agents and alice), then away…
		const online = first.rows.filter((r) => r.startsWith('🟢'));
		expect(online).toHaveLength(12);
		expect(first.rows.slice(12).every((r) => r.startsWith('🟡'))).toBe(true);
		expect(first.usernames.slice(0, 3)).toEqual(['agent01', 'agent05', 'agent09']);
		expect(first.usernames).toContain('alice');
		expect(first.buttons.map((b) => b.actionId)).toEqual(['st.board.refresh', 'st.board.next']);

		const next = first.buttons.find((b) => b.actionId === 'st.board.next');
		const second = board((await host().ui.blockAction('alice', { actionId: 'st.board.next', value: next?.value, view: first.view })).surfaces);
		expect(second.type).toBe('contextual_bar.update');
		expect(second.header).toBe('*#support* · 45 members · page 2 of 3');
		expect(second.rows.slice(0, 2).every((r) => r.startsWith('🟡'))).toBe(true);
		expect(second.rows.at(-1)?.startsWith('⚪')).toBe(true);
		expect(second.buttons.map((b) => b.actionId)).toEqual(['st.board.refresh', 'st.board.previous', 'st.board.next']);

		const last = board((await host().ui.blockAction('alice', { actionId: 'st.board.next', value: second.buttons[2].value, view: second.view })).surfaces);
		expect(last.header).toBe('*#support* · 45 members · page 3 of 3');
		expect(last.rows).toHaveLength(5);
		expect(last.rows.every((r) => r.startsWith('⚪'))).toBe(true);
		expect(last.buttons.map((b) => b.actionId)).toEqual(['st.board.refresh', 'st.board.previous']);

		// someone goes offline: Refresh on page 1 shows it
		await host().as('agent01').run('/st offline');
		const back = board((await host().ui.blockAction('alice', { actionId: 'st.board.previous', value: last.buttons[1].value, view: last.view })).surfaces);
		expect(back.header).toBe('*#support* · 45 members · page 2 of 3');
		const refreshed = board((await host().ui.blockAction('alice', { actionId: 'st.board.refresh', value: `${roomId}:0`, view: back.view })).surfaces);
		expect(refreshed.header).toBe('*#support* · 45 members · page 1 of 3');
		expect(refreshed.usernames.slice(0, 2)).toEqual(['agent05', 'agent09']);
		expect(refreshed.usernames).not.toContain('agent01');
	});

	it('shows text with "until", Callbell as last confirmed, Omnichannel as known, and who is linked to nothing — with no vendor call', async () => {
		await host().as('alice').run('/st busy In a meeting for 30m');
		await host().as('admin').run('/st @bob away');
		const timer = host().jobs.list().find((j) => j.name.startsWith('status.expire'));
		clearLogs();
		const opened = await host().as('alice').run('/st team');
		const shown = board(opened.surfaces);
		expect(shown.header).toBe('*#general* · 4 members · page 1 of 1');
		expect(shown.usernames).toEqual(['admin', 'carol', 'bob', 'alice']);
		const row = (u: string) => shown.rows[shown.usernames.indexOf(u)];
		expect(row('alice')).toBe(`🔴 *alice* @alice · busy — “In a meeting” until ${hhmm(timer?.when ?? 0)} (UTC)\nCallbell: away · In a meeting · Omnichannel: agent, availability not known to the app yet`);
		expect(row('bob')).toBe('🟡 *bob* @bob · away\nCallbell: away · Omnichannel: agent, availability not known to the app yet');
		expect(row('carol')).toBe('🟢 *carol* @carol · online\n⚠ linked to nothing: no Callbell user, not an Omnichannel agent');
		expect(row('admin')).toBe('🟢 *admin* @admin · online\n⚠ linked to nothing: no Callbell user, not an Omnichannel agent');

		await host().ui.blockAction('alice', { actionId: 'st.board.refresh', value: shown.buttons[0].value, view: shown.view });
		expect(vendorCalls()).toEqual([]);
	});

	it('a Callbell change still queued shows what Callbell last confirmed, marked as queued', async () => {
		await host().as('alice').run('/st away');
		demo().sims.callbell.failNext(5, 503);
		await host().as('alice').run('/st online');
		clearLogs();
		const shown = board((await host().as('alice').run('/st team')).surfaces);
		expect(shown.rows[shown.usernames.indexOf('alice')]).toBe('🟢 *alice* @alice · online\nCallbell: away (a change is queued) · Omnichannel: agent, availability not known to the app yet');
		expect(vendorCalls()).toEqual([]);
	});

	it('costs the same engine calls per page whatever the room size: one member list, reads for the page only', async () => {
		const costOf = async (roomId: string) => {
			const { calls, result } = await host().engineCalls.measure(() => host().as('alice', roomId).run('/st team'));
			expect(board(result.surfaces).rows).toHaveLength(20);
			return Object.fromEntries(Object.entries(calls.byMethod).sort());
		};
		await host().as('alice').run('/st team'); // the app's settings are read once, by the first call
		const small = await costOf(seedRoom('small', 25, { with: ['alice'] }));
		const large = await costOf(seedRoom('large', 99, { with: ['alice'] }));
		expect(large).toEqual(small);
		expect(small['accessor:getReader:getRoomReader:getMembers']).toBe(1);
		// per member at most its link, ledger and timer (plus the index of a link that exists)
		expect(small['accessor:getReader:getPersistenceReader:readByAssociation']).toBeLessThanOrEqual(3 * 20 + 10);
		expect(vendorCalls()).toEqual([]);
	});

	it('resolves #room and @team (its main room), and refuses unknown names, non-members and roles outside status_board_roles', async () => {
		seedRoom('escalations', 3, { team: true, with: ['alice'] });
		seedRoom('backoffice', 2);
		const team = board((await host().as('alice').run('/st team @escalations')).surfaces);
		expect(team.header).toBe('*@escalations* · 4 members · page 1 of 1');
		const asRoom = board((await host().as('alice').run('/st team #escalations')).surfaces);
		expect(asRoom.header).toBe(team.header);

		// no such team, no such room, a room alice is not in: one answer (board-privacy.test.ts)
		const hidden = (target: string) => says(demo(), 'alice', 'st_board_not_visible', { target });
		expect((await host().as('alice').run('/st team @backoffice')).text).toBe(hidden('@backoffice'));
		expect((await host().as('alice').run('/st team #nowhere')).text).toBe(hidden('#nowhere'));
		const outsider = await host().as('alice').run('/st team #backoffice');
		expect(outsider.text).toBe(hidden('#backoffice'));
		expect(outsider.surfaces).toEqual([]);
		// a forged button for a room alice is not in shows nothing
		const roomId = [...world().rooms.values()].find((r) => r.slugifiedName === 'backoffice')?.id;
		const forged = await host().ui.blockAction('alice', { actionId: 'st.board.refresh', value: `${roomId}:0`, view: { id: `st.board.${roomId}` } });
		expect(forged.surfaces).toEqual([]);
		expect(forged.text).toBe(says(demo(), 'alice', 'st_board_gone'));
		// admins may look at any room
		expect(board((await host().as('admin').run('/st team #backoffice')).surfaces).header).toBe('*#backoffice* · 2 members · page 1 of 1');

		const carol = await host().as('carol').run('/st team');
		expect(carol.text).toBe('No puedes ver el panel del equipo: hace falta uno de los roles livechat-agent, livechat-manager, admin (ajuste `status_board_roles`). El intento quedó registrado.');
		expect(carol.surfaces).toEqual([]);
		const audit = await host().as('admin').run('/inbox-bridge audit');
		expect(audit.text).toMatch(/@carol status\.board rocketchat \/st team: refused/);
		expect(audit.text).toMatch(/@alice status\.board rocketchat @escalations: done/);
		expect(vendorCalls()).toEqual([]);
	});
});
