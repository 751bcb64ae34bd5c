/**
 * The scheduler clock of one Rocket.Chat deployment: the jobs the app scheduled (kept in the world, so
 * they survive a restart), their timers, and the app instances that can run them. As Rocket.Chat's
 * Agenda does across a cluster, every instance registers the app's processors and each due job is
 * locked by exactly one of them (Agenda: the first instance whose poll locks the document); here the
 * one is drawn from a seeded generator, or named by the test (`runDue({ on: 1 })`). With `real`
 * timers a job fires on its own at its time; with `manual` timers only `runDue()` runs them.
 */
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { errorText } from './errors';
import type { StoredJob, World } from './world';

/** One app instance as the scheduler sees it. */
export interface JobRunner {
	readonly instance: number;
	processor(name: string): IProcessor | undefined;
	/** False while the instance is starting (its app not enabled yet) and once it stopped: it locks no job then. */
	live(): boolean;
	/** Keeps the instance's `idle()` waiting for a job it runs. */
	track<T>(p: Promise<T>): Promise<T>;
	error(text: string): void;
}

export interface JobClockOptions {
	manual: boolean;
	/** Draws the instance for a job among `n` candidates: an index in [0, n). */
	draw(n: number): number;
	/** Waits until every instance is idle. */
	idle(): Promise<void>;
}

export interface JobRun {
	name: string;
	jobId: string;
	instance: number;
}

const HISTORY_KEPT = 2000;

export class JobClock {
	private readonly runners = new Map<number, JobRunner>();
	private readonly timers = new Map<string, NodeJS.Timeout>();
	/** Which instance ran which job, oldest first (the last HISTORY_KEPT runs: a terminal session runs the sweep every minute). */
	public readonly history: JobRun[] = [];

	constructor(private readonly world: World, private readonly opts: JobClockOptions) {}

	public readonly list = (): StoredJob[] => [...this.world.jobs.values()].sort((a, b) => a.when - b.when);

	/**
	 * Runs every job due by now + advanceMs (the clock is not moved; jobs run early), each on one
	 * instance (`on`: that one). Returns how many ran.
	 */
	public readonly runDue = async (opts: { advanceMs?: number; all?: boolean; on?: number } = {}): Promise<number> => {
		const horizon = Date.now() + (opts.advanceMs ?? 0);
		const due = this.list().filter((j) => opts.all || j.when <= horizon);
		for (const job of due) await this.runJob(job, opts.on);
		await this.opts.idle();
		return due.length;
	};

	public set manual(manual: boolean) {
		this.opts.manual = manual;
		if (manual) this.clearTimers();
	}

	public join(runner: JobRunner): void {
		this.runners.set(runner.instance, runner);
	}

	/** An instance stopped; with none left, no timer fires any more. */
	public leave(runner: JobRunner): void {
		if (this.runners.get(runner.instance) === runner) this.runners.delete(runner.instance);
		if (this.live().length === 0) this.clearTimers();
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
		if (this.opts.manual || this.live().length === 0) return;
		clearTimeout(this.timers.get(job.jobId));
		const delay = Math.max(0, Math.min(job.when - Date.now(), 2 ** 31 - 1));
		this.timers.set(
			job.jobId,
			setTimeout(() => void this.runJob(job).catch(() => undefined), delay),
		);
	}

	private live(): JobRunner[] {
		return [...this.runners.values()].filter((r) => r.live()).sort((a, b) => a.instance - b.instance);
	}

	private clearTimers(): void {
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
	}

	/** The instance that locks the job: the one named, else one drawn among the live ones that know its processor. */
	private lockedBy(job: StoredJob, on?: number): JobRunner | undefined {
		if (on !== undefined) {
			const runner = this.runners.get(on);
			if (!runner?.live()) throw new Error(`sandbox scheduler: no live instance ${on}`);
			return runner;
		}
		const able = this.live().filter((r) => r.processor(job.name));
		return able.length === 0 ? this.live()[0] : able[this.opts.draw(able.length)];
	}

	private async runJob(job: StoredJob, on?: number): Promise<void> {
		if (!this.world.jobs.has(job.jobId)) return;
		const runner = this.lockedBy(job, on);
		if (!runner) return;
		// locked: taken off the table (a one-time job) or moved to its next run, before it runs
		clearTimeout(this.timers.get(job.jobId));
		this.timers.delete(job.jobId);
		if (job.intervalMs) {
			job.when = Date.now() + job.intervalMs;
			this.arm(job);
		} else {
			this.world.jobs.delete(job.jobId);
		}
		const processor = runner.processor(job.name);
		if (!processor) {
			runner.error(`scheduler: no processor registered for ${job.name}`);
			return;
		}
		this.history.push({ name: job.name, jobId: job.jobId, instance: runner.instance });
		if (this.history.length > HISTORY_KEPT) this.history.splice(0, this.history.length - HISTORY_KEPT);
		await runner.track(
			(async () => {
				try {
					await processor.processor({ ...(job.data ?? {}), jobId: job.jobId } as never, undefined as never, undefined as never, undefined as never, undefined as never);
				} catch (e) {
					runner.error(`job ${job.name}: ${errorText(e)}`);
				}
			})(),
		);
	}
}
