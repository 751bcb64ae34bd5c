import { decode } from '../../../src/status/timeline/codec';
import { archiveId, headId, MAX_PER_DAY, TimelineStore } from '../../../src/status/timeline/store';
import { intervals, totals } from '../../../src/status/timeline/intervals';
import { at, countingKv, HOUR, tr } from './helpers';

describe('TimelineStore.record', () => {
	it('costs one read and one write per change within a day, and writes nothing for a repeat', async () => {
		const { kv, calls, reset } = countingKv();
		const store = new TimelineStore(kv);
		await store.record('u1', tr('2026-12-07T09:00:00Z'));
		reset();
		await store.record('u1', tr('2026-12-07T12:00:00Z', { presence: 'away', text: 'Lunch', preset: 'Lunch' }));
		expect(calls).toEqual({ reads: 1, writes: 1 });
		reset();
		expect(await store.record('u1', tr('2026-12-07T12:05:00Z', { presence: 'away', text: 'Lunch', preset: 'Lunch', source: 'callbell' }))).toEqual({
			outcome: 'repeat',
			previous: { presence: 'away', text: 'Lunch', preset: 'Lunch', source: 'self' },
		});
		expect(calls).toEqual({ reads: 1, writes: 0 });
	});

	it('keeps at most one record per agent per UTC day; a new day carries the state the last one ended in', async () => {
		const { kv, mem, calls, reset } = countingKv();
		const store = new TimelineStore(kv);
		await store.record('u1', tr('2026-12-07T09:00:00Z'));
		await store.record('u1', tr('2026-12-07T18:00:00Z', { presence: 'offline', source: 'hours' }));
		reset();
		expect((await store.record('u1', tr('2026-12-09T09:00:00Z'))).previous).toMatchObject({ presence: 'offline', source: 'hours' });
		// the first change of a day: archive the old head, drop it, write the new one
		expect(calls).toEqual({ reads: 1, writes: 3 });
		expect(mem.records.size).toBe(2);
		const archived = decode(await kv.get(archiveId('u1', '2026-12-07')));
		const head = decode(await kv.get(headId('u1')));
		expect(archived?.changes).toHaveLength(2);
		expect(head).toMatchObject({ day: '2026-12-09', prev: '2026-12-07', carry: { presence: 'offline', source: 'hours' } });
	});

	it('keeps the newest MAX_PER_DAY changes of a day and says how many went and until when the day is unknown', async () => {
		const { kv } = countingKv();
		const store = new TimelineStore(kv);
		const start = at('2026-12-07T00:00:00Z');
		for (let i = 0; i < MAX_PER_DAY + 5; i++) await store.record('u1', { at: start + i * 60_000, presence: i % 2 ? 'away' : 'online', text: '', source: 'self' });
		const head = decode(await kv.get(headId('u1')));
		expect(head?.changes).toHaveLength(MAX_PER_DAY);
		expect(head?.dropped).toBe(5);
		expect(head?.unknownUntil).toBe(start + 5 * 60_000);
		const steps = await store.steps('u1', start, start + 24 * HOUR);
		// the dropped minutes are unknown, not counted as the carried (or any) state
		expect(intervals(steps, { from: start, to: start + 24 * HOUR })[0].from).toBe(start + 5 * 60_000);
	});

	it('records a change stamped before the last one (another clock) at the last one’s time', async () => {
		const { kv } = countingKv();
		const store = new TimelineStore(kv);
		await store.record('u1', tr('2026-12-07T10:00:00Z'));
		await store.record('u1', tr('2026-12-07T09:59:00Z', { presence: 'busy' }));
		expect(decode(await kv.get(headId('u1')))?.changes.map((c) => c.at)).toEqual([at('2026-12-07T10:00:00Z'), at('2026-12-07T10:00:00Z')]);
	});

	it('reads a damaged record as absent and never throws', async () => {
		const { kv } = countingKv();
		const store = new TimelineStore(kv);
		for (const junk of [{ v: 1, d: '2026-12-07', s: [], e: [[10, 3, 0]] }, { v: 2 }, { v: 1, d: '2026-02-30', s: [], e: [] }, { v: 1, d: '2026-12-07', s: [{ p: 9 }], e: [] }]) {
			await kv.put(headId('u1'), junk, ['tl:day:2026-12-07']);
			await expect(store.steps('u1', at('2026-12-07T00:00:00Z'), at('2026-12-08T00:00:00Z'))).resolves.toEqual([{ at: at('2026-12-07T00:00:00Z'), state: null }]);
			await kv.remove(headId('u1'));
		}
		await kv.put(headId('u1'), { v: 1, d: '2026-12-07', s: [{ p: 0 }], e: [[99_999, 0, 0]] }, ['tl:day:2026-12-07']);
		expect(await store.record('u1', tr('2026-12-07T10:00:00Z'))).toEqual({ outcome: 'recorded' }); // nothing readable before it
		expect(decode(await kv.get(headId('u1')))).toMatchObject({ day: '2026-12-07', changes: [{ presence: 'online' }] });
	});
});

describe('TimelineStore.steps', () => {
	const day = (d: string) => ({ from: at(`${d}T00:00:00Z`), to: at(`${d}T00:00:00Z`) + 24 * HOUR });

	async function week() {
		const { kv, calls, reset } = countingKv();
		const store = new TimelineStore(kv);
		await store.record('u1', tr('2026-12-01T09:00:00Z'));
		await store.record('u1', tr('2026-12-01T17:00:00Z', { presence: 'offline' }));
		await store.record('u1', tr('2026-12-03T09:00:00Z', { presence: 'busy', preset: 'Meeting', text: 'Meeting' }));
		await store.record('u1', tr('2026-12-03T10:00:00Z', { presence: 'offline' }));
		await store.record('u1', tr('2026-12-06T09:00:00Z'));
		reset();
		return { store, calls, kv };
	}

	it('gives a day without changes the state it carried, from the record after it', async () => {
		const { store } = await week();
		const t = totals(intervals(await store.steps('u1', day('2026-12-02').from, day('2026-12-02').to), day('2026-12-02')));
		expect(t.presence.offline).toBe(24 * HOUR);
	});

	it('walks back through records past the range to find the state it starts in', async () => {
		const { store, calls } = await week();
		// Dec 2 is read from Dec 6's head → Dec 3's archive, which carried Dec 1's end
		const steps = await store.steps('u1', day('2026-12-02').from, day('2026-12-02').to);
		expect(intervals(steps, day('2026-12-02'))).toEqual([{ ...day('2026-12-02'), state: expect.objectContaining({ presence: 'offline' }) }]);
		expect(calls.reads).toBe(3); // head, Dec 2 (none), Dec 3's archive
	});

	it('covers a range over several records, with the carried state between them', async () => {
		const { store } = await week();
		const span = { from: day('2026-12-01').from, to: day('2026-12-06').to };
		const t = totals(intervals(await store.steps('u1', span.from, span.to), span));
		expect(t.known).toBe(span.to - span.from - 9 * HOUR);
		expect(t.presence.online).toBe(8 * HOUR + 15 * HOUR);
		expect(t.preset.get('Meeting')).toBe(HOUR);
	});

	it('after the newest record, holds its last state', async () => {
		const { store } = await week();
		const t = totals(intervals(await store.steps('u1', day('2026-12-07').from, day('2026-12-07').to), day('2026-12-07')));
		expect(t.presence.online).toBe(24 * HOUR);
	});

	it('knows nothing of an agent without records', async () => {
		const { store } = await week();
		expect(intervals(await store.steps('u2', day('2026-12-02').from, day('2026-12-02').to), day('2026-12-02'))).toEqual([]);
	});

	it('shows a damaged record’s day as unknown, and the days after it as what the next record carried', async () => {
		const { store, kv } = await week();
		await kv.put(archiveId('u1', '2026-12-03'), { v: 1, d: '2026-12-03', s: 'garbage', e: [] }, ['tl:day:2026-12-03']);
		const span = { from: day('2026-12-01').from, to: day('2026-12-05').to };
		const list = intervals(await store.steps('u1', span.from, span.to), span);
		expect(list.map((i) => [new Date(i.from).toISOString().slice(5, 13), new Date(i.to).toISOString().slice(5, 13), i.state.presence])).toEqual([
			['12-01T09', '12-01T17', 'online'],
			['12-01T17', '12-03T00', 'offline'],
			['12-04T00', '12-06T00', 'offline'], // Dec 6 carried Dec 3's end
		]);
	});
});
