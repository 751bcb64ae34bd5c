import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import { z } from 'zod';
import { dueOverrun, limitKey, type PresetLimits } from './limits';
import type { TimelineStore } from './store';
import type { State } from './transition';

/** The one-time job that tells an agent their preset's allowed time has passed (src/status/feature.ts runs it). */
export const OVERRUN_JOB = 'status.overrun';

/** Job data, validated when the job runs: the scheduler keeps it in the database, where anything may have written it. */
export const overrunJob = z.object({ userId: z.string().min(1), preset: z.string().min(1).max(200), since: z.number(), limitMs: z.number().positive() });
export type OverrunJob = z.infer<typeof overrunJob>;

/**
 * A change that starts holding a preset with an allowed time (`status_preset_limits`) arms one job at
 * the moment the hold passes it. One per hold: a change that keeps the preset (Callbell confirming,
 * Omnichannel following) starts no new hold and arms nothing.
 */
export async function armOverrun(scheduler: ISchedulerModify, userId: string, started: State, since: number, limits: PresetLimits, now: number): Promise<void> {
	const due = dueOverrun(started, since, limits, now);
	if (!due) return;
	const data: OverrunJob = { userId, preset: due.preset, since, limitMs: due.limitMs };
	await scheduler.scheduleOnce({ id: OVERRUN_JOB, when: new Date(Math.max(due.at, now)), data });
}

/**
 * Whether the agent still holds the job's preset, without a break, since the hold began. Records keep
 * whole seconds, so a hold that ended and began again within one second reads as one.
 */
export async function stillHolding(store: TimelineStore, job: OverrunJob, now: number): Promise<boolean> {
	// the record keeps whole seconds (codec.ts): the hold's own change is stamped at or before `since`
	const from = Math.floor(job.since / 1000) * 1000;
	const steps = await store.steps(job.userId, from, now + 1);
	const held = steps.filter((s) => s.at >= from);
	if (held.length === 0) return false;
	return held.every((s) => s.state?.preset !== undefined && limitKey(s.state.preset) === limitKey(job.preset));
}
