import type { KeyValueStore } from './kv';

/**
 * Mutual exclusion over app persistence, which has no compare-and-set: to claim a resource, write a
 * claim record of your own (a new key: no one else writes it), then list every live claim of the
 * resource, and go ahead only if yours is the only one. Two claimants can never both go ahead: each
 * wrote before it listed, so whichever listed last saw the other's claim. (Both may back off when
 * they collide; the resource is simply tried again later.) Claims older than their TTL are ignored
 * and cleared, so a claimant that died releases its claim by time; a claim of a kind (ClaimKind) is
 * cleared by the next holder, who is told (`recovered`) so that it can repair what was left half done.
 */
export interface Claim {
	readonly resource: string;
	readonly token: string;
	/**
	 * Claims of a kind (ClaimKind) that outlived the TTL unreleased, found when this one was taken: their
	 * claimants died holding the resource, so whatever they did may be half done. They are left standing
	 * until this claim is released (so a claimant that dies before repairing leaves them to the next one).
	 */
	readonly recovered?: readonly string[];
}

/** How a claimant waits for a resource someone else holds: at most `waitMs` of pauses in all. */
export interface ClaimWait {
	waitMs: number;
	sleep?: (ms: number) => Promise<void>;
}

/**
 * `kind`: one more tag on the claim record, so every claim of a kind can be listed (`abandoned`).
 * `listTag`: the claims of the resource are listed by this tag instead (the claim record carries it too),
 * so that one read also returns the other records carrying it (`Claims.taken` hands them on).
 */
export interface ClaimKind {
	kind?: string;
	listTag?: string;
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
const kindTag = (kind: string) => `claims-kind:${kind}`;

export class Claims {
	constructor(
		private readonly kv: KeyValueStore,
		private readonly now: () => number = () => Date.now(),
	) {}

	public async take(resource: string, ttlMs: number, options: ClaimKind = {}): Promise<Claim | undefined> {
		return (await this.taken(resource, ttlMs, options)).claim;
	}

	/** `take`, also handing on everything the one listing returned (with `listTag`: the records that carry it). */
	public async taken(resource: string, ttlMs: number, { kind, listTag }: ClaimKind = {}): Promise<{ claim?: Claim; listed: unknown[] }> {
		const token = `c${this.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
		const own = recordId(resource, token);
		await this.kv.put(own, { resource, token, at: this.now() } satisfies ClaimRecord, [tagOf(resource), ...(kind ? [kindTag(kind)] : []), ...(listTag ? [listTag] : [])]);
		try {
			const live: ClaimRecord[] = [];
			const dead: string[] = [];
			const listed = await this.kv.list<unknown>(listTag ?? tagOf(resource));
			for (const c of listed as Array<Partial<ClaimRecord> | undefined>) {
				if (typeof c?.token !== 'string' || c.resource !== resource) continue;
				if (typeof c.at === 'number' && Number.isFinite(c.at) && c.at >= this.now() - ttlMs) live.push(c as ClaimRecord);
				else if (kind) dead.push(c.token);
				else await this.kv.remove(recordId(resource, c.token));
			}
			if (live.length === 1 && live[0].token === token) return { claim: { resource, token, ...(dead.length ? { recovered: dead } : {}) }, listed };
		} catch (e) {
			// a failed look must not leave our record standing: it would hold the resource for the whole lease
			await this.kv.remove(own).catch(() => undefined);
			throw e;
		}
		await this.kv.remove(own);
		return { listed: [] };
	}

	/**
	 * Takes the claim, waiting while someone else holds it (or after a collision, when both backed
	 * off). While it waits it only looks (one read per look, no writes) and tries again once no live
	 * claim is left. Undefined when `wait.waitMs` of pauses passed without getting it. The pauses are
	 * counted, not read from the clock, so a frozen test clock cannot make it wait for ever; the last pause
	 * is cut to what is left of the budget, so it never waits past `waitMs`.
	 */
	public async acquire(resource: string, ttlMs: number, wait: ClaimWait & ClaimKind): Promise<Claim | undefined> {
		return (await this.acquired(resource, ttlMs, wait)).claim;
	}

	/** `acquire`, handing on what the winning listing returned (see `taken`). */
	public async acquired(resource: string, ttlMs: number, wait: ClaimWait & ClaimKind): Promise<{ claim?: Claim; listed: unknown[] }> {
		const sleep = wait.sleep ?? realSleep;
		let waited = 0;
		let pause = FIRST_PAUSE_MS;
		for (;;) {
			const got = await this.taken(resource, ttlMs, wait);
			if (got.claim) return got;
			do {
				if (waited >= wait.waitMs) return { listed: [] };
				const ms = Math.min(Math.round(pause / 2 + Math.random() * pause), wait.waitMs - waited);
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

	/** The resources of `kind` whose claim outlived `ttlMs` without being released (one read): their claimants died. */
	public async abandoned(kind: string, ttlMs: number): Promise<string[]> {
		const since = this.now() - ttlMs;
		const dead = (await this.kv.list<Partial<ClaimRecord>>(kindTag(kind))).filter((c) => typeof c?.resource === 'string' && typeof c.token === 'string' && !(typeof c.at === 'number' && c.at >= since));
		return [...new Set(dead.map((c) => c.resource as string))];
	}

	public async release(claim: Claim): Promise<void> {
		for (const token of claim.recovered ?? []) await this.kv.remove(recordId(claim.resource, token));
		await this.kv.remove(recordId(claim.resource, claim.token));
	}
}
