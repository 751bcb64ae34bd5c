import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { type AppHandle, contextOf } from '../context';
import { readSettings, SettingId } from '../settings';
import { AuditLog } from '../store/audit';
import { KeyValueStore } from '../store/kv';
import { DRAIN_JOB, Outbox } from './outbox';

export const AUDIT_PRUNE_JOB = 'audit.prune';

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
				await new AuditLog(new KeyValueStore(read.getPersistenceReader(), persis)).prune(days);
			},
		},
	];
}
