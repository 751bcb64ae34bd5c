import type { KeyValueStore } from './kv';

/**
 * Mutual exclusion over app persistence, which has no compare-and-set: to claim a resource, write a
 * claim record of your own (a new key: no one else writes it), then list every live claim of the
 * resource, and go ahead only if yours is the only one. Two claimants can never both go ahead: each
 * wrote before it listed, so whichever listed last saw the other's claim. (Both may back off when
 * they collide; the resource is simply tried again later.) Claims older than their TTL are ignored
 * and cleared, so a claimant that died releases its claim by time.
 */
export interface Claim {
	readonly resource: string;
	readonly token: string;
}

interface ClaimRecord {
	resource: string;
	token: string;
	at: number;
}

const recordId = (resource: string, token: string) => `claim:${resource}:${token}`;
const tagOf = (resource: string) => `claims:${resource}`;

export class Claims {
	constructor(
		private readonly kv: KeyValueStore,
		private readonly now: () => number = () => Date.now(),
	) {}

	public async take(resource: string, ttlMs: number): Promise<Claim | undefined> {
		const token = `c${this.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
		await this.kv.put(recordId(resource, token), { resource, token, at: this.now() } satisfies ClaimRecord, [tagOf(resource)]);
		const live: ClaimRecord[] = [];
		for (const c of await this.kv.list<Partial<ClaimRecord>>(tagOf(resource))) {
			if (typeof c?.token !== 'string') continue;
			if (typeof c.at !== 'number' || c.at < this.now() - ttlMs) await this.kv.remove(recordId(resource, c.token));
			else live.push(c as ClaimRecord);
		}
		if (live.length === 1 && live[0].token === token) return { resource, token };
		await this.kv.remove(recordId(resource, token));
		return undefined;
	}

	public async release(claim: Claim): Promise<void> {
		await this.kv.remove(recordId(claim.resource, claim.token));
	}
}
