import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { statusServices } from '../../src/status/services';
import { TimelineStore } from '../../src/status/timeline/store';
import { MemoryWorld } from './fakes/memory-world';

/**
 * Issue 21: time in each preset counts a preset whichever system chose it — the agent's `/st Lunch`, and
 * Callbell's custom status "Lunch" that Rocket.Chat follows as its preset of that name.
 */
describe('time in status names the preset, from /st and from Callbell', () => {
	afterEach(() => jest.useRealTimers());

	it('records the preset of a /st preset and of a Callbell custom status matching one', async () => {
		jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
		const w = new MemoryWorld();
		jest.setSystemTime(w.now);
		const alice = w.addAgent('alice', 'cb-alice-0001');
		const s = () => statusServices(w.ctx, w.accessors(), () => w.now);
		const me = () => w.users.get(alice.id) as IUser;
		await s().changes.change(me(), { kind: 'preset', name: 'lunch' }, { source: 'command', requester: { userId: alice.id, username: 'alice' } });
		w.now += 60_000;
		jest.setSystemTime(w.now);
		await s().changes.change(me(), { kind: 'set', presence: 'online', text: '' }, { source: 'command', requester: { userId: alice.id, username: 'alice' } });
		w.now += 60_000;
		jest.setSystemTime(w.now);
		const result = await s().changes.fromCallbell(me(), { available: false, customStatusId: 'cs-lunch', customStatusName: 'Lunch', at: w.now });
		expect(typeof result).toBe('object');
		const steps = await new TimelineStore(s().store.raw()).steps(alice.id, w.now - 3 * 60_000, w.now + 1);
		expect(steps.filter((x) => x.state).map((x) => [x.state?.source, x.state?.preset])).toEqual([
			['self', 'Lunch'],
			['self', undefined],
			['callbell', 'Lunch'],
		]);
	});
});
