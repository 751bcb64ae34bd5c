import type { IUIKitSurfaceViewParam } from '@rocket.chat/apps-engine/definition/accessors';
import { UIKitSurfaceType } from '@rocket.chat/apps-engine/definition/uikit';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { type Translator, userLocale } from '../i18n';
import type { ReportRequest } from '../parse/st-report';
import { utcOffsetOf, zoneName } from '../parse/utc-offset';
import { hasAnyRole } from '../roles';
import { readSettings, SettingId } from '../settings';
import { membersFor, resolveRoom } from './board/members';
import { mayReportOn } from './manage/report-access';
import type { StatusServices } from './services';
import { parsePresetLimits } from './timeline/limits';
import { loadAgentReport } from './timeline/load';
import { periodSpan } from './timeline/report';
import { TimelineStore } from './timeline/store';
import { reportText, type ReportView } from './timeline/text';
import { REPORT, reportBlocks } from './timeline/view';
import { plain } from '../ui/plain';

/** The most agents one report reads (a page of the board is 20; a report reads each agent's days). */
export const REPORT_MAX_AGENTS = 50;

export type Reported = { ok: true; view: ReportView } | { ok: false; text: string };

/**
 * `/st report`: whose time in status the viewer may see, read from the timeline (no vendor call).
 * - their own, always;
 * - `#room` / `@team`: as the team board — a role in `status_board_roles` and membership of the room
 *   (admins: any), the same one answer for a room that does not exist and one the viewer may not see;
 * - `@agent` (someone else): a manager of that agent (`status_manager_roles`, and the agent is one
 *   the manager may change: manage/rule.ts) — one person's time is a supervisor's data, not a peer's.
 * A refusal is audited. Days split at the viewer's midnight, by their current offset from UTC.
 */
export async function reportFor(s: StatusServices, viewer: IUser, request: ReportRequest, tr: Translator): Promise<Reported> {
	const team = await readSettings(s.a.read, 'team');
	const refuse = async (object: string, text: string): Promise<Reported> => {
		await s.audit.add({ at: s.now(), userId: viewer.id, username: viewer.username, action: 'status.report', vendor: 'rocketchat', object, outcome: 'refused', detail: 'not a report this user may see' });
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
	await s.audit.add({ at: now, userId: viewer.id, username: viewer.username, action: 'status.report', vendor: 'rocketchat', object: who, outcome: 'done' });
	return { ok: true, view: { who, period: request.period, offsetMs: offset.ms, zone: zoneName(offset), now, agents: reports } };
}

/** The report where the viewer asked: a contextual bar when the command's trigger can open one, else a message. */
export async function openReport(s: StatusServices, viewer: IUser, request: ReportRequest, tr: Translator, triggerId: string | undefined, reply: (text: string, blocks?: ReportBlocks) => Promise<void>): Promise<void> {
	const done = await reportFor(s, viewer, request, tr);
	if (!done.ok) return reply(done.text);
	const locale = userLocale(viewer);
	if (triggerId) {
		try {
			const view: IUIKitSurfaceViewParam = { id: `${REPORT.viewPrefix}${viewer.id}`, type: UIKitSurfaceType.CONTEXTUAL_BAR, title: plain(tr('st_report_title')), blocks: reportBlocks(tr, locale, s.ctx.appId, done.view) };
			await s.a.modify.getUiController().openSurfaceView(view, { triggerId }, viewer);
			return;
		} catch (e) {
			s.ctx.logger.warn(`report: no contextual bar (${e instanceof Error ? e.message : String(e)}); sent as a message`);
		}
	}
	return reply(reportText(tr, locale, done.view));
}

type ReportBlocks = ReturnType<typeof reportBlocks>;
