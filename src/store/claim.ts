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

/** How a claimant waits for a resource someone else holds: at most `waitMs` of pauses in all. */
export interface ClaimWait {
	waitMs: number;
	sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** The first pause after a refusal, and the longest one (each is drawn at random around the current one, so two waiters drift apart). */
const FIRST_PAUSE_MS = 15;
const MAX_PAUSE_MS = 200;

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
		const own = recordId(resource, token);
		await this.kv.put(own, { resource, token, at: this.now() } satisfies ClaimRecord, [tagOf(resource)]);
		try {
			const live: ClaimRecord[] = [];
			for (const c of await this.kv.list<Partial<ClaimRecord>>(tagOf(resource))) {
				if (typeof c?.token !== 'string') continue;
				if (typeof c.at !== 'number' || !Number.isFinite(c.at) || c.at < this.now() - ttlMs) await this.kv.remove(recordId(resource, c.token));
				else live.push(c as ClaimRecord);
			}
			if (live.length === 1 && live[0].token === token) return { resource, token };
		} catch (e) {
			// a failed look must not leave our record standing: it would hold the resource for the whole lease
			await this.kv.remove(own).catch(() => undefined);
			throw e;
		}
		await this.kv.remove(own);
		return undefined;
	}

	/**
	 * Takes the claim, waiting while someone else holds it (or after a collision, when both backed
	 * off). While it waits it only looks (one read per look, no writes) and tries again once no live
	 * claim is left. Undefined when `wait.waitMs` of pauses passed without getting it. The pauses are
	 * counted, not read from the clock, so a frozen test clock cannot make it wait for ever.
	 */
	public async acquire(resource: string, ttlMs: number, wait: ClaimWait): Promise<Claim | undefined> {
		const sleep = wait.sleep ?? realSleep;
		let waited = 0;
		let pause = FIRST_PAUSE_MS;
		for (;;) {
			const claim = await this.take(resource, ttlMs);
			if (claim) return claim;
			do {
				if (waited >= wait.waitMs) return undefined;
				const ms = Math.round(pause / 2 + Math.random() * pause);
				await sleep(ms);
				waited += ms;
				pause = Math.min(pause * 1.5, MAX_PAUSE_MS);
			} while (await this.held(resource, ttlMs));
		}
	}

	/** Whether a live claim of the resource exists (one read, nothing written). */
	public async held(resource: string, ttlMs: number): Promise<boolean> {
		const since = this.now() - ttlMs;
		return (await this.kv.list<Partial<ClaimRecord>>(tagOf(resource))).some((c) => typeof c?.token === 'string' && typeof c.at === 'number' && c.at >= since);
	}

	public async release(claim: Claim): Promise<void> {
		await this.kv.remove(recordId(claim.resource, claim.token));
	}
}
