import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../zod';
import { dueOverrun, limitKey, type PresetLimits } from './limits';
import type { TimelineStore } from './store';
import type { State } from './transition';

/** The one-time job that tells an agent their preset's allowed time has passed (src/status/feature.ts runs it). */
export const OVERRUN_JOB = 'status.overrun';

/** Job data, validated when the job runs: the scheduler keeps it in the database, where anything may have written it. */
export const overrunJob = z.object({ userId: z.string().check(z.minLength(1)), preset: z.string().check(z.minLength(1), z.maxLength(200)), since: z.number(), limitMs: z.number().check(z.positive()) });
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

/** A hold past its preset's limit right now: the preset, its limit and since when it is held. */
export interface Overrunning {
	preset: string;
	limitMs: number;
	since: number;
}

/**
 * Whether the agent holds a preset past its allowed time now, read from their current day's record
 * only (one read; a hold carried over from an earlier day counts from that day's start). For the team
 * board, only when some preset has a limit.
 */
export async function overrunningNow(store: TimelineStore, userId: string, limits: PresetLimits, now: number): Promise<Overrunning | undefined> {
	if (limits.size === 0) return undefined;
	const steps = await store.steps(userId, now - 1, now + 1, 1);
	const last = steps[steps.length - 1]?.state;
	if (!last?.preset) return undefined;
	const key = limitKey(last.preset);
	const limitMs = limits.get(key);
	if (limitMs === undefined) return undefined;
	let since = steps[steps.length - 1].at;
	for (let i = steps.length - 1; i >= 0; i--) {
		const state = steps[i].state;
		if (!state?.preset || limitKey(state.preset) !== key) break;
		since = steps[i].at;
	}
	return now - since > limitMs ? { preset: last.preset, limitMs, since } : undefined;
}
