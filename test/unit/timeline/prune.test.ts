import { decode } from '../../../src/status/timeline/codec';
import { FIRST_DAY, prune, PRUNE_CURSOR } from '../../../src/status/timeline/prune';
import { archiveId, headId, TimelineStore } from '../../../src/status/timeline/store';
import { at, countingKv, tr } from './helpers';

async function history() {
	const h = countingKv();
	const store = new TimelineStore(h.kv);
	// alice changes every day Dec 1–5; bob only on Dec 1 (his head stays on Dec 1)
	for (const d of ['01', '02', '03', '04', '05']) {
		await store.record('alice', tr(`2026-12-${d}T09:00:00Z`));
		await store.record('alice', tr(`2026-12-${d}T17:00:00Z`, { presence: 'offline' }));
	}
	await store.record('bob', tr('2026-12-01T09:00:00Z'));
	h.reset();
	return h;
}
const days = async (kv: Awaited<ReturnType<typeof history>>['kv'], user: string) =>
	(await Promise.all(['01', '02', '03', '04', '05'].map(async (d) => ((await kv.get(archiveId(user, `2026-12-${d}`))) ? d : undefined)))).filter(Boolean);

describe('prune', () => {
	it('removes every record, archive or head, of the days past the retention, and keeps the rest', async () => {
		const { kv } = await history();
		const now = at('2026-12-05T12:00:00Z');
		const removed: string[] = [];
		for (let r = await prune(kv, now, 2); ; r = await prune(kv, now, 2)) {
			removed.push(...r.removed);
			if (r.caughtUp) break;
		}
		expect(removed[removed.length - 1]).toBe('2026-12-02');
		expect(await days(kv, 'alice')).toEqual(['03', '04']);
		expect(decode(await kv.get(headId('alice')))?.day).toBe('2026-12-05');
		expect(await kv.get(headId('bob'))).toBeUndefined(); // his Dec 1 head is past the retention too
	});

	it('does bounded work per run and goes on from where the last run stopped', async () => {
		const { kv, calls, reset } = await history();
		const now = at('2026-12-05T12:00:00Z');
		const first = await prune(kv, now, 1, 10);
		expect(first).toEqual({ removed: expect.any(Array), caughtUp: false });
		expect(first.removed).toHaveLength(10);
		expect(first.removed[0]).toBe(FIRST_DAY);
		expect(calls.reads + calls.writes).toBeLessThanOrEqual(10 + 2);
		let runs = 1;
		for (let r = first; !r.caughtUp; runs++) r = await prune(kv, now, 1, 10);
		expect(runs).toBe(4); // Nov 1 … Dec 3: 33 days, 10 a run
		expect(await days(kv, 'alice')).toEqual(['04']);
		reset();
		// caught up: the next run the same day touches nothing
		expect(await prune(kv, now, 1, 10)).toEqual({ removed: [], caughtUp: true });
		expect(calls).toEqual({ reads: 1, writes: 0 });
	});

	it('after a raised retention removes nothing until the days age; a damaged cursor restarts from the first day', async () => {
		const { kv } = await history();
		await kv.put(PRUNE_CURSOR, { d: '2026-12-02' });
		expect((await prune(kv, at('2026-12-05T12:00:00Z'), 30)).removed).toEqual([]);
		await kv.put(PRUNE_CURSOR, { d: 'yesterday' });
		expect((await prune(kv, at('2026-12-05T12:00:00Z'), 2)).removed[0]).toBe(FIRST_DAY);
	});
});
