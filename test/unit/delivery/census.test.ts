import type { IHttp, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { CENSUS_FROM, SHOWN } from '../../../src/delivery/census';
import { type OutboxItem, Outbox } from '../../../src/delivery/outbox';
import { OutboxRecords } from '../../../src/delivery/records';
import { KeyValueStore } from '../../../src/store/kv';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { VendorModel } from './vendor-model';

/**
 * A long queue is counted by the delivery run (which reads every record anyway) and the listing reads
 * that census; a short one is counted when asked. The census is only ever replaced by a count made
 * from scratch, so whatever two instances leave there is healed by the next run.
 */

const HOUR = 3_600_000;
let now = 1_000_000;
const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };

/** Counts the reads by association, by what they asked for. */
function counting(store: MemoryStore): { reader: IPersistenceRead; reads: string[] } {
	const inner = store.reader();
	const reads: string[] = [];
	const reader = {
		...inner,
		readByAssociation: (a: RocketChatAssociationRecord) => {
			reads.push(a.getID());
			return inner.readByAssociation(a);
		},
	} as IPersistenceRead;
	return { reader, reads };
}

function world() {
	const store = new MemoryStore();
	const { reader, reads } = counting(store);
	const accessors = { read: { getPersistenceReader: () => reader } as never, persis: store.writer(), http: {} as IHttp, modify: recordingModify([]) };
	const outbox = () => new Outbox(ctx, accessors, { clock, transport: new VendorModel() });
	const kv = new KeyValueStore(reader, store.writer());
	return { store, reads, outbox, kv, records: new OutboxRecords(kv) };
}

let seq = 0;
/** An item waiting an hour for its next attempt (a drain sends nothing), each one queued after the one before. */
function waiting(kind: 'lead' | 'status', userId = 'u1', createdAt = now - HOUR + ++seq): OutboxItem {
	const id = `ob${(seq++).toString(36).padStart(5, '0')}`;
	const op: OutboxItem['op'] = kind === 'lead' ? { kind: 'lead.update', update: { uuid: id, status: 'CLOSED' } } : { kind: 'callbell.status', userUuid: id, change: { available: true } };
	return { id, op, state: 'pending', attempts: 1, createdAt, updatedAt: now, nextAttemptAt: now + HOUR, order: createdAt, userId, username: userId, label: id, announce: true };
}

async function fill(w: ReturnType<typeof world>, leads: number, statuses: number): Promise<OutboxItem[]> {
	const items = [...Array.from({ length: leads }, () => waiting('lead')), ...Array.from({ length: statuses }, () => waiting('status'))];
	for (const item of items) await w.records.save(item);
	return items;
}

const oldestIds = (items: OutboxItem[]) => [...items].sort((a, b) => a.createdAt - b.createdAt).slice(0, SHOWN).map((i) => i.id);

describe('the queue overview', () => {
	it('a long queue: the delivery run counts it, the listing reads one record and shows the count, the unreadable and the oldest', async () => {
		const w = world();
		const items = await fill(w, CENSUS_FROM - 100, 150);
		await w.kv.put('outbox:broken', { id: 'broken', op: { kind: 'lead.archive' } }, ['outbox']);
		await w.outbox().drain();
		now += 5000;
		w.reads.length = 0;
		const q = await w.outbox().census.overview();
		expect(w.reads).toEqual(['id:outbox-census']);
		expect(q.asOf).toBe(now - 5000);
		// kinds in the order of their oldest item
		expect(q.byKind).toEqual([
			['lead.update', CENSUS_FROM - 100],
			['callbell.status', 150],
		]);
		expect(q.unreadableCount).toBe(1);
		expect(q.unreadable).toEqual([{ id: 'broken', problem: 'userId: Invalid input: expected string, received undefined' }]);
		expect(q.oldest.map((i) => i.id)).toEqual(oldestIds(items));
		expect(q.oldest[0]).toEqual(items.find((i) => i.id === q.oldest[0].id));
	});

	it('a short queue is counted when asked: an item queued after the last run is in it, and no census is left', async () => {
		const w = world();
		const items = await fill(w, 30, 2);
		await w.outbox().drain();
		items.push(...(await fill(w, 1, 0)));
		const q = await w.outbox().census.overview();
		expect(q.asOf).toBeUndefined();
		expect(q.byKind).toEqual([
			['lead.update', 31],
			['callbell.status', 2],
		]);
		expect(q.oldest.map((i) => i.id)).toEqual(oldestIds(items));
		expect(await w.kv.get('outbox-census')).toBeUndefined();
	});

	it('a census that is wrong (another instance wrote it from an older read) is replaced by the next run, and removed once the queue is short', async () => {
		const w = world();
		await fill(w, CENSUS_FROM, 0);
		await w.outbox().drain();
		const stale = await w.kv.get<object>('outbox-census');
		// the queue shrinks and a run counts it short; then a slower instance writes what it counted before
		const gone = (await w.records.scan()).stubs.slice(0, CENSUS_FROM - 10);
		for (const s of gone) await w.records.remove(s.id);
		await w.outbox().drain();
		expect(await w.kv.get('outbox-census')).toBeUndefined();
		await w.kv.put('outbox-census', stale!);
		expect((await w.outbox().census.overview()).byKind).toEqual([['lead.update', CENSUS_FROM]]);
		await w.outbox().drain();
		const healed = await w.outbox().census.overview();
		expect(healed.asOf).toBeUndefined();
		expect(healed.byKind).toEqual([['lead.update', 10]]);
		// and a long queue's census is recounted from scratch at every run, whatever was written there
		await fill(w, CENSUS_FROM, 0);
		await w.kv.put('outbox-census', { ...stale!, byKind: [['lead.update', 3]], unreadableCount: 7 });
		await w.outbox().drain();
		expect(await w.outbox().census.overview()).toMatchObject({ byKind: [['lead.update', CENSUS_FROM + 10]], unreadableCount: 0 });
	});

	it('a broken census reads as absent: the queue is counted when asked', async () => {
		const w = world();
		await fill(w, 3, 0);
		await w.kv.put('outbox-census', { at: 'yesterday', byKind: [['lead.update', 999]] });
		expect(await w.outbox().census.overview()).toMatchObject({ byKind: [['lead.update', 3]], unreadableCount: 0 });
	});

	it('an agent sees their own items, counted when asked, even while a census counts everyone’s', async () => {
		const w = world();
		await fill(w, CENSUS_FROM, 0);
		const own = [waiting('status', 'bob'), waiting('lead', 'bob')];
		for (const item of own) await w.records.save(item);
		await w.outbox().drain();
		const q = await w.outbox().census.overview('bob');
		expect(q.asOf).toBeUndefined();
		expect(q.byKind).toEqual([
			['callbell.status', 1],
			['lead.update', 1],
		]);
		expect(q.oldest.map((i) => i.id)).toEqual(oldestIds(own));
	});

	it('at most SHOWN unreadable records are listed; all of them are counted', async () => {
		const w = world();
		for (let i = 0; i < SHOWN + 5; i++) await w.kv.put(`outbox:x${i}`, { id: `x${i}` }, ['outbox']);
		const q = await w.outbox().census.overview();
		expect(q.unreadableCount).toBe(SHOWN + 5);
		expect(q.unreadable).toHaveLength(SHOWN);
	});
});

describe('a delivery run reads the queue', () => {
	it('once when it sends nothing, twice when it sent something (to arm its successor from what is left)', async () => {
		const w = world();
		await fill(w, 3, 0);
		w.reads.length = 0;
		await w.outbox().drain();
		expect(w.reads.filter((r) => r === 'tag:outbox')).toHaveLength(1);
		const due = { ...waiting('lead'), nextAttemptAt: now };
		await w.records.save(due);
		w.reads.length = 0;
		await w.outbox().drain();
		expect(w.reads.filter((r) => r === 'tag:outbox')).toHaveLength(2);
		expect((await w.outbox().list()).items.map((i) => i.id)).not.toContain(due.id);
	});
});
