import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { translator } from '../../../src/i18n';
import { memberText } from '../../../src/status/board/view';
import type { AgentKnown } from '../../../src/status/replies/known';
import { duration } from '../../../src/status/timeline/format';
import { parsePresetLimits } from '../../../src/status/timeline/limits';
import { overrunningNow, stillHolding } from '../../../src/status/timeline/overrun';
import { TimelineStore } from '../../../src/status/timeline/store';
import { at, countingKv, tr } from './helpers';

/** Allowed time per preset: the board's mark (overrunningNow) and the notice job's check (stillHolding). */
describe('a preset held past its allowed time', () => {
	const limits = parsePresetLimits('Lunch=60m, Break=15m').limits;
	const MIN = 60_000;

	it('is marked once the hold passes the limit, counting from the change that started it, not from a later repeat', async () => {
		const store = new TimelineStore(countingKv().kv);
		await store.record('u1', tr('2026-12-07T11:00:00Z'));
		await store.record('u1', tr('2026-12-07T12:00:00Z', { presence: 'away', text: 'Lunch', preset: 'Lunch' }));
		// Callbell confirming it later keeps the hold (another state, same preset)
		await store.record('u1', tr('2026-12-07T12:20:00Z', { presence: 'away', text: 'Lunch', preset: 'lunch', callbell: { available: false }, source: 'callbell' }));
		expect(await overrunningNow(store, 'u1', limits, at('2026-12-07T12:59:00Z'))).toBeUndefined();
		expect(await overrunningNow(store, 'u1', limits, at('2026-12-07T13:01:00Z'))).toEqual({ preset: 'lunch', limitMs: 60 * MIN, since: at('2026-12-07T12:00:00Z') });
	});

	it('is not marked for a preset without a limit, after the hold ended, or when no limit is set at all', async () => {
		const store = new TimelineStore(countingKv().kv);
		await store.record('u1', tr('2026-12-07T12:00:00Z', { presence: 'busy', text: 'In a meeting', preset: 'In a meeting' }));
		expect(await overrunningNow(store, 'u1', limits, at('2026-12-07T20:00:00Z'))).toBeUndefined();
		await store.record('u1', tr('2026-12-07T12:10:00Z', { presence: 'away', text: 'Break', preset: 'Break' }));
		await store.record('u1', tr('2026-12-07T12:20:00Z'));
		expect(await overrunningNow(store, 'u1', limits, at('2026-12-07T20:00:00Z'))).toBeUndefined();
		const { kv, calls, reset } = countingKv();
		const quiet = new TimelineStore(kv);
		reset();
		expect(await overrunningNow(quiet, 'u1', new Map(), at('2026-12-07T20:00:00Z'))).toBeUndefined();
		expect(calls).toEqual({ reads: 0, writes: 0 });
	});

	it('the notice job tells only a hold that is still on', async () => {
		const store = new TimelineStore(countingKv().kv);
		await store.record('u1', tr('2026-12-07T12:00:00Z', { presence: 'away', text: 'Break', preset: 'Break' }));
		const job = { userId: 'u1', preset: 'Break', since: at('2026-12-07T12:00:00Z'), limitMs: 15 * MIN };
		expect(await stillHolding(store, job, at('2026-12-07T12:15:00Z'))).toBe(true);
		await store.record('u1', tr('2026-12-07T12:10:00Z'));
		expect(await stillHolding(store, job, at('2026-12-07T12:15:00Z'))).toBe(false);
		// a new hold of the same preset is another job's
		await store.record('u1', tr('2026-12-07T12:12:00Z', { presence: 'away', text: 'Break', preset: 'Break' }));
		expect(await stillHolding(store, job, at('2026-12-07T12:15:00Z'))).toBe(false);
	});

	it('the board marks the member in the viewer’s language, and no one else', () => {
		const viewer = { id: 'v', username: 'lead', utcOffset: 0, settings: { preferences: { language: 'pt-BR' } } } as unknown as IUser;
		const member = (id: string): AgentKnown => ({ user: { id, username: id } as IUser, rocketchat: { status: 'away', text: 'Almoço' }, callbell: { linked: false, selfLink: false }, omnichannel: { state: 'not_agent' } });
		const now = at('2026-12-07T13:05:00Z');
		const over = { preset: 'Almoço', limitMs: 60 * MIN, since: at('2026-12-07T12:00:00Z') };
		const t = translator('pt-BR');
		const marked = memberText(t, member('ana'), {}, viewer, over, now).split('\n');
		expect(marked).toHaveLength(3);
		expect(marked[2]).toBe(t('st_board_over', { preset: 'Almoço', time: duration(65 * MIN, 'pt-BR'), limit: duration(60 * MIN, 'pt-BR') }));
		expect(memberText(t, member('rui'), {}, viewer, undefined, now).split('\n')).toHaveLength(2);
	});
});
