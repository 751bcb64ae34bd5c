import fc from 'fast-check';
import { readItem, scanRecords } from '../../../src/delivery/item';
import { searchParams } from '../fakes/model-search';

/**
 * Counting and choosing among many queued items reads each record with a shape check (the item schema
 * without its transforms, ~10× cheaper in zod 3) and reads only the chosen ones whole. That is only
 * sound while the shape accepts exactly the records `readItem` accepts: a record the shape took but
 * `readItem` refuses would be counted, and chosen by the drain, as an item nobody can read. Searched
 * here over records of every kind, each broken at one place in every way persistence can break it.
 */

const asker = { userId: 'u1', username: 'alice', label: 'i18n:["lead_label",{"uuid":"L"}]', announce: true };
const failure = { kind: 'unavailable', cause: 'server', sent: 'yes', status: 500, message: 'Internal Server Error', vendor: 'botpenguin' };
const base = { ...asker, state: 'pending', attempts: 1, createdAt: 10, updatedAt: 11, nextAttemptAt: 12 };
const RECORDS: object[] = [
	{
		...base,
		id: 'ob1',
		roomId: 'GENERAL',
		op: { kind: 'lead.update', update: { uuid: 'L', status: 'CLOSED', name: 'N', tags: ['a'], notes: [{ title: 't', description: 'd' }], attributes: [{ key: 'k', value: 'v' }] } },
		leaseUntil: null,
		lastError: failure,
		coalesceKey: 'lead:L',
		order: 10,
		merged: [{ ...asker, id: 'ob0', roomId: null }],
	},
	{ ...base, id: 'ob2', state: 'sending', leaseUntil: 99, op: { kind: 'callbell.status', userUuid: 'cb', change: { available: true, customStatusUuid: null } }, coalesceKey: 'callbell:cb', roomId: null, lastError: null, merged: null },
	{ ...base, id: 'ob3', state: 'failed', op: { kind: 'contacts.delete', ids: ['c1'], subscriberIds: ['s1'] }, lastError: { kind: 'invalid', vendor: 'botpenguin', status: 400, message: 'bad' } },
	{ ...base, id: 'ob4', state: 'unknown', op: { kind: 'callbell.customStatus.update', name: 'Lunch', to: 'Break', emoji: null } },
	{ ...base, id: 'ob5', op: { kind: 'callbell.customStatus.create', name: 'Lunch', emoji: '🍔' } },
	{ ...base, id: 'ob6', op: { kind: 'callbell.customStatus.delete', name: 'Lunch' } },
	{ ...base, id: 'ob7', op: { kind: 'omnichannel.status', agentId: 'a1', status: 'available' } },
];

/** Every path to a value inside a record (object keys and array indexes). */
function paths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
	if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
	if (value && typeof value === 'object') return [at, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...at, k]))];
	return [at];
}

const BREAKS: Array<[string, (v: unknown) => unknown]> = [
	['absent', () => undefined],
	['null', () => null],
	['a number', () => 7],
	['an empty string', () => ''],
	['a string', () => 'paused'],
	['a boolean', () => false],
	['an array', () => []],
	['an object', () => ({})],
	['a fraction', () => 1.5],
	['negative', () => -1],
];

function broken(record: object, path: Array<string | number>, make: (v: unknown) => unknown): unknown {
	if (path.length === 0) return make(record);
	const copy = structuredClone(record) as Record<string | number, unknown>;
	let at = copy;
	for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
	const last = path[path.length - 1];
	const next = make(at[last]);
	if (next === undefined) delete at[last];
	else at[last] = next;
	return copy;
}

const agree = (raw: unknown) => {
	const read = readItem(raw);
	const scan = scanRecords([raw], (stubs) => stubs);
	if (!read.ok) {
		expect(scan.stubs).toEqual([]);
		expect(scan.unreadable).toEqual([read.unreadable]);
		return;
	}
	const item = read.item;
	expect(scan.unreadable).toEqual([]);
	expect(scan.items).toEqual([item]);
	expect(scan.stubs).toEqual([
		{
			id: item.id,
			userId: item.userId,
			kind: item.op.kind,
			state: item.state,
			createdAt: item.createdAt,
			updatedAt: item.updatedAt,
			nextAttemptAt: item.nextAttemptAt,
			order: item.order,
			mergedIds: (item.merged ?? []).map((m) => m.id),
			...(item.leaseUntil !== undefined ? { leaseUntil: item.leaseUntil } : {}),
			...(item.coalesceKey !== undefined ? { coalesceKey: item.coalesceKey } : {}),
		},
	]);
};

describe('scanning records: the same verdict as reading them whole', () => {
	it.each(RECORDS.map((r) => [(r as { id: string }).id, r]))('%s, as written, is readable both ways and its stub is the item’s', (_id, record) => {
		expect(readItem(record).ok).toBe(true);
		agree(record);
	});

	it('every record broken at any one place: readable by both or by neither, with the same problem (searched)', () => {
		const cases = fc.constantFrom(...RECORDS).chain((record) => fc.tuple(fc.constant(record), fc.constantFrom(...paths(record)), fc.constantFrom(...BREAKS)));
		fc.assert(
			fc.property(cases, ([record, path, [, make]]) => agree(broken(record, path, make))),
			searchParams(2000, 19),
		);
	});

	it('only the picked stubs are read whole, in the order picked', () => {
		const scan = scanRecords([...RECORDS, { id: 'bad' }], (stubs) => [stubs[3], stubs[0]]);
		expect(scan.stubs.map((s) => s.id)).toEqual(['ob1', 'ob2', 'ob3', 'ob4', 'ob5', 'ob6', 'ob7']);
		expect(scan.items.map((i) => i.id)).toEqual(['ob4', 'ob1']);
		expect(scan.unreadable).toEqual([{ id: 'bad', problem: expect.stringMatching(/^userId: /) }]);
	});
});
