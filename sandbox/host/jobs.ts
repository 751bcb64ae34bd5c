/**
 * The host's scheduler clock: the processors the app registered, the jobs it scheduled (kept in the
 * world, so they survive a restart) and their timers. With `real` timers a job fires on its own at
 * its time, as Rocket.Chat's Agenda runs it; with `manual` timers only `runDue()` runs them.
 */
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { errorText } from './errors';
import type { StoredJob, World } from './world';

export interface JobClockHooks {
	manual: boolean;
	stopped(): boolean;
	/** Keeps the host's `idle()` waiting for a timer-fired job. */
	track<T>(p: Promise<T>): Promise<T>;
	idle(): Promise<void>;
	error(text: string): void;
}

export class JobClock {
	private readonly processors = new Map<string, IProcessor>();
	private readonly timers = new Map<string, NodeJS.Timeout>();

	constructor(private readonly world: World, private readonly hooks: JobClockHooks) {}

	public readonly list = (): StoredJob[] => [...this.world.jobs.values()].sort((a, b) => a.when - b.when);

	/** Runs every job due by now + advanceMs (the clock is not moved; jobs run early). Returns how many ran. */
	public readonly runDue = async (opts: { advanceMs?: number; all?: boolean } = {}): Promise<number> => {
		const horizon = Date.now() + (opts.advanceMs ?? 0);
		const due = this.list().filter((j) => opts.all || j.when <= horizon);
		for (const job of due) await this.runJob(job);
		await this.hooks.idle();
		return due.length;
	};

	public registered(processors: IProcessor[]): void {
		processors.forEach((p) => this.processors.set(p.id, p));
	}

	public cancel(predicate: (job: StoredJob) => boolean): void {
		for (const [id, job] of this.world.jobs) {
			if (predicate(job)) {
				this.world.jobs.delete(id);
				clearTimeout(this.timers.get(id));
				this.timers.delete(id);
			}
		}
	}

	public arm(job: StoredJob): void {
		if (this.hooks.manual || this.hooks.stopped()) return;
		clearTimeout(this.timers.get(job.jobId));
		const delay = Math.max(0, Math.min(job.when - Date.now(), 2 ** 31 - 1));
		this.timers.set(job.jobId, setTimeout(() => void this.hooks.track(this.runJob(job)).catch(() => undefined), delay));
	}

	public stop(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
	}

	private async runJob(job: StoredJob): Promise<void> {
		if (!this.world.jobs.has(job.jobId)) return;
		clearTimeout(this.timers.get(job.jobId));
		this.timers.delete(job.jobId);
		if (job.intervalMs) {
			job.when = Date.now() + job.intervalMs;
			this.arm(job);
		} else {
			this.world.jobs.delete(job.jobId);
		}
		const processor = this.processors.get(job.name);
		if (!processor) {
			this.hooks.error(`scheduler: no processor registered for ${job.name}`);
			return;
		}
		try {
			await processor.processor({ ...(job.data ?? {}), jobId: job.jobId } as never, undefined as never, undefined as never, undefined as never, undefined as never);
		} catch (e) {
			this.hooks.error(`job ${job.name}: ${errorText(e)}`);
		}
	}
}
