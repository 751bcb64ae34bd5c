import type { IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import fc from 'fast-check';
import { oldestStubs } from '../../../src/delivery/census';
import type { OutboxItem } from '../../../src/delivery/item';
import { newItemId, OutboxRecords, PARTS } from '../../../src/delivery/records';
import { KeyValueStore } from '../../../src/store/kv';
import { MemoryStore } from '../fakes/memory-store';

/**
 * The queue is read in parts (src/delivery/records.ts): the whole of a long queue is never returned by
 * one read, every item is found whichever part holds it or whether a version before parts wrote it,
 * and a save never makes a second record of an item.
 */

/** The sizes of the answers to reads by association. */
function world() {
	const store = new MemoryStore();
	const inner = store.reader();
	const answers: number[] = [];
	const reader = {
		...inner,
		readByAssociation: async (a: RocketChatAssociationRecord) => {
			const found = await inner.readByAssociation(a);
			answers.push(found.length);
			return found;
		},
	} as IPersistenceRead;
	const kv = new KeyValueStore(reader, store.writer());
	return { store, kv, answers, records: new OutboxRecords(kv) };
}

const item = (id: string, createdAt: number, userId = 'u1'): OutboxItem => ({
	id,
	op: { kind: 'lead.update', update: { uuid: id, status: 'CLOSED' } },
	state: 'pending',
	attempts: 0,
	createdAt,
	updatedAt: createdAt,
	nextAttemptAt: createdAt,
	order: createdAt,
	userId,
	username: userId,
	label: id,
	announce: false,
});

it('new ids name every part; an id names its part whatever the clock', () => {
	const seen = new Set<string>();
	for (let i = 0; i < PARTS * 20; i++) seen.add(newItemId(1_000_000 + i).slice(0, 2));
	expect([...seen].sort()).toEqual(Array.from({ length: PARTS }, (_, p) => `p${p}`));
	expect(newItemId(5, () => 0.999999).startsWith(`p${PARTS - 1}`)).toBe(true);
});

it('items of every part and of a version before parts: each found once, the oldest picked from the whole, no read returns the whole queue', async () => {
	await fc.assert(
		fc.asyncProperty(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.constantFrom('u1', 'u2')), { minLength: 4, maxLength: 60 }), async (specs) => {
			const w = world();
			const saved = specs.map(([legacy, createdAt, userId], i) => item(legacy ? `ob${i}` : newItemId(1000 + i), createdAt, userId));
			for (const x of saved) await w.records.save(x);
			w.answers.length = 0;
			const scan = await w.records.scan(undefined, oldestStubs);
			expect(scan.stubs.map((s) => s.id).sort()).toEqual(saved.map((x) => x.id).sort());
			expect(scan.items.map((i) => i.id)).toEqual(oldestStubs(scan.stubs).map((s) => s.id));
			expect(new Set(scan.items.map((i) => i.id))).toEqual(new Set(oldestStubs(saved.map((x) => ({ ...x, kind: x.op.kind, mergedIds: [] }))).map((s) => s.id)));
			expect(w.answers).toHaveLength(PARTS + 1);
			expect((await w.records.all()).items).toHaveLength(saved.length);
			// a part holds about 1/PARTS of the new items: no single read is the whole queue once both kinds and several parts are in it
			const parts = new Set(saved.map((x) => (x.id.startsWith('ob') ? 'legacy' : x.id.slice(0, 2))));
			if (parts.size > 1) expect(Math.max(...w.answers)).toBeLessThan(saved.length);
			// one user's items: the same, read by that user's parts
			for (const userId of ['u1', 'u2']) {
				const own = saved.filter((x) => x.userId === userId);
				w.answers.length = 0;
				const mine = await w.records.scan(userId, oldestStubs);
				expect(mine.stubs.map((x) => x.id).sort()).toEqual(own.map((x) => x.id).sort());
				expect(w.answers).toHaveLength(PARTS + 1);
				expect((await w.records.all(userId)).items.map((x) => x.id).sort()).toEqual(own.map((x) => x.id).sort());
				const ownParts = new Set(own.map((x) => (x.id.startsWith('ob') ? 'legacy' : x.id.slice(0, 2))));
				if (ownParts.size > 1) expect(Math.max(...w.answers)).toBeLessThan(own.length);
			}
		}),
	);
});

it('a save of an item, new or from a version before parts, keeps it one record under the tags it was created with', async () => {
	const w = world();
	const legacy = item('obOLD', 1);
	await w.kv.put('outbox:obOLD', legacy, ['outbox', 'outbox:user:u1']);
	const fresh = item(newItemId(2), 2);
	await w.records.save(fresh);
	for (const x of [legacy, fresh]) await w.records.save({ ...x, state: 'failed', attempts: 3 });
	expect(w.store.records.size).toBe(2);
	const { items } = await w.records.all('u1');
	expect(items.map((i) => [i.id, i.state, i.attempts])).toEqual(expect.arrayContaining([
		['obOLD', 'failed', 3],
		[fresh.id, 'failed', 3],
	]));
	expect(items).toHaveLength(2);
});
