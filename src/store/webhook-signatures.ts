import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../zod';
import { KeyValueStore } from './kv';
import { optional } from './read-back';

/**
 * What became of the signatures of Callbell's webhook events (endpoints/callbell-gate.ts), kept so
 * `/inbox-bridge health` can tell an admin whether Callbell's events verify before they choose to
 * refuse those that do not: counts since the first signed event, the forms that matched (which
 * serialisation rebuilt Callbell's bytes), the last success and the last failure, with their times.
 * Never the secret, a signature or a body. Counts are best effort: two instances recording at once
 * may lose one.
 */

const KEY = 'callbell:webhook-signatures';

const countSchema = z.catch(z.int().check(z.nonnegative()), 0);
const logSchema = z.object({
	/** when these counts began (the first event checked) */
	since: z.number(),
	verified: countSchema,
	unverified: countSchema,
	forms: z.catch(z.record(z.string(), countSchema), {}),
	lastVerifiedAt: optional(z.number()),
	lastFailure: optional(z.object({ at: z.number(), reason: z.string().check(z.maxLength(40)), enforced: z.boolean() })),
});
export type SignatureLogRecord = z.infer<typeof logSchema>;

export type SignatureNote = { verified: true; form: string } | { verified: false; reason: string; enforced: boolean };

export class WebhookSignatureLog {
	private readonly kv: KeyValueStore;

	constructor(reader: IPersistenceRead, writer?: IPersistence) {
		this.kv = new KeyValueStore(reader, writer);
	}

	public async read(): Promise<SignatureLogRecord | undefined> {
		const parsed = logSchema.safeParse(await this.kv.get<unknown>(KEY));
		return parsed.success ? parsed.data : undefined;
	}

	/** Adds one event; says what the last failure was before it (to log a failure only when it changes). */
	public async note(note: SignatureNote, at: number): Promise<SignatureLogRecord['lastFailure']> {
		const log = (await this.read()) ?? { since: at, verified: 0, unverified: 0, forms: {} };
		const before = log.lastFailure;
		if (note.verified) {
			log.verified += 1;
			log.forms[note.form] = (log.forms[note.form] ?? 0) + 1;
			log.lastVerifiedAt = at;
		} else {
			log.unverified += 1;
			log.lastFailure = { at, reason: note.reason, enforced: note.enforced };
		}
		await this.kv.put(KEY, log);
		return before;
	}
}
