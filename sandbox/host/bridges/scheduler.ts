/**
 * The scheduler, as Rocket.Chat's Agenda-backed bridge behaves: jobs are kept in the world and handed
 * to the host (which arms timers or waits for `jobs.runDue()`); cancelling follows Rocket.Chat's rules.
 */
import type { IProcessor, IOnetimeSchedule, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { StoredJob, World } from '../world';
import { bridge } from './make';

/** What the host does with the jobs the app schedules. */
export interface SchedulerEvents {
	onJobScheduled(job: StoredJob): void;
	onJobsCancelled(predicate: (job: StoredJob) => boolean): void;
	onProcessors(processors: IProcessor[]): void;
}

export function schedulerBridge(w: World, events: SchedulerEvents): SchedulerBridge {
	return bridge(SchedulerBridge, {
		registerProcessors: async (processors: IProcessor[]) => {
			events.onProcessors(processors);
			return processors.map((p) => p.id);
		},
		scheduleOnce: async (job: IOnetimeSchedule, appId: string) => {
			const stored: StoredJob = { jobId: objectId(), name: job.id, appId, when: whenOf(job.when), data: job.data as Record<string, unknown> | undefined };
			w.jobs.set(stored.jobId, stored);
			events.onJobScheduled(stored);
			return stored.jobId;
		},
		// As Rocket.Chat's bridge (Agenda's `every`): a recurring job is a "single" job, one per name: scheduling
		// it again (another instance enabling the app) updates that job instead of adding a second one.
		scheduleRecurring: async (job: IRecurringSchedule, appId: string) => {
			const intervalMs = intervalOf(job.interval);
			const existing = [...w.jobs.values()].find((j) => j.name === job.id && j.intervalMs !== undefined);
			const stored: StoredJob = { jobId: existing?.jobId ?? objectId(), name: job.id, appId, when: Date.now() + (job.skipImmediate ? intervalMs : 0), data: job.data as Record<string, unknown> | undefined, intervalMs };
			w.jobs.set(stored.jobId, stored);
			events.onJobScheduled(stored);
			return stored.jobId;
		},
		// As Rocket.Chat's bridge: the engine hands "<jobId>_<appId>"; a leading Agenda document id
		// (24 hex) cancels that one job, anything else cancels by name, i.e. every job of that processor.
		cancelJob: async (jobId: string) => {
			const head = jobId.split('_')[0];
			return events.onJobsCancelled(/^[0-9a-f]{24}$/i.test(head) ? (j) => j.jobId === head : (j) => j.name === jobId);
		},
		cancelAllJobs: async (appId: string) => events.onJobsCancelled((j) => j.appId === appId),
	});
}

/** A job id as Agenda's MongoDB documents have them (24 hex), which Rocket.Chat's cancelJob recognises. */
function objectId(): string {
	return [...crypto.getRandomValues(new Uint8Array(12))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function whenOf(when: unknown): number {
	if (when instanceof Date) return when.getTime();
	if (typeof when === 'number') return when;
	if (typeof when === 'string') {
		const m = /^in (\d+) (second|minute|hour)s?$/.exec(when.trim());
		if (m) return Date.now() + Number(m[1]) * { second: 1000, minute: 60000, hour: 3600000 }[m[2] as 'second' | 'minute' | 'hour'];
		const parsed = Date.parse(when);
		if (!Number.isNaN(parsed)) return parsed;
	}
	throw new Error(`sandbox scheduler: cannot read "when" ${String(when)}`);
}

function intervalOf(interval: unknown): number {
	if (typeof interval === 'number') return interval;
	const m = /^(\d+) (second|minute|hour)s?$/.exec(String(interval).trim());
	if (m) return Number(m[1]) * { second: 1000, minute: 60000, hour: 3600000 }[m[2] as 'second' | 'minute' | 'hour'];
	throw new Error(`sandbox scheduler: cannot read interval ${String(interval)} (use "N seconds|minutes|hours" or ms)`);
}

