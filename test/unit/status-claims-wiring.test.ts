import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { PROBE_STATUS_ID } from '../../src/presence-claims';
import { translator } from '../../src/i18n';
import { appliedText, clockOf } from '../../src/status/replies/applied';
import { statusServices } from '../../src/status/services';
import { RETRY_JOB, retryJobSchema } from '../../src/status/turn/retry';
import { MemoryWorld } from './fakes/memory-world';

/**
 * Issue 20: on a server with presence claims, every source's change reaches Rocket.Chat as a claim with
 * the source that fits who asked (src/status/turn/apply.ts `writerOf` → claims/change.ts CLAIM_SOURCE),
 * an id per app change, and a server-side expiry for a timed status; a timer's end ends the app's own
 * claim instead of writing over it. (The writer's rules against the 8.6 model: test/unit/claims/.)
 */
/** The claims the app ended (the probe, once per runtime of this file, names none). */
const ends = (w: MemoryWorld) => w.claimCalls.filter((c) => c.method === 'endActiveState' && c.statusId !== PROBE_STATUS_ID).map((c) => c.statusId);

describe('the status turn on an engine with presence claims', () => {
	function setUp() {
		jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
		const w = new MemoryWorld();
		w.claimsEngine = true;
		jest.setSystemTime(w.now);
		const alice = w.addAgent('alice', 'cb-alice-0001');
		const s = () => statusServices(w.ctx, w.accessors(), () => w.now);
		const me = () => w.users.get(alice.id) as IUser;
		const sets = () => w.claimCalls.filter((c) => c.method === 'setActiveState').map((c) => c.state as Record<string, unknown>);
		return { w, s, me, sets, alice };
	}
	afterEach(() => jest.useRealTimers());

	it('/st is the agent’s manual claim; a manager’s too; the bot endpoint and Callbell are external', async () => {
		const { w, s, me, sets, alice } = setUp();
		await s().changes.change(me(), { kind: 'set', presence: 'busy', text: 'Focus' }, { source: 'command', requester: { userId: alice.id, username: 'alice' } });
		await s().changes.change(me(), { kind: 'set', presence: 'online', text: '' }, { source: 'command', requester: { userId: 'u-boss', username: 'boss' } });
		await s().changes.change(me(), { kind: 'set', presence: 'busy', text: 'Bot' }, { source: 'api', requester: { userId: alice.id, username: 'alice' } });
		w.now += 5_000;
		await s().changes.fromCallbell(me(), { available: true, at: w.now });
		expect(sets().map((c) => [c.statusDefault, c.statusSource])).toEqual([
			['busy', 'manual'],
			['online', 'manual'],
			['busy', 'external'],
			['online', 'external'],
		]);
		// one id per app change, each distinct, all the app's
		const ids = sets().map((c) => String(c.statusId));
		expect(new Set(ids).size).toBe(4);
		for (const id of ids) expect(id).toMatch(/^inbox-bridge:s\d+$/);
		// no claim of the app's is ended before any timer (the probe, once per runtime, names no claim)
		expect(ends(w)).toEqual([]);
		// and no updateStatus where claims exist (it would be an app write Rocket.Chat echoes as an event)
		expect(w.rcEvents.filter((e) => e.byApp)).toEqual([]);
	});

	it('a timed status carries its end to the server, and the timer ends exactly that claim', async () => {
		const { w, s, me, sets, alice } = setUp();
		const until = w.now + 30 * 60_000;
		await s().changes.change(me(), { kind: 'set', presence: 'busy', text: 'Lunch', until }, { source: 'command', requester: { userId: alice.id, username: 'alice' } });
		const timed = sets()[0];
		expect(timed.statusExpiresAt).toEqual(new Date(until));
		const [jobId, job] = [...w.jobs].find(([, j]) => j.name === 'status.expire') ?? [];
		expect(jobId).toBeDefined();
		w.now = until;
		jest.setSystemTime(w.now);
		const data = job?.data as { userId: string; token: string };
		const restored = await s().changes.restore(data.userId, data.token);
		expect(restored?.rocketchat.state).toBe('done');
		expect(ends(w)).toEqual([timed.statusId]);
		expect(sets()).toHaveLength(1); // nothing written over what the server put back
	});

	it('the reply says Away was set as busy, and that a change waits behind a call', async () => {
		const { w, s, me, alice } = setUp();
		const tr = translator('en');
		const by = { source: 'command' as const, requester: { userId: alice.id, username: 'alice' } };
		const away = await s().changes.change(me(), { kind: 'set', presence: 'away', text: '' }, by);
		expect(away.ok && away.applied.rocketchat).toMatchObject({ state: 'done', shownAs: 'busy' });
		expect(away.ok && appliedText(tr, away.applied, me()).split('\n')).toContain(tr('st_rc_away_busy'));

		w.heldClaim = { statusDefault: 'busy', statusText: 'On a call', statusId: 'call-1', statusSource: 'internal' };
		const busy = await s().changes.change(me(), { kind: 'set', presence: 'online', text: 'Back' }, by);
		expect(busy.ok && busy.applied.rocketchat).toMatchObject({ state: 'done', waits: 'internal' });
		expect(busy.ok && appliedText(tr, busy.applied, me()).split('\n')).toContain(tr('st_rc_waits_internal'));
	});

	describe("an automated change refused while another integration's status shows (a calendar meeting)", () => {
		const MIN = 60_000;
		function inMeeting() {
			const t = setUp();
			const end = t.w.now + 60 * MIN;
			t.w.users.set(t.alice.id, { ...t.me(), status: 'busy', statusText: 'Meeting', statusDefault: 'busy', statusSource: 'external', statusId: 'calendar:1', statusExpiresAt: new Date(end) } as unknown as IUser);
			const meetingEnds = () => t.w.users.set(t.alice.id, { ...t.me(), status: 'online', statusText: '', statusDefault: 'online', statusSource: undefined, statusId: undefined, statusExpiresAt: undefined } as unknown as IUser);
			const retries = () => [...t.w.jobs.values()].filter((j) => j.name === RETRY_JOB);
			const bot = { source: 'api' as const, requester: { userId: t.alice.id, username: 'alice' } };
			return { ...t, end, meetingEnds, retries, bot };
		}

		it('is applied when the meeting ends, by a job armed for that time; Callbell is not sent it twice', async () => {
			const { w, s, me, sets, end, meetingEnds, retries, bot } = inMeeting();
			const first = await s().changes.change(me(), { kind: 'set', presence: 'away', text: 'Back soon' }, bot);
			expect(first.ok && first.applied.rocketchat).toMatchObject({ state: 'failed', retryAt: end });
			// the reply says when it follows, in the agent's clock
			const tr = translator('en');
			expect(first.ok && appliedText(tr, first.applied, me()).split('\n')[0]).toBe(tr('st_rc_deferred', { time: clockOf(end, me().utcOffset) }));
			expect(sets()).toEqual([]);
			expect(retries().map((j) => j.when)).toEqual([end]);
			const putsBefore = w.cbWrites.length;
			meetingEnds();
			w.now = end + 1000;
			jest.setSystemTime(w.now);
			const applied = await s().changes.retry(retryJobSchema.parse(retries()[0].data));
			expect(applied?.rocketchat).toMatchObject({ state: 'done', status: 'away', statusText: 'Back soon' });
			expect(sets().map((c) => [c.statusDefault, c.statusSource, c.statusText])).toEqual([['busy', 'external', 'Back soon']]);
			expect(me().statusText).toBe('Back soon');
			expect(w.cbWrites.length).toBe(putsBefore);
		});

		it('does nothing when the agent changed status before the meeting ended', async () => {
			const { w, s, me, sets, end, meetingEnds, retries, bot, alice } = inMeeting();
			await s().changes.change(me(), { kind: 'set', presence: 'away', text: 'Back soon' }, bot);
			const job = retryJobSchema.parse(retries()[0].data);
			meetingEnds();
			await s().changes.change(me(), { kind: 'set', presence: 'online', text: 'Here' }, { source: 'command', requester: { userId: alice.id, username: 'alice' } });
			w.now = end + 1000;
			jest.setSystemTime(w.now);
			expect(await s().changes.retry(job)).toBeUndefined();
			expect(sets().map((c) => c.statusText)).toEqual(['Here']);
		});

		it('reads its job data as untrusted: a job of another shape is refused', () => {
			expect(retryJobSchema.safeParse({ userId: 'u', token: 't', want: { presence: 'dancing', text: '' }, source: 'api', requester: { userId: 'u', username: 'u' } }).success).toBe(false);
			expect(retryJobSchema.safeParse({ userId: 'u', token: 't', want: { presence: 'busy', text: 'x'.repeat(10_000) }, source: 'api', requester: { userId: 'u', username: 'u' } }).success).toBe(false);
		});
	});
});
