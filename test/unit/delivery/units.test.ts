import fc from 'fast-check';
import { mergeOps, type Operation, splitByRepeatSafety } from '../../../src/delivery/operation';
import { readItem } from '../../../src/delivery/item';
import { Claims } from '../../../src/store/claim';
import { KeyValueStore } from '../../../src/store/kv';
import { mayHaveApplied, type VendorFailure } from '../../../src/vendors/errors';
import { MemoryStore } from '../fakes/memory-store';

const lead = (update: Record<string, unknown>): Operation => ({ kind: 'lead.update', update: { uuid: 'L', ...update } });

describe('which part of an operation is safe to send again', () => {
	it('a lead update with a note splits into its fields (safe) and the note (unsafe)', () => {
		const op = lead({ status: 'CLOSED', tags: ['a'], notes: [{ title: 't', description: 'd' }] });
		expect(splitByRepeatSafety(op)).toEqual({ safe: lead({ status: 'CLOSED', tags: ['a'] }), unsafe: lead({ notes: [{ title: 't', description: 'd' }] }) });
	});
	it('a note alone has no safe part; statuses and deletions are safe whole', () => {
		expect(splitByRepeatSafety(lead({ notes: [{ title: 't', description: 'd' }] }))).toEqual({ unsafe: lead({ notes: [{ title: 't', description: 'd' }] }) });
		const cb: Operation = { kind: 'callbell.status', userUuid: 'x', change: { available: false } };
		expect(splitByRepeatSafety(cb)).toEqual({ safe: cb });
		const del: Operation = { kind: 'contacts.delete', ids: ['a'] };
		expect(splitByRepeatSafety(del)).toEqual({ safe: del });
	});
	it('merging lead updates keeps order: the newer scalar wins, notes append, tags unite', () => {
		expect(mergeOps(lead({ status: 'OPEN', tags: ['a'], notes: [{ title: '1', description: '1' }] }), lead({ status: 'CLOSED', tags: ['b'], notes: [{ title: '2', description: '2' }] }))).toEqual(
			lead({ status: 'CLOSED', tags: ['a', 'b'], notes: [{ title: '1', description: '1' }, { title: '2', description: '2' }] }),
		);
	});
});

describe('outcomes the app cannot know', () => {
	const f = (x: Partial<VendorFailure> & Pick<VendorFailure, 'kind'>) => ({ vendor: 'botpenguin', message: '', ...x }) as VendorFailure;
	it.each([
		[f({ kind: 'unavailable', cause: 'timeout', sent: 'unknown' } as never), true],
		[f({ kind: 'unavailable', cause: 'network', sent: 'unknown', message: 'socket hang up' } as never), true],
		[f({ kind: 'unavailable', cause: 'server', sent: 'yes', status: 504 } as never), true],
		[f({ kind: 'unavailable', cause: 'timeout', sent: 'no' } as never), false],
		[f({ kind: 'unavailable', cause: 'network', sent: 'no', message: 'connect ECONNREFUSED 10.0.0.1:443' } as never), false],
		[f({ kind: 'unavailable', cause: 'server', sent: 'yes', status: 500 } as never), false],
		[f({ kind: 'rate_limited', sent: 'yes', status: 429, retryAfterMs: 1 } as never), false],
		[f({ kind: 'invalid', sent: 'yes', status: 400 } as never), false],
		[f({ kind: 'not_configured', sent: 'no', setting: 's' } as never), false],
	])('%j → maybe applied: %s', (failure, expected) => {
		expect(mayHaveApplied(failure)).toBe(expected);
	});
});

describe('records are input', () => {
	const good = { id: 'ob1', op: lead({ status: 'OPEN' }), state: 'pending', attempts: 0, createdAt: 1, updatedAt: 1, nextAttemptAt: 1, userId: 'u', username: 'u', label: 'L', announce: false };
	it('a record read back through msgpack (nulls for undefined) equals the one written', () => {
		const read = readItem({ ...good, roomId: null, lastError: null, coalesceKey: null, op: { kind: 'lead.update', update: { uuid: 'L', status: 'OPEN', name: null, notes: null } } });
		expect(read).toEqual({ ok: true, item: { ...good, order: 1 } });
	});
	it.each([
		['an unknown kind', { ...good, op: { kind: 'lead.archive', uuid: 'L' } }],
		['no op', { ...good, op: undefined }],
		['a bad state', { ...good, state: 'paused' }],
		['a lead status BotPenguin has not', { ...good, op: lead({ status: 'DONE' }) }],
	])('%s is unreadable and names its id', (_what, raw) => {
		expect(readItem(raw)).toMatchObject({ ok: false, unreadable: { id: 'ob1' } });
	});
	it.each([
		['a lost connection (the old version read "refused" from its words)', { kind: 'unavailable', cause: 'network', message: 'connect ECONNREFUSED 10.0.0.1:443' }, 'unknown', true],
		['a timeout', { kind: 'unavailable', cause: 'timeout', message: 'no answer within 100 ms' }, 'unknown', true],
		['a 500', { kind: 'unavailable', cause: 'server', status: 500, message: 'HTTP 500' }, 'yes', false],
		['a 504', { kind: 'unavailable', cause: 'server', status: 504, message: 'HTTP 504' }, 'yes', true],
		['a 400', { kind: 'invalid', status: 400, message: 'bad' }, 'yes', false],
		['a missing setting', { kind: 'not_configured', setting: 's', message: 's is not set' }, 'no', false],
	])('a failure written before `sent` existed: %s reads as sent %s', (_what, failure, sent, applied) => {
		const read = readItem({ ...good, state: 'pending', attempts: 1, lastError: { vendor: 'botpenguin', ...failure } });
		if (!read.ok) throw new Error(read.unreadable.problem);
		expect(read.item.lastError).toEqual({ vendor: 'botpenguin', ...failure, sent });
		expect(mayHaveApplied(read.item.lastError!)).toBe(applied);
	});
	it('a failure with a `sent` no version wrote is unreadable', () => {
		expect(readItem({ ...good, lastError: { kind: 'invalid', vendor: 'botpenguin', status: 400, message: 'x', sent: 'maybe' } })).toMatchObject({ ok: false, unreadable: { id: 'ob1' } });
	});
});

describe('claims over a store without compare-and-set', () => {
	it('never two holders at once, whatever the interleaving (searched)', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat(3), { minLength: 2, maxLength: 6 }), fc.integer(), async (delays, seed) => {
				let s = seed >>> 0;
				const store = new MemoryStore(async () => {
					s = (Math.imul(s, 1103515245) + 12345) >>> 0;
					for (let i = s % 4; i > 0; i--) await new Promise<void>((r) => setImmediate(r));
				});
				const claims = new Claims(new KeyValueStore(store.reader(), store.writer()));
				let holders = 0;
				let most = 0;
				await Promise.all(
					delays.map(async (d) => {
						for (let i = 0; i < d; i++) await new Promise<void>((r) => setImmediate(r));
						const c = await claims.take('r', 60000);
						if (!c) return;
						most = Math.max(most, ++holders);
						await new Promise<void>((r) => setImmediate(r));
						holders--;
						await claims.release(c);
					}),
				);
				expect(most).toBeLessThanOrEqual(1);
			}),
			{ numRuns: 200 },
		);
	});
	it('a claim left by a dead holder expires with its TTL', async () => {
		let now = 0;
		const store = new MemoryStore();
		const claims = new Claims(new KeyValueStore(store.reader(), store.writer()), () => now);
		expect(await claims.take('r', 1000)).toBeDefined();
		expect(await claims.take('r', 1000)).toBeUndefined();
		now = 1001;
		expect(await claims.take('r', 1000)).toBeDefined();
	});
});
