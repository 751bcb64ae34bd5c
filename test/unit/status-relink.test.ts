import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { linkAudited } from '../../src/status/manage/link';
import { statusServices } from '../../src/status/services';
import { MemoryWorld } from './fakes/memory-world';

/**
 * Issue 19's second defect: the Callbell ledger belongs to a Callbell user, not to an agent. After an
 * agent is re-linked to another Callbell uuid, a change equal to the old user's last state must still
 * reach the new user (before the fix it was skipped as "unchanged" and the new user never got it).
 */
describe('the Callbell ledger after a re-link', () => {
	const OLD = 'cb-alice-0001';
	const NEW = 'cb-alice-0002';

	function setUp() {
		jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
		const w = new MemoryWorld();
		jest.setSystemTime(w.now);
		const alice = w.addAgent('alice', OLD);
		w.cbUsers.set(NEW, { email: 'alice@test.io', available: true, customStatusId: null, at: 0 });
		const call = () => statusServices(w.ctx, w.accessors(), () => w.now);
		const me = () => w.users.get(alice.id) as IUser;
		const by = { source: 'command' as const, requester: { userId: alice.id, username: 'alice' } };
		return { w, call, me, by };
	}
	afterEach(() => jest.useRealTimers());

	it('sends the same state to the new Callbell user', async () => {
		const { w, call, me, by } = setUp();
		await call().changes.change(me(), { kind: 'set', presence: 'busy', text: '' }, by);
		expect(w.cbWrites.filter((x) => x.uuid === OLD).map((x) => x.body.available)).toEqual([false]);

		const linked = await linkAudited(call(), me(), NEW, 'admin', { userId: 'admin-id', username: 'admin' });
		expect(linked).toEqual({ ok: true });
		w.now += 60_000;
		jest.setSystemTime(w.now);
		const changed = await call().changes.change(me(), { kind: 'set', presence: 'busy', text: 'Again' }, by);
		expect(changed.ok && changed.applied.callbell.state).toBe('done');
		expect(w.cbWrites.filter((x) => x.uuid === NEW).map((x) => x.body.available)).toEqual([false]);
		expect(w.cbUsers.get(NEW)?.available).toBe(false);
	});

	it('an echo of the old user state is no echo for the new user', async () => {
		const { w, call, me, by } = setUp();
		await call().changes.change(me(), { kind: 'set', presence: 'busy', text: '' }, by);
		await linkAudited(call(), me(), NEW, 'admin', { userId: 'admin-id', username: 'admin' });
		w.now += 60_000;
		jest.setSystemTime(w.now);
		// the new Callbell user says "not available": news for Rocket.Chat's side, recorded for the new user
		const result = await call().changes.fromCallbell(me(), { available: false, at: w.now });
		expect(result).not.toBe('echo');
		const ledger = await call().ledgers.read(me().id, NEW);
		expect(ledger?.available).toBe(false);
		expect(await call().ledgers.read(me().id, OLD)).toBeUndefined();
	});
});
