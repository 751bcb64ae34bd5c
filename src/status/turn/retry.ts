import * as z from '../../zod';
import type { Accessors } from '../../accessors';
import { PRESENCES, STATUS_TEXT_MAX } from '../../vendors/rocketchat';
import type { ApplyOptions, Source, Want } from '../model/types';

/**
 * A change Rocket.Chat refused until a time (8.6+: an automated change never replaces another
 * integration's status, such as a calendar meeting; it follows when that ends, claims/writer.ts) is
 * applied again then by this job — unless the agent's status changed in between (the state token no
 * longer matches). Only Rocket.Chat's half is retried: Callbell and Omnichannel followed the change
 * when it was made. The job's data is all it needs; it is read back as untrusted.
 */
export const RETRY_JOB = 'status.retry';

const SOURCES = ['command', 'api', 'webhook', 'rocketchat', 'timer', 'hours'] as const satisfies readonly Source[];
const ID_MAX = 256;

export const retryJobSchema = z.object({
	userId: z.string().check(z.minLength(1), z.maxLength(ID_MAX)),
	token: z.string().check(z.minLength(1), z.maxLength(ID_MAX)),
	want: z.object({ presence: z.enum(PRESENCES), text: z.string().check(z.maxLength(STATUS_TEXT_MAX * 4)), until: z.optional(z.number()) }),
	source: z.enum(SOURCES),
	requester: z.object({ userId: z.string().check(z.maxLength(ID_MAX)), username: z.string().check(z.maxLength(ID_MAX)) }),
	at: z.optional(z.number()),
	preset: z.optional(z.string().check(z.maxLength(STATUS_TEXT_MAX * 4))),
});
export type RetryJob = z.infer<typeof retryJobSchema>;

/** Arms the retry of the change `token` (of the user `userId`) for `at`. */
export async function armRetry(a: Accessors, userId: string, at: number, token: string, want: Want, opts: ApplyOptions): Promise<void> {
	const data: RetryJob = {
		userId,
		token,
		want: { presence: want.presence, text: want.text, ...(want.until !== undefined ? { until: want.until } : {}) },
		source: opts.source,
		requester: { userId: opts.requester.userId, username: opts.requester.username },
		...(opts.at !== undefined ? { at: opts.at } : {}),
		...(opts.preset !== undefined ? { preset: opts.preset } : {}),
	};
	await a.modify.getScheduler().scheduleOnce({ id: RETRY_JOB, when: new Date(at), data });
}
