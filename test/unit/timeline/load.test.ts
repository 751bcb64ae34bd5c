import { parsePresetLimits } from '../../../src/status/timeline/limits';
import { loadAgentReport } from '../../../src/status/timeline/load';
import { periodSpan } from '../../../src/status/timeline/report';
import { TimelineStore } from '../../../src/status/timeline/store';
import { at, countingKv, HOUR, tr } from './helpers';

describe('loadAgentReport', () => {
	it('reports what the turn recorded, in the viewer’s day, with the reads the period needs', async () => {
		const { kv, calls, reset } = countingKv();
		const store = new TimelineStore(kv);
		await store.record('u1', tr('2026-12-06T20:00:00Z', { presence: 'offline', source: 'hours' }));
		await store.record('u1', tr('2026-12-07T12:00:00Z'));
		await store.record('u1', tr('2026-12-07T15:00:00Z', { presence: 'away', preset: 'Lunch', text: 'Lunch' }));
		await store.record('u1', tr('2026-12-07T16:30:00Z'));
		reset();
		const offset = -3 * HOUR;
		const now = at('2026-12-07T18:00:00Z');
		const r = await loadAgentReport(store, { userId: 'u1', username: 'alice' }, periodSpan({ kind: 'today' }, now, offset), offset, now, parsePresetLimits('Lunch=1h').limits);
		// the viewer's Dec 7 began at 03:00 UTC, offline since the evening before
		expect(r.totals.presence).toEqual({ online: 4.5 * HOUR, away: 1.5 * HOUR, busy: 0, offline: 9 * HOUR });
		expect(r.overruns.map((o) => o.overMs)).toEqual([HOUR / 2]);
		expect(calls).toEqual({ reads: 1, writes: 0 }); // today is all in the head
	});
});
