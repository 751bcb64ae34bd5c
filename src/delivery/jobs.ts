import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { Accessors } from '../accessors';
import type { AppContext, AppHandle } from '../context';
import { processor } from '../processor';
import { readSettings, SettingId } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';
import { DRAIN_JOB } from './arming';
import { type NotifierFactory, Outbox } from './outbox';
import { OutboxRecords } from './records';

export const AUDIT_PRUNE_JOB = 'audit.prune';
/** The safety net: every minute, whatever was armed or lost, due work is sent. */
export const SWEEP_JOB = 'delivery.sweep';
const SWEEP_INTERVAL = '60 seconds';
/** How long "how did item X end" stays answerable (the status ledger asks); the audit has its own retention. */
export const SETTLEMENT_TTL_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Arms the recurring jobs on every enable (cancelled first: enabling again calls this again). The
 * sweep runs at once, so work left by a restart or a disable is picked up without waiting for a new submit.
 */
export async function scheduleHousekeeping(scheduler: ISchedulerModify): Promise<void> {
	await scheduler.cancelJob(AUDIT_PRUNE_JOB);
	await scheduler.scheduleRecurring({ id: AUDIT_PRUNE_JOB, interval: '24 hours', skipImmediate: true });
	await scheduler.cancelJob(SWEEP_JOB);
	await scheduler.scheduleRecurring({ id: SWEEP_JOB, interval: SWEEP_INTERVAL, skipImmediate: false });
}

/**
 * The delivery processors: the drain (armed per need), the sweep (recurring) and the daily prune.
 * `notifier` tells askers later outcomes; `sweeps` are what features add to the sweep (each after the
 * drain, on its own: one that fails is logged and the others still run).
 */
export function deliveryProcessors(app: AppHandle, notifier: NotifierFactory, sweeps: Array<(ctx: AppContext, a: Accessors) => Promise<void>> = []): IProcessor[] {
	const drain = async (ctx: AppContext, _job: unknown, { read, modify, http, persis }: Accessors) => {
		await new Outbox(ctx, { read, persis, http, modify }, { notify: notifier({ ctx, read, modify }) }).drain();
	};
	return [
		processor(app, DRAIN_JOB, drain),
		processor(app, SWEEP_JOB, async (ctx, job, a) => {
			await drain(ctx, job, a);
			for (const sweep of sweeps) {
				try {
					await sweep(ctx, a);
				} catch (e) {
					ctx.logger.error(`${SWEEP_JOB}: ${e instanceof Error ? e.message : String(e)}`);
				}
			}
		}),
		processor(app, AUDIT_PRUNE_JOB, async (_ctx, _job, { read, persis }) => {
			const days = (await readSettings(read, 'delivery'))[SettingId.AuditRetentionDays];
			const kv = new KeyValueStore(read.getPersistenceReader(), persis);
			await new AuditLog(kv).prune(days);
			await new OutboxRecords(kv).pruneSettlements(Date.now() - SETTLEMENT_TTL_DAYS * DAY_MS);
		}),
	];
}
