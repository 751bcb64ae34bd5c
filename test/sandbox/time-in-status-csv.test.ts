import { refuseUploads, uploadsOf } from '../../sandbox/host/bridges/uploads';
import type { Reply } from '../../sandbox/host/types';
import { CSV_COLUMNS } from '../../src/status/timeline/csv';
import { demoPerTest, says, sleep } from './fixtures';
import { readCsv } from '../unit/fakes/csv-reader';

/**
 * Issue 21, the report's Export CSV button, through the packaged app: pressing it checks access again
 * as `/st report` did, and the CSV arrives as a file (the engine's upload accessor) in the presser's
 * direct message with the app. The file is read back from the sandbox's upload bridge and parsed.
 */
const demo = demoPerTest({ settings: { status_manager_roles: 'admin', status_managed_roles: 'livechat-agent' } });
const host = () => demo().host;
const CSV = 'st.report.csv';

/** The Export CSV button of the contextual bar a reply opened, and that bar's view. */
function exportButton(reply: Reply): { value: string; view: Record<string, unknown> } {
	for (const s of reply.surfaces) {
		const blocks = (s.view?.blocks ?? []) as Array<{ type: string; elements?: Array<{ actionId?: string; value?: string }> }>;
		const button = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.actionId === CSV);
		if (button?.value && s.view) return { value: button.value, view: s.view };
	}
	throw new Error(`no ${CSV} button in ${JSON.stringify(reply.surfaces)}`);
}

const auditOf = (action: string) =>
	[...demo().world.persistence.values()].map((r) => r.data as { action?: string; outcome?: string; username?: string; object?: string }).filter((d) => d.action === action);

describe('time in status: Export CSV', () => {
	it('the button uploads the report as a CSV to the presser’s direct message with the app', async () => {
		await host().as('alice').run('/st busy =cmd');
		await sleep(1100);
		await host().as('alice').run('/st away Lunch, "quick"');
		await sleep(1100);
		await host().as('alice').run('/st online');
		await host().idle();

		const report = await host().as('alice').run('/st report');
		const { value, view } = exportButton(report);
		const pressed = await host().ui.blockAction('alice', { actionId: CSV, value, view, blockId: 'st.report.actions' });
		await host().idle();

		const files = uploadsOf(demo().world);
		expect(files).toHaveLength(1);
		const file = files[0];
		// in the direct message between alice and the app's bot user, uploaded by the bot
		const room = demo().world.rooms.get(file.roomId);
		expect(room?.type).toBe('d');
		const appUser = [...demo().world.users.values()].find((u) => (u as { appId?: string }).appId === host().appId);
		expect([...(room?.usernames ?? [])].sort()).toEqual([appUser?.username, 'alice'].sort());
		expect(file.userId).toBe(appUser?.id);
		const day = new Date().toISOString().slice(0, 10); // alice's offset is 0
		expect(file.name).toBe(`time-in-status-alice-${day}.csv`);

		// UTF-8 with a byte-order mark (spreadsheets then read accents right), RFC 4180 inside
		const text = file.bytes.toString('utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const [header, ...rows] = readCsv(text.slice(1));
		expect(pressed.text).toBe(says(demo(), 'alice', 'st_report_csv_sent', { file: file.name, count: rows.length }));
		expect(header).toEqual([...CSV_COLUMNS]);
		const col = (row: string[], c: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(c)];
		expect(rows.every((r) => r.length === CSV_COLUMNS.length && col(r, 'username') === 'alice' && col(r, 'day') === day)).toBe(true);

		const presence = rows.filter((r) => col(r, 'kind') === 'presence');
		const intervals = rows.filter((r) => col(r, 'kind') === 'interval');
		expect(presence.map((r) => col(r, 'status')).sort()).toEqual(['away', 'busy', 'online']);
		expect(intervals.map((r) => col(r, 'status'))).toEqual(['busy', 'away', 'online']);
		// a row per status whose seconds are its intervals' seconds; busy and away lasted the sleeps (whole seconds stamped)
		for (const p of presence) {
			const sum = intervals.filter((i) => col(i, 'status') === col(p, 'status')).reduce((n, i) => n + Number(col(i, 'seconds')), 0);
			expect(Number(col(p, 'seconds'))).toBe(sum);
		}
		expect(intervals.slice(0, 2).every((i) => Number(col(i, 'seconds')) >= 1 && Number(col(i, 'seconds')) <= 3)).toBe(true);
		// each interval runs from one change to the next
		expect(col(intervals[0], 'to')).toBe(col(intervals[1], 'from'));
		// a status text a spreadsheet would run as a formula is neutralised; a comma and quotes survive quoting
		expect(col(intervals[0], 'text')).toBe("'=cmd");
		expect(col(intervals[1], 'text')).toBe('Lunch, "quick"');
		expect(intervals.map((i) => col(i, 'source'))).toEqual(['self', 'self', 'self']);

		const audit = auditOf('status.report.csv');
		expect(audit).toEqual([expect.objectContaining({ username: 'alice', outcome: 'done', object: '@alice' })]);
	});

	it('a forged value is refused with one sentence naming nothing, and audited', async () => {
		for (const value of ['not json', '{"target":{"kind":"room","name":"support"},"from":"2026-02-30","to":"2026-02-30"}', '{"target":{"kind":"self"},"from":"2026-01-01","to":"2026-03-01"}', '{"target":{"kind":"self","x":1},"from":"2026-01-01","to":"2026-01-01"}']) {
			const pressed = await host().ui.blockAction('alice', { actionId: CSV, value });
			expect(pressed.text).toBe(says(demo(), 'alice', 'st_report_csv_refused'));
		}
		expect(uploadsOf(demo().world)).toHaveLength(0);
		expect(auditOf('status.report.csv').map((a) => a.outcome)).toEqual(['refused', 'refused', 'refused', 'refused']);
	});

	it('a peer pressing a value for someone else’s report is refused; that person’s manager is not', async () => {
		await host().as('alice').run('/st busy');
		const { value } = exportButton(await host().as('admin').run('/st report @alice'));
		// bob is a peer of alice: the same value, pressed by him, exports nothing
		const peer = await host().ui.blockAction('bob', { actionId: CSV, value });
		expect(peer.text).toBe(says(demo(), 'bob', 'st_report_csv_refused'));
		expect(peer.text).not.toContain('alice');
		expect(uploadsOf(demo().world)).toHaveLength(0);
		// the manager who opened it may
		await host().ui.blockAction('admin', { actionId: CSV, value });
		expect(uploadsOf(demo().world).map((f) => f.name)).toEqual([expect.stringMatching(/^time-in-status-alice-/)]);
		expect(auditOf('status.report.csv').map((a) => [a.username, a.outcome])).toEqual(
			expect.arrayContaining([
				['bob', 'refused'],
				['admin', 'done'],
			]),
		);
	});

	it('where Rocket.Chat refuses the file, the presser is told in words, and the failure is audited', async () => {
		await host().as('alice').run('/st busy');
		const { value } = exportButton(await host().as('alice').run('/st report'));
		refuseUploads(demo().world, 'File upload is disabled [error-file-upload-disabled]');
		const pressed = await host().ui.blockAction('alice', { actionId: CSV, value });
		expect(pressed.text).toBe(says(demo(), 'alice', 'st_report_csv_failed'));
		expect(auditOf('status.report.csv').map((a) => a.outcome)).toEqual(['failed']);
	});
});
