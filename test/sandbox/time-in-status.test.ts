import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { callbellWebhook } from '../../sandbox/simulators/callbell-webhooks';
import { decode } from '../../src/status/timeline/codec';
import { intervals, totals } from '../../src/status/timeline/intervals';
import type { Step } from '../../src/status/timeline/store';
import { demoPerTest, says, sleep } from './fixtures';

/**
 * Issue 21, time in status, through the packaged app: every source's change lands in the agent's
 * timeline (one record per agent per day, written by the one per-agent turn) with the state after it,
 * the report counts the time between changes, and the retention job removes old days.
 */
const demo = demoPerTest({ settings: { status_manager_roles: 'admin', status_managed_roles: 'livechat-agent' } });
const host = () => demo().host;
const assoc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);

/** An agent's current day as stored (the head record), decoded by the app's own codec. */
function dayOf(username = 'alice') {
	const id = `id:tl:${host().user(username).id}`;
	const record = [...demo().world.persistence.values()].find((r) => r.associations.some((a) => a.getID() === id));
	return record ? decode(record.data) : undefined;
}

/** Runs `fn` and says when it ran: the engine stamps the change between these two instants. */
async function at(fn: () => Promise<unknown>): Promise<{ from: number; to: number }> {
	const from = Date.now();
	await fn();
	await host().idle();
	return { from, to: Date.now() };
}

describe('time in status', () => {
	it('every source lands in the timeline, in order, with who made it: the agent, a manager, the bot endpoint, Callbell, the Rocket.Chat menu, a timer, working hours', async () => {
		await at(() => host().as('alice').run('/st busy Focus'));
		await at(() => host().as('admin').run('/st @alice away Covering the phones'));
		await at(() => host().api.post('status', { user: 'alice', status: 'online' }, { authorization: 'Bearer demo-api-secret' }));
		await sleep(1100); // Callbell stamps whole seconds: its event must be newer than the app's last change
		const ev = callbellWebhook('agent_status_updated', { email: 'alice@demo.test', name: 'Alice', available: false, lastUpdatedAt: new Date().toISOString(), userCustomStatus: null });
		await at(() => host().api.request('POST', host().api.url('callbell-webhook'), { raw: ev.raw, headers: ev.headers, query: { secret: 'demo-webhook-secret' } }));
		await at(() => host().fire.userStatusChanged('alice', { status: 'busy', previousStatus: 'away' }));
		await at(() => host().as('alice').run('/st online Back for 1m'));
		await at(() => host().jobs.runDue({ advanceMs: 2 * 60_000 }));
		// working hours: a daily shift that started half an hour ago ends in half an hour (its end always applies)
		const base = Math.ceil(Date.now() / 60_000) * 60_000;
		const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
		await host().as('alice').run(`/st hours daily ${hhmm(base - 30 * 60_000)}-${hhmm(base + 30 * 60_000)}`);
		await at(() => host().jobs.runDue({ advanceMs: base + 30 * 60_000 - Date.now() + 1000 }));

		const day = dayOf();
		expect(day).toBeDefined();
		const changes = day?.changes ?? [];
		expect(changes.map((c) => [c.source, c.presence, c.by ?? ''])).toEqual([
			['self', 'busy', ''],
			['manager', 'away', 'admin'],
			['bot', 'online', ''],
			['callbell', 'away', ''],
			['rocketchat', 'busy', ''],
			['self', 'online', ''],
			['timer', 'busy', ''],
			['hours', 'away', ''],
		]);
		expect(changes[0].text).toBe('Focus');
		expect(changes[1].text).toBe('Covering the phones');
		// what Callbell had after each change of the app's, as the turn knew it
		expect(changes[0].callbell?.available).toBe(false);
		expect(changes[2].callbell?.available).toBe(true);
	});

	it('the totals are the time between the changes, to the second of when each was made', async () => {
		const marks: Array<{ from: number; to: number }> = [];
		marks.push(await at(() => host().as('alice').run('/st busy')));
		await sleep(1500);
		marks.push(await at(() => host().as('alice').run('/st away')));
		await sleep(700);
		marks.push(await at(() => host().as('alice').run('/st busy')));
		await sleep(400);
		const end = Date.now();
		const changes = dayOf()?.changes ?? [];
		expect(changes.map((c) => c.presence)).toEqual(['busy', 'away', 'busy']);
		// each change was stamped while its command ran (the record keeps whole seconds)
		const second = (ms: number) => Math.floor(ms / 1000) * 1000;
		changes.forEach((c, i) => {
			expect(c.at).toBeGreaterThanOrEqual(second(marks[i].from));
			expect(c.at).toBeLessThanOrEqual(marks[i].to);
		});
		const steps: Step[] = changes.map(({ at: when, ...state }) => ({ at: when, state }));
		const t = totals(intervals(steps, { from: changes[0].at, to: end }));
		expect(t.presence.busy).toBe(changes[1].at - changes[0].at + (end - changes[2].at));
		expect(t.presence.away).toBe(changes[2].at - changes[1].at);
		// and, to the second, what the test measured around each command
		expect(t.presence.away).toBeGreaterThanOrEqual(second(marks[2].from) - marks[1].to);
		expect(t.presence.away).toBeLessThanOrEqual(marks[2].to - second(marks[1].from));
		expect(t.presence.busy + t.presence.away).toBe(end - changes[0].at);

		// the report opens in a contextual bar titled as the catalogue says
		const report = await host().as('alice').run('/st report');
		expect(JSON.stringify(report.surfaces)).toContain(says(demo(), 'alice', 'st_report_title'));
	});

	it('someone else’s report: a manager of that agent may, a peer may not', async () => {
		await host().as('alice').run('/st busy');
		const peer = await host().as('bob').run('/st report @alice');
		expect(peer.text).toBe(says(demo(), 'bob', 'st_report_refused', { target: '@alice' }));
		const boss = await host().as('admin').run('/st report @alice today');
		// a contextual bar (the command's trigger opens one), its blocks naming alice
		expect(boss.text).toBe('');
		expect(JSON.stringify(boss.surfaces)).toContain('@alice');
	});

	it('the retention job, run by the scheduler, removes days past status_timeline_retention_days', async () => {
		await host().setSetting('status_timeline_retention_days', 30);
		await host().as('alice').run('/st busy');
		const old = [...demo().world.persistence.values()].find((r) => r.associations.some((a) => a.getID() === `id:tl:${host().user('alice').id}`));
		expect(old).toBeDefined();
		// an archived day from long ago, written as the app writes one (tagged with its day)
		const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		const day = isoDay(Date.now() - 40 * 86_400_000); // 40 days ago: past 30
		demo().world.persistence.set('tl-old', { ...(old as NonNullable<typeof old>), id: 'tl-old', associations: [assoc(`id:tl:u-x:${day}`), assoc(`tag:tl:day:${day}`)] });
		const recent = isoDay(Date.now() - 20 * 86_400_000); // inside the 30 days: kept
		demo().world.persistence.set('tl-recent', { ...(old as NonNullable<typeof old>), id: 'tl-recent', associations: [assoc(`id:tl:u-x:${recent}`), assoc(`tag:tl:day:${recent}`)] });
		// where the job's walk stands (it removes at most 31 days per run): just before that day
		demo().world.persistence.set('tl-cursor', { id: 'tl-cursor', appId: host().appId, data: { d: isoDay(Date.now() - 41 * 86_400_000) }, associations: [assoc('id:tl-prune:cursor')] });
		expect(await host().jobs.runDue({ all: true })).toBeGreaterThan(0);
		await host().idle();
		expect(demo().world.persistence.has('tl-old')).toBe(false);
		expect(demo().world.persistence.has('tl-recent')).toBe(true);
		expect(dayOf()?.changes.length).toBe(1);
	});

	it('a preset held past its allowed time: the agent hears it once; a hold that ended in time says nothing', async () => {
		await host().setSetting('status_preset_limits', 'Lunch=1m');
		// what the app said to alice in her direct message with it
		const toAlice = (since: number) => {
			const dm = [...demo().world.rooms.values()].find((r) => r.type === 'd' && (r.usernames ?? []).includes('alice'));
			return demo().world.messages.slice(since).filter((m) => m.kind === 'message' && m.roomId === dm?.id).map((m) => m.text);
		};
		const notice = says(demo(), 'alice', 'st_overrun_notice', { preset: 'Lunch', time: '', limit: '' }).split('*')[0];

		// a hold that ends before its limit: the job finds it over and says nothing
		await host().as('alice').run('/st Lunch');
		await host().as('alice').run('/st online');
		await sleep(1100); // the record keeps whole seconds: the next hold starts in a later one
		let since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 2 * 60_000 });
		await host().idle();
		expect(toAlice(since).filter((t) => t.startsWith(notice))).toEqual([]);

		// a hold still on when the limit passes: one notice, naming the preset and its limit
		await host().as('alice').run('/st Lunch');
		since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 2 * 60_000 });
		await host().idle();
		const told = toAlice(since).filter((t) => t.startsWith(notice));
		expect(told).toHaveLength(1);
		expect(told[0]).toContain('*Lunch*');
		expect(told[0]).toContain('1 min');
		// not twice
		await host().jobs.runDue({ advanceMs: 5 * 60_000 });
		await host().idle();
		expect(toAlice(since).filter((t) => t.startsWith(notice))).toHaveLength(1);
	});

	it('with status_overrun_room set, the room hears it too, once, naming the agent; a name that finds no room is logged, not created', async () => {
		await host().setSetting('status_preset_limits', 'Lunch=1m');
		await host().setSetting('status_overrun_room', '#general');
		const general = [...demo().world.rooms.values()].find((r) => r.slugifiedName === 'general' || r.displayName === 'general');
		if (!general) throw new Error('no #general in the sandbox');
		const inGeneral = (since: number) => demo().world.messages.slice(since).filter((m) => m.kind === 'message' && m.roomId === general.id).map((m) => m.text);
		const roomNotice = says(demo(), 'admin', 'st_overrun_room_notice', { username: 'alice', preset: 'Lunch', time: '', limit: '' }).split('*')[0];

		await host().as('alice').run('/st Lunch');
		let since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 2 * 60_000 });
		await host().idle();
		const told = inGeneral(since).filter((t) => t.startsWith(roomNotice));
		expect(told).toHaveLength(1);
		expect(told[0]).toContain('*Lunch*');

		// a room that does not exist: nothing is posted or created anywhere but the agent's own notice
		await host().as('alice').run('/st online');
		await host().setSetting('status_overrun_room', 'no-such-room');
		await sleep(1100);
		await host().as('alice').run('/st Lunch');
		const rooms = demo().world.rooms.size;
		since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 2 * 60_000 });
		await host().idle();
		expect(inGeneral(since)).toEqual([]);
		expect(demo().world.rooms.size).toBe(rooms);
		expect(JSON.stringify(demo().world.logs)).toContain('status_overrun_room names no room the app can post in (no-such-room)');
	});

	it('an agent the app follows in nothing: Rocket.Chat’s own flips still count once the app knows them', async () => {
		// carol: no Callbell user, not an Omnichannel agent; before the app ever changed her, nothing is kept
		await at(() => host().fire.userStatusChanged('carol', { status: 'away', previousStatus: 'online' }));
		expect(dayOf('carol')).toBeUndefined();
		await at(() => host().as('carol').run('/st ocupada'));
		await at(() => host().fire.userStatusChanged('carol', { status: 'away', previousStatus: 'busy' }));
		expect(dayOf('carol')?.changes.map((c) => [c.source, c.presence])).toEqual([
			['self', 'busy'],
			['rocketchat', 'away'],
		]);
	});
});
