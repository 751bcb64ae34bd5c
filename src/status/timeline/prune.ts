import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../zod';
import type { KeyValueStore } from '../../store/kv';
import { addDays, DAY_MS, daysBetween, utcDay } from '../../parse/days';
import { dayTag } from './store';

/**
 * Retention of the status history (`status_timeline_retention_days`), for a daily scheduler job.
 * Every day record (archive or head) carries its day's tag, so one call removes a whole UTC day for
 * every agent. A cursor (`tl-prune:cursor`) remembers the newest day already removed; a run removes the days
 * after it that are past the retention, at most MAX_DAYS_PER_RUN of them, so a run's work is bounded
 * (a lowered retention is caught up over a few runs). Without a cursor the walk starts at FIRST_DAY,
 * before which no record can exist (the history began with this version).
 */
export const MAX_DAYS_PER_RUN = 31;
/** The daily job that prunes (src/status/feature.ts runs it; armed on every enable, src/startup.ts). */
export const TIMELINE_PRUNE_JOB = 'status.timeline.prune';

/** Arms the daily prune (cancelled first: enabling again calls this again). */
export async function scheduleTimelinePrune(scheduler: ISchedulerModify): Promise<void> {
	await scheduler.cancelJob(TIMELINE_PRUNE_JOB);
	await scheduler.scheduleRecurring({ id: TIMELINE_PRUNE_JOB, interval: '24 hours', skipImmediate: true });
}
export const FIRST_DAY = '2026-11-01';
export const PRUNE_CURSOR = 'tl-prune:cursor';

const cursorSchema = z.object({ d: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) });

export interface PruneResult {
	/** the UTC days removed, oldest first */
	removed: string[];
	/** false: more days are past the retention than one run removes; the next run goes on */
	caughtUp: boolean;
}

/** Removes the day records older than `days` days before `now` (a day goes once all of it is that old). */
export async function prune(kv: KeyValueStore, now: number, days: number, maxDays = MAX_DAYS_PER_RUN): Promise<PruneResult> {
	const keepFrom = utcDay(now - Math.max(1, Math.floor(days)) * DAY_MS);
	const cursor = cursorSchema.safeParse(await kv.get<unknown>(PRUNE_CURSOR));
	const first = cursor.success ? addDays(cursor.data.d, 1) : FIRST_DAY;
	const last = addDays(keepFrom, -1);
	const due = first <= last ? daysBetween(first, last, maxDays) : [];
	for (const day of due) await kv.removeTagged(dayTag(day));
	if (due.length > 0) await kv.put(PRUNE_CURSOR, { d: due[due.length - 1] });
	return { removed: due, caughtUp: due.length === 0 || due[due.length - 1] === last };
}
