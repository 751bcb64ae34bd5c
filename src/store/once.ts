import * as z from '../zod';
import type { KeyValueStore } from './kv';
import { withKeyLock } from './lock';

/**
 * "Only the first one wins, ever" over app persistence, which has no compare-and-set (no unique index, no
 * conditional write). Used where a second attempt must do nothing: a contact-delete confirmation
 * clicked twice, a signed bot request replayed (its nonce).
 *
 * Protocol for a key:
 * 1. in this instance, claims of one key run one after the other (withKeyLock), so a double click
 *    that lands on one instance is decided here, exactly;
 * 2. a live claim already stored → refused;
 * 3. otherwise each claimant *adds* its own record (a new document, never an upsert that could
 *    overwrite another's), then reads every record of the key back; the claimant whose record comes
 *    first wins, every other one is refused.
 *
 * Limits, across instances: step 3 relies on two things MongoDB gives Rocket.Chat's persistence in
 * practice but does not promise: a read after one's own write sees it, and records with the same
 * association come back in insertion order (natural order of an append-only set). If two instances
 * add at the same instant and a read returned them in different orders, both could win. Within one
 * instance the lock makes it exact.
 */

const claimSchema = z.object({ token: z.string(), key: z.string(), expiresAt: z.number() });
type Claim = z.infer<typeof claimSchema>;

const tagOf = (key: string) => `claim:${key}`;
const PRUNE_EVERY_MS = 60_000;
/** Only a throttle for the prune below; the claims themselves live in persistence. */
let lastPrune = 0;

export async function claimOnce(kv: KeyValueStore, key: string, ttlMs: number, now = Date.now()): Promise<boolean> {
	const won = await withKeyLock(tagOf(key), async () => {
		const live = async () => (await kv.list<unknown>(tagOf(key))).map((r) => claimSchema.safeParse(r)).flatMap((r) => (r.success ? [r.data] : []));
		if ((await live()).some((c) => c.expiresAt > now)) return false;
		const token = `${now.toString(36)}${Math.random().toString(36).slice(2, 12)}`;
		const mine: Claim = { token, key, expiresAt: now + ttlMs };
		await kv.add(mine, [tagOf(key), 'claim']);
		const first = (await live()).find((c) => c.expiresAt > now || c.token === token);
		return first?.token === token;
	});
	if (now - lastPrune > PRUNE_EVERY_MS) {
		lastPrune = now;
		await pruneClaims(kv, now);
	}
	return won;
}

/** Forgets keys whose every claim has expired. */
export async function pruneClaims(kv: KeyValueStore, now = Date.now()): Promise<number> {
	const byKey = new Map<string, Claim[]>();
	for (const r of await kv.list<unknown>('claim')) {
		const c = claimSchema.safeParse(r);
		if (c.success) byKey.set(c.data.key, [...(byKey.get(c.data.key) ?? []), c.data]);
	}
	let pruned = 0;
	for (const [key, claims] of byKey) {
		if (claims.every((c) => c.expiresAt <= now)) {
			await kv.removeTagged(tagOf(key));
			pruned++;
		}
	}
	return pruned;
}
