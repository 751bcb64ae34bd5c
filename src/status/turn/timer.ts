import type { Accessors } from '../../accessors';
import * as z from '../../zod';
import type { AppContext } from '../../context';
import { CANCELLABLE_JOB } from '../model/job-ids';
import { mayHaveTimer, type StatusStore, type TimerRecord } from '../model/store';
import type { Turn } from '../model/types';

export const EXPIRE_JOB = 'status.expire';

/** The expiry job's data, validated when it runs (the scheduler keeps it in the database). */
export const expireJobSchema = z.object({ userId: z.string().check(z.minLength(1), z.maxLength(256)), token: z.string().check(z.minLength(1), z.maxLength(256)) });

/** An agent's timed status: one restore job per agent, replaced by the next timer. */
export class Timers {
	constructor(private readonly d: { ctx: AppContext; a: Accessors; store: StatusStore; now: () => number }) {}

	/** The agent's timer record, read only when the sync record does not already say there is none. */
	public of(turn: Turn): Promise<TimerRecord | undefined> {
		return mayHaveTimer(turn.sync) ? this.d.store.timer(turn.user.id) : Promise.resolve(undefined);
	}

	/** Arms the restore job for the change `token` and keeps what it restores. */
	public async arm(turn: Turn, until: number, token: string, restore: TimerRecord['restore']): Promise<void> {
		const jobId = await this.d.a.modify.getScheduler().scheduleOnce({ id: EXPIRE_JOB, when: new Date(until), data: { userId: turn.user.id, token } });
		await this.d.store.saveTimer(turn.user.id, { token, until, restore, ...(typeof jobId === 'string' ? { jobId } : {}) });
	}

	/** Ends the agent's timer (its job too) without applying anything: the agent changed status elsewhere. */
	public async drop(turn: Turn): Promise<void> {
		turn.sync.seq += 1;
		turn.sync.changedAt = Math.max(turn.sync.changedAt ?? 0, this.d.now());
		turn.sync.lastBy = 'app';
		const timer = await this.of(turn);
		turn.sync.timerUntil = 0;
		turn.sync.lastSource = 'rocketchat';
		await this.d.store.saveSync(turn.user.id, turn.sync);
		if (!timer) return;
		await this.cancelJob(timer.jobId);
		await this.d.store.clearTimer(turn.user.id);
	}

	public async cancelJob(jobId: string | undefined): Promise<void> {
		if (!jobId || !CANCELLABLE_JOB.test(jobId)) return; // never a processor name: that would cancel every agent's timer
		try {
			await this.d.a.modify.getScheduler().cancelJob(jobId);
		} catch (e) {
			// the job ran or vanished already; a stale job is harmless anyway (its token no longer matches)
			this.d.ctx.logger.debug(`status timer job ${jobId} not cancelled: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
}
