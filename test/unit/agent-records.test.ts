import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { Limiter } from '../../src/delivery/limiter';
import { SerialLock } from '../../src/delivery/runtime';
import { AgentKv, agentTag } from '../../src/status/model/agent-records';
import { Claims } from '../../src/store/claim';
import { KeyValueStore } from '../../src/store/kv';
import { MemoryWorld } from './fakes/memory-world';

/**
 * The agent's own records carry the tag `agent:<id>` so that one read (the turn's claim listing) brings
 * them all (src/status/model/agent-records.ts); records an older version wrote are retagged, never
 * doubled. The claim listing by that tag, the claims a dead instance left, and the instance's in-memory
 * limiter slots are here too.
 */
const misc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);

function world() {
	const w = new MemoryWorld();
	const a = w.accessors();
	const kv = () => new AgentKv(a.read.getPersistenceReader(), a.persis);
	const plain = new KeyValueStore(a.read.getPersistenceReader(), a.persis);
	/** how many records carry `id:<id>` */
	const copies = (id: string) => w.records.filter((r) => r.assoc.has(`misc:id:${id}`)).length;
	const listing = () => a.read.getPersistenceReader().readByAssociation(misc(`tag:${agentTag('u1')}`));
	return { w, kv, plain, copies, listing };
}

describe('an agent’s records, read in one call', () => {
	it('a record an older version wrote (its id alone) is rewritten tagged once, never left beside the tagged one', async () => {
		const { kv, plain, copies, listing } = world();
		await plain.put('st:sync:u1', { seq: 3, echoes: [] });
		const store = kv();
		expect(await store.get('st:sync:u1')).toEqual({ seq: 3, echoes: [] });
		await store.put('st:sync:u1', { seq: 4, echoes: [] });
		expect(copies('st:sync:u1')).toBe(1);
		expect(await listing()).toEqual([{ seq: 4, echoes: [], _id: 'st:sync:u1' }]);
		// a store that never read it does the same: an untagged record goes before the tagged one is written
		await plain.remove('st:sync:u1');
		await plain.put('st:sync:u1', { seq: 9, echoes: [] });
		await kv().put('st:sync:u1', { seq: 10, echoes: [] });
		expect(copies('st:sync:u1')).toBe(1);
		expect(await kv().get('st:sync:u1')).toEqual({ seq: 10, echoes: [] });
	});

	it('the sync record is written tagged last: the ledger and the link of an older version are tagged before it', async () => {
		const { kv, plain, listing } = world();
		await plain.put('st:ledger:u1', { available: true });
		await plain.put('st:link:u1', { uuid: 'cb-1', by: 'admin' });
		await kv().put('st:sync:u1', { seq: 1, echoes: [] });
		const ids = (await listing()).map((r) => (r as { _id: string })._id).sort();
		expect(ids).toEqual(['st:ledger:u1', 'st:link:u1', 'st:sync:u1']);
	});

	it('with the listing complete (a tagged sync record), an absent record is known absent without a read; the timeline head is still looked up', async () => {
		const { w, kv, plain, listing } = world();
		await kv().put('st:sync:u1', { seq: 1, echoes: [] });
		await plain.put('tl:u1', { v: 1, d: '2026-11-30', s: [], e: [] }, ['tl:day:2026-11-30']);
		const store = kv();
		store.remember('u1', await listing());
		const reads = w.records.length; // nothing is written by reading
		expect(await store.get('st:ledger:u1')).toBeUndefined();
		expect(await store.get('st:link:u1')).toBeUndefined();
		expect(await store.get('tl:u1')).toEqual({ v: 1, d: '2026-11-30', s: [], e: [] });
		expect(w.records.length).toBe(reads);
		// a listing without the tagged sync record proves nothing: each record is read by its id
		const legacy = kv();
		await plain.put('st:ledger:u2', { available: false });
		legacy.remember('u2', []);
		expect(await legacy.get('st:ledger:u2')).toEqual({ available: false });
	});

	it('records of other kinds pass through: no tag, no `_id`, also when a value read from an agent record is archived', async () => {
		const { w, kv } = world();
		const store = kv();
		await store.put('tl:u1:2026-11-29', { v: 1, d: '2026-11-29', s: [], e: [], _id: 'tl:u1' } as object, ['tl:day:2026-11-29']);
		const archived = w.records.find((r) => r.assoc.has('misc:id:tl:u1:2026-11-29'));
		expect(archived?.data).not.toHaveProperty('_id');
		expect([...(archived?.assoc ?? [])].some((t) => t.includes('agent:'))).toBe(false);
	});
});

describe('claims listed by another tag, and claims a dead instance left', () => {
	it('one listing returns the claim and the records carrying the tag; a rival claim still stops it', async () => {
		const { w, kv } = world();
		const store = kv();
		await store.put('st:sync:u1', { seq: 1, echoes: [] });
		const claims = new Claims(store, () => w.now);
		const got = await claims.taken('st:agent:u1', 30_000, { listTag: agentTag('u1'), kind: 'st:agent' });
		expect(got.claim).toBeDefined();
		expect(got.listed).toContainEqual({ seq: 1, echoes: [], _id: 'st:sync:u1' });
		const rival = await claims.taken('st:agent:u1', 30_000, { listTag: agentTag('u1'), kind: 'st:agent' });
		expect(rival.claim).toBeUndefined();
		if (got.claim) await claims.release(got.claim);
		expect((await claims.taken('st:agent:u1', 30_000, { listTag: agentTag('u1') })).claim).toBeDefined();
	});

	it('a claim of a kind left past its lease is reported, kept until the taker releases, and listed as abandoned meanwhile', async () => {
		const { w, kv } = world();
		const claims = new Claims(kv(), () => w.now);
		const dead = await claims.take('st:agent:u1', 30_000, { kind: 'st:agent' });
		expect(dead?.recovered).toBeUndefined();
		expect(await claims.abandoned('st:agent', 30_000)).toEqual([]);
		w.now += 31_000;
		expect(await claims.abandoned('st:agent', 30_000)).toEqual(['st:agent:u1']);
		const next = await claims.take('st:agent:u1', 30_000, { kind: 'st:agent' });
		expect(next?.recovered).toHaveLength(1);
		// the taker dies too before it releases: the next one is told again
		w.now += 31_000;
		const third = await claims.take('st:agent:u1', 30_000, { kind: 'st:agent' });
		expect(third?.recovered).toHaveLength(2);
		if (third) await claims.release(third);
		expect(await claims.abandoned('st:agent', 30_000)).toEqual([]);
		expect((await claims.take('st:agent:u1', 30_000, { kind: 'st:agent' }))?.recovered).toBeUndefined();
	});
});

describe('the limiter’s in-memory slots (an inline send on an ordered key)', () => {
	it('admit the limit per window on the instance, and count against the slots it keeps in persistence', async () => {
		const { w, plain } = world();
		const clock = { now: () => w.now, sleep: async () => undefined };
		const lock = new SerialLock();
		const limiter = new Limiter(plain, lock, clock);
		const limit = { limit: 2, windowMs: 1000 };
		const a = await limiter.acquireLocal('callbell', 'tok', limit, 20_000);
		const b = await limiter.acquireLocal('callbell', 'tok', limit, 20_000);
		expect([a.ok, b.ok]).toEqual([true, true]);
		if (a.ok) await limiter.answered(a.slot);
		if (b.ok) await limiter.answered(b.slot);
		expect((await limiter.acquireLocal('callbell', 'tok', limit, 20_000)).ok).toBe(false);
		// nothing of them was written
		expect(w.records.filter((r) => [...r.assoc].some((t) => t.includes('limiter')))).toEqual([]);
		// the persisted path of the same instance sees them
		expect((await limiter.acquire('callbell', 'tok', limit, 20_000)).ok).toBe(false);
		// another instance (its own lock) does not
		expect((await new Limiter(plain, new SerialLock(), clock).acquire('callbell', 'tok', limit, 20_000)).ok).toBe(true);
		w.now += 1500;
		expect((await limiter.acquireLocal('callbell', 'tok', limit, 20_000)).ok).toBe(true);
	});
});
