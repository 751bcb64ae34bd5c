import type { AppContext } from '../../context';
import type { Accessors } from '../../accessors';
import { serverLocale, translator, userLocale } from '../../i18n';
import { readSettings, SettingId } from '../../settings';
import { tellRoom, tellUser } from '../../ui/reply';
import { duration } from './format';
import { OVERRUN_JOB, type OverrunJob, stillHolding } from './overrun';
import type { TimelineStore } from './store';

/**
 * What the overrun job says, once per hold and only while the agent still holds the preset: to the
 * agent (in their language), and — where `status_overrun_room` names a room — in that room, for the
 * people who lead the team (in the server's language). A room that cannot be found is logged, never
 * created.
 */
export async function tellOverrun(ctx: AppContext, a: Accessors, timeline: TimelineStore, job: OverrunJob, now: number): Promise<void> {
	if (!(await stillHolding(timeline, job, now))) return;
	const user = await a.read.getUserReader().getById(job.userId);
	if (!user) return;
	const words = (locale: Parameters<typeof duration>[1]) => ({ preset: job.preset, time: duration(now - job.since, locale), limit: duration(job.limitMs, locale) });
	const locale = userLocale(user);
	if ((await tellUser(a.read, a.modify, user, undefined, translator(locale)('st_overrun_notice', words(locale)))) === 'none') ctx.logger.warn(`${OVERRUN_JOB}: could not tell ${user.username}`);

	const name = (await readSettings(a.read, 'team'))[SettingId.StatusOverrunRoom].trim();
	if (!name) return;
	const roomLocale = await serverLocale(a.read);
	const text = translator(roomLocale)('st_overrun_room_notice', { username: user.username, ...words(roomLocale) });
	if (!(await tellRoom(a.read, a.modify, name, text))) ctx.logger.warn(`${OVERRUN_JOB}: status_overrun_room names no room the app can post in (${name.slice(0, 100)})`);
}
