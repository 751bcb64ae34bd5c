import type { IUIKitSurfaceViewParam, IUploadCreator } from '@rocket.chat/apps-engine/definition/accessors';
import { UIKitSurfaceType, type IUIKitResponse, type UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { type Translator, translator, userLocale } from '../i18n';
import type { ReportRequest } from '../parse/st-report';
import { utcOffsetOf, zoneName } from '../parse/utc-offset';
import { hasAnyRole } from '../roles';
import { readSettings, SettingId } from '../settings';
import { membersFor, resolveRoom } from './board/members';
import { mayReportOn } from './manage/report-access';
import type { StatusServices } from './services';
import { reportCsv } from './timeline/csv';
import { exportValue, parseExportValue, periodDates } from './timeline/export-value';
import { parsePresetLimits } from './timeline/limits';
import { loadAgentReport } from './timeline/load';
import { periodSpan } from './timeline/report';
import { TimelineStore } from './timeline/store';
import { type ReportView } from './timeline/text';
import { REPORT, reportBlocks } from './timeline/view';
import { plain } from '../ui/plain';
import { directRoomWith, tellUser } from '../ui/reply';

/** The most agents one report reads (a page of the board is 20; a report reads each agent's days). */
export const REPORT_MAX_AGENTS = 50;

const REPORT_ACTION = 'status.report';
const CSV_ACTION = 'status.report.csv';

export type Reported = { ok: true; view: ReportView } | { ok: false; text: string };

/**
 * `/st report`: whose time in status the viewer may see, read from the timeline (no vendor call).
 * - their own, always;
 * - `#room` / `@team`: as the team board — a role in `status_board_roles` and membership of the room
 *   (admins: any), the same one answer for a room that does not exist and one the viewer may not see;
 * - `@agent` (someone else): a manager of that agent (`status_manager_roles`, and the agent is one
 *   the manager may change: manage/rule.ts) — one person's time is a supervisor's data, not a peer's.
 * A refusal is audited (under `action`: the report, or its CSV export). Days split at the viewer's
 * midnight, by their current offset from UTC.
 */
async function readReport(s: StatusServices, viewer: IUser, request: ReportRequest, tr: Translator, action: string): Promise<Reported> {
	const team = await readSettings(s.a.read, 'team');
	const refuse = async (object: string, text: string): Promise<Reported> => {
		await s.audit.add({ at: s.now(), userId: viewer.id, username: viewer.username, action, vendor: 'rocketchat', object, outcome: 'refused', detail: 'not a report this user may see' });
		return { ok: false, text };
	};
	let agents: IUser[];
	let who: string;
	const target = request.target;
	if (target.kind === 'self') {
		agents = [viewer];
		who = `@${viewer.username}`;
	} else {
		who = `${target.kind === 'room' ? '#' : '@'}${target.name}`;
		const person = target.kind === 'handle' ? await s.a.read.getUserReader().getByUsername(target.name) : undefined;
		if (person) {
			const roles = { managerRoles: team[SettingId.StatusManagerRoles], managedRoles: team[SettingId.StatusManagedRoles] };
			if (!mayReportOn(viewer, person, roles)) return refuse(who, tr('st_report_refused', { target: who }));
			agents = [person];
		} else {
			const room = hasAnyRole(viewer, team[SettingId.StatusBoardRoles]) ? await resolveRoom(s.a.read, { kind: target.kind === 'room' ? 'room' : 'team', name: target.name }, undefined) : undefined;
			const members = room ? await membersFor(s.a.read, viewer, room) : undefined;
			if (!members) return refuse(who, tr('st_report_refused', { target: who }));
			agents = members.slice(0, REPORT_MAX_AGENTS);
		}
	}
	const offset = utcOffsetOf(viewer.utcOffset);
	const now = s.now();
	const span = periodSpan(request.period, now, offset.ms);
	const limits = parsePresetLimits(team[SettingId.StatusPresetLimits]).limits;
	const store = new TimelineStore(s.store.raw());
	const reports = [];
	for (const a of agents) reports.push(await loadAgentReport(store, { userId: a.id, username: a.username, ...(a.name ? { name: a.name } : {}) }, span, offset.ms, now, limits));
	return { ok: true, view: { who, period: request.period, offsetMs: offset.ms, zone: zoneName(offset), now, agents: reports } };
}

/** `/st report`: the report (readReport's rules), its reading audited. */
export async function reportFor(s: StatusServices, viewer: IUser, request: ReportRequest, tr: Translator): Promise<Reported> {
	const done = await readReport(s, viewer, request, tr, REPORT_ACTION);
	if (done.ok) await s.audit.add({ at: done.view.now, userId: viewer.id, username: viewer.username, action: REPORT_ACTION, vendor: 'rocketchat', object: done.view.who, outcome: 'done' });
	return done;
}

/**
 * The report where the viewer asked: a contextual bar when the command's trigger can open one, else a
 * message (its blocks, as the board's). Both carry the Export CSV button.
 */
export async function openReport(s: StatusServices, viewer: IUser, request: ReportRequest, tr: Translator, triggerId: string | undefined, reply: (text: string, blocks?: ReportBlocks) => Promise<void>): Promise<void> {
	const done = await reportFor(s, viewer, request, tr);
	if (!done.ok) return reply(done.text);
	const v = done.view;
	const blocks = reportBlocks(tr, userLocale(viewer), s.ctx.appId, v, exportValue(request.target, request.period, v.now, v.offsetMs));
	if (triggerId) {
		try {
			const view: IUIKitSurfaceViewParam = { id: `${REPORT.viewPrefix}${viewer.id}`, type: UIKitSurfaceType.CONTEXTUAL_BAR, title: plain(tr('st_report_title')), blocks };
			await s.a.modify.getUiController().openSurfaceView(view, { triggerId }, viewer);
			return;
		} catch (e) {
			s.ctx.logger.warn(`report: no contextual bar (${e instanceof Error ? e.message : String(e)}); sent as a message`);
		}
	}
	return reply(tr('st_report_title'), blocks);
}

type ReportBlocks = ReturnType<typeof reportBlocks>;

/** The file's name: what and whose, the days; only letters, digits, `.`, `_`, `-` (a room name is anyone's text). */
export function csvFileName(who: string, from: string, to: string): string {
	const whose = who.replace(/^[@#]/, '').replace(/[^\w.-]+/g, '-').slice(0, 60) || 'report';
	return `time-in-status-${whose}-${from === to ? from : `${from}_${to}`}.csv`;
}

/** Every runtime hands the app's code Node's Buffer (Deno's wraps the bundle with it); the app is type-checked without Node's types. */
declare const Buffer: { from(text: string, encoding: 'utf8'): Parameters<IUploadCreator['uploadBuffer']>[0] };

/** Excel reads a CSV without a byte-order mark in the machine's legacy code page (accents garbled); with it, as UTF-8. */
const UTF8_BOM = '\uFEFF';

/**
 * Export CSV, pressed: the value names a target and days (export-value.ts); the presser must be allowed
 * that report now, by the very rules of `/st report` (readReport). A value that does not read back and
 * a report the presser may not see get one answer naming nothing. The CSV (csv.ts, bounded) goes as a
 * file to the presser's direct message with the app, through Rocket.Chat's upload; where that is not
 * possible (no such room, Rocket.Chat refuses the file or has no uploads) the presser is told so.
 * Audited as `status.report.csv`: refused, done, or failed with the reason.
 */
export async function onReportCsv(s: StatusServices, context: UIKitBlockInteractionContext): Promise<IUIKitResponse> {
	const data = context.getInteractionData();
	const done = context.getInteractionResponder().successResponse();
	if (data.actionId !== REPORT.csv) return done;
	const viewer = data.user;
	const tr = translator(userLocale(viewer));
	const { read, modify } = s.a;
	const audit = (object: string, outcome: 'done' | 'failed' | 'refused', detail: string) =>
		s.audit.add({ at: s.now(), userId: viewer.id, username: viewer.username, action: CSV_ACTION, vendor: 'rocketchat', object, outcome, detail });
	const answer = async (text: string) => {
		if ((await tellUser(read, modify, viewer, data.room?.id, text)) === 'none') s.ctx.logger.warn(`${REPORT.csv}: could not answer ${viewer.username}`);
	};
	const request = parseExportValue(data.value);
	if (!request) {
		await audit('-', 'refused', 'not a report value');
		await answer(tr('st_report_csv_refused'));
		return done;
	}
	const report = await readReport(s, viewer, request, tr, CSV_ACTION);
	if (!report.ok) {
		await answer(tr('st_report_csv_refused'));
		return done;
	}
	const v = report.view;
	const { csv, rows, truncated } = reportCsv(v.agents, v.offsetMs);
	const days = periodDates(request.period, v.now, v.offsetMs);
	const filename = csvFileName(v.who, days.from, days.to);
	const dm = await directRoomWith(read, modify, viewer);
	if (!dm) {
		await audit(v.who, 'failed', 'no direct message room with the app');
		await answer(tr('st_report_csv_no_room'));
		return done;
	}
	try {
		const upload = await modify.getCreator().getUploadCreator().uploadBuffer(Buffer.from(`${UTF8_BOM}${csv}`, 'utf8'), { filename, room: dm.room, user: dm.appUser });
		// an engine that denies the upload (a missing permission) answers nothing instead of throwing
		if (!upload) throw new Error('the engine returned no upload');
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		s.ctx.logger.warn(`${REPORT.csv}: upload refused (${why})`);
		await audit(v.who, 'failed', `upload refused: ${why.slice(0, 200)}`);
		await answer(tr('st_report_csv_failed'));
		return done;
	}
	await audit(v.who, 'done', `${rows} rows${truncated ? ', truncated' : ''}`);
	await answer([tr('st_report_csv_sent', { file: filename, count: rows }), ...(truncated ? [tr('st_report_csv_truncated', { rows })] : [])].join('\n'));
	return done;
}
