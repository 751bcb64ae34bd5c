/**
 * Time in status at size (issue 21): a room of 200 agents with 30 UTC days of records each, 40
 * changes a day (a busy day). The records are written straight into the sandbox world's persistence
 * in the app's own format (timeline/codec.ts `encode`, the keys and day tags of timeline/store.ts and
 * store/kv.ts), as 30 days of real changes would have left them: driving 240,000 changes through the
 * engine would take the bench longer than the report it measures. Then the engine calls and wall time
 * of `/st report #floor week`, of a 30-day range, and of Export CSV over the week; the report reads
 * at most REPORT_MAX_AGENTS of the room's members. Times are medians of 3, also as a ratio to
 * `/inbox-bridge help` (the floor of any command) measured in the same run.
 */
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { startDemo } from '../../sandbox/demo';
import { uploadsOf } from '../../sandbox/host/bridges/uploads';
import { addDays, dayStart, utcDay } from '../../src/parse/days';
import { REPORT_MAX_AGENTS } from '../../src/status/report';
import { encode, type DayLog } from '../../src/status/timeline/codec';
import { archiveId, dayTag, headId } from '../../src/status/timeline/store';
import type { Transition } from '../../src/status/timeline/transition';
import { PRESENCES } from '../../src/vendors/rocketchat';
import { f, median, out, timed } from './report';

const AGENTS = 200;
const DAYS = 30;
const PER_DAY = 40;
const RUNS = 3;

const assoc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);

/** One agent's busy day: PER_DAY changes from 08:00 UTC, every 12 minutes, cycling presences, texts and a preset. */
function busyDay(day: string, prev: string | undefined): DayLog {
	const start = (dayStart(day) as number) + 8 * 3_600_000;
	const changes: Transition[] = [];
	for (let i = 0; i < PER_DAY; i++) {
		const presence = PRESENCES[i % PRESENCES.length];
		changes.push({ at: start + i * 12 * 60_000, presence, text: i % 5 === 0 ? 'In a meeting' : '', ...(i % 7 === 0 ? { preset: 'lunch' } : {}), callbell: { available: presence === 'online' }, source: i % 3 === 0 ? 'rocketchat' : 'self' });
	}
	return { day, ...(prev ? { prev, carry: { presence: 'offline', text: '', source: 'self' } } : {}), changes, dropped: 0 };
}

export async function timeReport(): Promise<void> {
	const demo = await startDemo({ timers: 'manual', settings: { status_manager_roles: 'admin', status_managed_roles: 'livechat-agent' } });
	try {
		const h = demo.host;
		const w = demo.world;
		const names = Array.from({ length: AGENTS }, (_, i) => `agent${String(i).padStart(3, '0')}`);
		for (const username of names) h.addUser({ username, roles: ['user', 'livechat-agent'] });
		w.addRoom({ name: 'floor', members: ['admin', ...names] });
		const today = utcDay(Date.now());
		const first = addDays(today, -(DAYS - 1));
		let bytes = 0;
		let records = 0;
		for (const username of names) {
			const id = h.user(username).id;
			for (let d = 0; d < DAYS; d++) {
				const day = addDays(first, d);
				const data = encode(busyDay(day, d > 0 ? addDays(day, -1) : undefined));
				const key = day === today ? headId(id) : archiveId(id, day);
				w.persistence.set(`bench-${key}`, { id: `bench-${key}`, appId: h.appId, data, associations: [assoc(`id:${key}`), assoc(`tag:${dayTag(day)}`)] });
				bytes += Buffer.byteLength(JSON.stringify(data));
				records++;
			}
		}
		const measure = async (fn: () => Promise<unknown>) => {
			const calls = (await h.engineCalls.measure(async () => (await fn(), await h.idle()))).calls;
			const times: number[] = [];
			for (let i = 0; i < RUNS; i++) times.push(await timed(async () => (await fn(), await h.idle())));
			return { calls, ms: median(times) };
		};
		await h.as('admin').run('/inbox-bridge help'); // warm-up
		const floor = await measure(() => h.as('admin').run('/inbox-bridge help'));
		const range = `${first}..${today}`;
		const week = await measure(() => h.as('admin').run('/st report #floor week'));
		const month = await measure(() => h.as('admin').run(`/st report #floor ${range}`));
		const value = JSON.stringify({ target: { kind: 'room', name: 'floor' }, from: addDays(today, -6), to: today });
		const csv = await measure(() => h.ui.blockAction('admin', { actionId: 'st.report.csv', value }));
		const file = uploadsOf(w).at(-1);

		out(`report. time in status at size: a room of ${AGENTS} agents, ${DAYS} days x ${PER_DAY} changes each (records written in the app's format, not driven); a report reads at most REPORT_MAX_AGENTS = ${REPORT_MAX_AGENTS} agents`);
		out(`   storage: ${f(bytes / records, 0)} bytes per agent per busy day (${PER_DAY} changes, JSON of the stored record), ${f(bytes / 2 ** 20, 1)} MiB for all ${records} records`);
		const line = (label: string, m: { calls: { total: number; byKind: Record<string, number> }; ms: number }) =>
			out(`   ${label.padEnd(40)} ${String(m.calls.total).padStart(4)} engine calls  ${f(m.ms, 0).padStart(6)} ms  ${f(m.ms / floor.ms, 1).padStart(6)}x /inbox-bridge help  [${Object.entries(m.calls.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}]`);
		line('/inbox-bridge help (baseline)', floor);
		line('/st report #floor week', week);
		line(`/st report #floor ${range}`, month);
		line('Export CSV, #floor week', csv);
		if (file) out(`   the week's CSV: ${f(file.bytes.length / 1024, 0)} KiB`);
		h.assertNoErrors();
	} finally {
		await demo.stop();
	}
}
