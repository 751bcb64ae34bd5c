import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { type AppHandle, contextOf } from '../context';
import { readSettings, SettingId } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';
import { DRAIN_JOB, Outbox } from './outbox';

export const AUDIT_PRUNE_JOB = 'audit.prune';

/** Arms the daily prune (once: cancel first, as re-enabling the app calls this again). */
export async function scheduleHousekeeping(scheduler: ISchedulerModify): Promise<void> {
	await scheduler.cancelJob(AUDIT_PRUNE_JOB);
	await scheduler.scheduleRecurring({ id: AUDIT_PRUNE_JOB, interval: '24 hours', skipImmediate: true });
}

/** The delivery scheduler processors: the outbox drain and the daily audit prune. */
export function deliveryProcessors(): IProcessor[] {
	return [
		{
			id: DRAIN_JOB,
			// `function`, not an arrow: the runtime binds `this` to the App of this call (its logger).
			processor: async function (this: AppHandle, _job, read, modify, http, persis) {
				const outbox = new Outbox(contextOf(this), read, persis, http, modify);
				await outbox.drainStarted();
				await outbox.drain();
			},
		},
		{
			id: AUDIT_PRUNE_JOB,
			processor: async (_job, read, _modify, _http, persis) => {
				const days = (await readSettings(read, 'delivery'))[SettingId.AuditRetentionDays];
				const store = new KeyValueStore(read.getPersistenceReader(), persis);
				await new AuditLog(store).prune(days);
				const cutoff = Date.now() - days * 24 * 60 * 60 * 1000;
				for (const t of await store.list<{ id?: string; at: number }>('outbox-dropped')) if (t.at < cutoff && t.id) await store.remove(t.id);
			},
		},
	];
}
