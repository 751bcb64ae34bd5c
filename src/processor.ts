import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { Accessors } from './accessors';
import { type AppContext, type AppHandle, onCall } from './context';

/**
 * A scheduler processor that reaches the app through `app`, closed over here at registration, never
 * through the `this` the engine calls it with (engines before 1.62 call processors unbound; see
 * src/context.ts). `job` is the job's data as the scheduler stored it: validate it before use.
 */
export function processor(app: AppHandle, id: string, run: (ctx: AppContext, job: IJobContext, a: Accessors) => Promise<void>): IProcessor {
	return {
		id,
		processor: onCall(app, (ctx, job: IJobContext, read: IRead, modify: IModify, http: IHttp, persis: IPersistence) => run(ctx, job, { read, modify, http, persis })),
	};
}
