import fc from 'fast-check';
import {
	type Claim,
	type ClaimSource,
	clearActive,
	displayed,
	endActive,
	expire,
	legacyUpdateStatus,
	NO_CLAIM,
	person,
	type Presence,
	type PresenceUser,
	rank,
	setActive,
	type Step,
} from './fakes/presence-claims';

/**
 * The model of Rocket.Chat 8.6+'s presence claims (fakes/presence-claims.ts): each rule on an example,
 * the issue's scenarios (the app's future claims path next to what the old `updateStatus` path does on
 * such a server), and properties of its invariants searched over generated sequences.
 */

const T0 = Date.UTC(2026, 11, 7, 9);
const MIN = 60_000;
const call = { statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-1' } as const satisfies Claim;
const meeting = { statusDefault: 'busy', source: 'external', text: 'In a meeting', statusId: 'calendar', expiresAt: T0 + 60 * MIN } as const satisfies Claim;
const mine = (n: number, claim: Omit<Claim, 'statusId'>): Claim => ({ ...claim, statusId: `inbox-bridge:${n}` });
const run = (user: PresenceUser, ...ops: Array<(u: PresenceUser) => Step>): Step[] => {
	const steps: Step[] = [];
	for (const op of ops) steps.push(op(steps.length ? steps[steps.length - 1].user : user));
	return steps;
};
const last = (steps: Step[]): PresenceUser => steps[steps.length - 1].user;

describe('the rules of the model', () => {
	it('a stronger claim takes over and stashes the one it displaces; ending it restores that one', () => {
		const [busy, onCall, ended] = run(
			person(),
			(u) => setActive(u, { statusDefault: 'busy', source: 'manual', text: 'Focus' }, T0),
			(u) => setActive(u, call, T0),
			(u) => endActive(u, T0, 'call-1'),
		);
		expect(busy.outcome).toBe('applied');
		expect(onCall).toMatchObject({ outcome: 'applied', user: { active: { source: 'internal', text: 'On a call' }, stash: { source: 'manual', text: 'Focus' } } });
		expect(ended).toMatchObject({ outcome: 'restored', user: { active: { source: 'manual', statusDefault: 'busy', text: 'Focus' } } });
		expect(ended.user.stash).toBeUndefined();
	});

	it('a manual claim never stashes and empties the stash', () => {
		const steps = run(
			person(),
			(u) => setActive(u, meeting, T0),
			(u) => setActive(u, call, T0),
			(u) => setActive(u, { statusDefault: 'online', source: 'internal', text: 'On a second call', statusId: 'call-2' }, T0),
		);
		expect(last(steps).stash).toMatchObject({ statusId: 'call-1' }); // internal claims stack: a third evicts the oldest
		const manual = setActive(person({ active: { ...meeting }, stash: { statusDefault: 'away', source: 'external' } }), { statusDefault: 'busy', source: 'manual', text: 'Mine' }, T0);
		expect(manual).toMatchObject({ outcome: 'applied', user: { active: { source: 'manual', text: 'Mine' } } });
		expect(manual.user.stash).toBeUndefined();
	});

	it('the same non-internal source re-applies in place, keeping whatever was stashed', () => {
		const start = person({ active: { ...meeting }, stash: { statusDefault: 'away', source: 'external', statusId: 'x' } });
		const step = setActive(start, mine(1, { statusDefault: 'online', source: 'external', text: '' }), T0);
		expect(step.user.active).toEqual({ statusDefault: 'online', source: 'external', text: '', statusId: 'inbox-bridge:1' });
		expect(step.user.stash).toEqual(start.stash);
	});

	it('a weaker claim waits in a free or expired slot, replaces a no stronger one, else is rejected', () => {
		const onCall = person({ active: { ...call } });
		expect(setActive(onCall, mine(1, { statusDefault: 'online', source: 'external' }), T0)).toMatchObject({ outcome: 'stashed', user: { active: call } });
		const expiredSlot = person({ active: { ...call }, stash: { statusDefault: 'busy', source: 'manual', expiresAt: T0 - 1 } });
		expect(setActive(expiredSlot, mine(2, { statusDefault: 'away', source: 'external' }), T0).outcome).toBe('stashed');
		const manualWaiting = person({ active: { ...call }, stash: { statusDefault: 'busy', source: 'manual' } });
		expect(setActive(manualWaiting, mine(3, { statusDefault: 'online', source: 'external' }), T0)).toEqual({ outcome: 'rejected', user: manualWaiting });
		expect(setActive(manualWaiting, { statusDefault: 'away', source: 'manual', text: 'Later' }, T0)).toMatchObject({ outcome: 'stashed', user: { stash: { text: 'Later' } } });
	});

	it('an offline (invisible) person can only be changed by a manual claim', () => {
		const invisible = person({ active: { statusDefault: 'offline', source: 'manual', text: '' } });
		for (const source of ['internal', 'external', undefined] as const) {
			expect(setActive(invisible, { statusDefault: 'busy', source }, T0)).toEqual({ outcome: 'rejected', user: invisible });
		}
		expect(setActive(invisible, { statusDefault: 'busy', source: 'manual' }, T0).outcome).toBe('applied');
	});

	it('endActive with a statusId ends only that claim: a stashed one is dropped, an unknown id changes nothing', () => {
		const start = setActive(setActive(person(), mine(1, { statusDefault: 'away', source: 'external', text: 'Callbell' }), T0).user, call, T0).user;
		expect(endActive(start, T0, 'inbox-bridge:9')).toEqual({ outcome: 'ignored', user: start });
		const dropped = endActive(start, T0, 'inbox-bridge:1');
		expect(dropped).toMatchObject({ outcome: 'dropped-stash', user: { active: call } });
		expect(dropped.user.stash).toBeUndefined();
		expect(endActive(dropped.user, T0, 'call-1')).toMatchObject({ outcome: 'reset', user: { active: NO_CLAIM } });
	});

	it('an expired stash is not restored; clearActive drops every claim whatever its source', () => {
		const start = person({ active: { ...call }, stash: { statusDefault: 'busy', source: 'manual', text: 'Focus', expiresAt: T0 + MIN } });
		expect(endActive(start, T0 + 2 * MIN).outcome).toBe('reset');
		expect(clearActive(start)).toEqual({ outcome: 'reset', user: { ...start, active: NO_CLAIM, stash: undefined } });
	});

	it('an expiry must be in the future', () => {
		expect(() => setActive(person(), { statusDefault: 'busy', source: 'manual', expiresAt: T0 }, T0)).toThrow('statusExpiresAt must be a future date');
	});

	it('a person with no live connection shows offline whatever the claim; bots and apps keep theirs; idle shows away', () => {
		const busy: Claim = { statusDefault: 'busy', source: 'manual', text: '' };
		expect(displayed(setActive(person({ connection: 'none' }), busy, T0).user)).toBe('offline');
		expect(displayed(setActive(person({ kind: 'bot', connection: 'none' }), busy, T0).user)).toBe('busy');
		expect(displayed(person({ connection: 'away' }))).toBe('away');
		expect(displayed(person({ connection: 'away', active: { ...call } }))).toBe('busy');
	});
});

describe("the issue's scenarios", () => {
	it('a call claim is active while `/st busy` arrives', () => {
		const onCall = person({ active: { ...call } });
		// The claims path: the agent's own /st is a manual claim; it waits behind the call and shows after it.
		const claims = run(
			onCall,
			(u) => setActive(u, mine(1, { statusDefault: 'busy', source: 'manual', text: 'Focus' }), T0),
			(u) => endActive(u, T0 + 5 * MIN, 'call-1'),
		);
		expect(claims.map((s) => s.outcome)).toEqual(['stashed', 'restored']);
		expect(displayed(claims[0].user)).toBe('busy');
		expect(claims[0].user.active.text).toBe('On a call');
		expect(last(claims).active).toEqual({ statusDefault: 'busy', source: 'manual', text: 'Focus', statusId: 'inbox-bridge:1' });
		// The old path: updateStatus(busy) is a manual claim too, the same outcome...
		expect(legacyUpdateStatus(onCall, 'busy', 'Focus', T0).outcome).toBe('stashed');
		// ...but `/st online` (online, no text) clears every claim, the call's included.
		expect(legacyUpdateStatus(onCall, 'online', '', T0)).toMatchObject({ outcome: 'reset', user: { active: NO_CLAIM } });
	});

	it("a Callbell 'available' arrives while the agent's manual busy is on", () => {
		const focused = person({ active: { statusDefault: 'busy', source: 'manual', text: 'Focus', expiresAt: T0 + 30 * MIN } });
		// The claims path: Callbell as an external claim waits; the agent's own busy stays until it ends.
		const waiting = setActive(focused, mine(2, { statusDefault: 'online', source: 'external', text: '' }), T0);
		expect(waiting.outcome).toBe('stashed');
		expect(displayed(waiting.user)).toBe('busy');
		expect(expire(waiting.user, T0 + 31 * MIN).active).toEqual({ statusDefault: 'online', source: 'external', text: '', statusId: 'inbox-bridge:2' });
		// The old path: online with no text clears the agent's own busy at once.
		expect(legacyUpdateStatus(focused, 'online', '', T0).user.active).toEqual(NO_CLAIM);
	});

	it('an offline agent', () => {
		const invisible = person({ active: { statusDefault: 'offline', source: 'manual', text: '' } });
		// An inbox-driven claim cannot lift a person who chose invisible; the agent's own /st can.
		expect(setActive(invisible, mine(3, { statusDefault: 'busy', source: 'external', text: 'Callbell' }), T0).outcome).toBe('rejected');
		expect(setActive(invisible, mine(4, { statusDefault: 'busy', source: 'manual', text: '' }), T0).outcome).toBe('applied');
		// The old path lifts them whoever asked: updateStatus is always a manual claim.
		expect(legacyUpdateStatus(invisible, 'busy', 'Callbell', T0)).toMatchObject({ outcome: 'applied', user: { active: { statusDefault: 'busy', source: 'manual' } } });
		// Logged out (no connection) is not invisible: the claim is kept and shows once they connect.
		const away = setActive(person({ connection: 'none' }), mine(5, { statusDefault: 'busy', source: 'external', text: 'Callbell' }), T0);
		expect([away.outcome, displayed(away.user), displayed({ ...away.user, connection: 'online' })]).toEqual(['applied', 'offline', 'busy']);
	});

	it('a timed status expires while the app is down', () => {
		// `/st busy for 30m` as a manual claim with statusExpiresAt: the server ends it, the app need not run.
		const timed = setActive(person({ active: { ...meeting } }), mine(6, { statusDefault: 'busy', source: 'manual', text: 'Lunch', expiresAt: T0 + 30 * MIN }), T0).user;
		expect(timed.stash).toBeUndefined(); // manual: the meeting is not kept to come back
		expect(expire(timed, T0 + 29 * MIN)).toEqual(timed);
		expect(expire(timed, T0 + 30 * MIN).active).toEqual(NO_CLAIM);
		// A call during the timed status stashes it; once it has expired, the call's end does not bring it back.
		const called = setActive(timed, call, T0 + 10 * MIN).user;
		expect(called.stash).toMatchObject({ statusId: 'inbox-bridge:6' });
		expect(endActive(called, T0 + 40 * MIN, 'call-1').user.active).toEqual(NO_CLAIM);
	});

	it('an external claim and a calendar meeting replace each other in place (what the design note guards against)', () => {
		const inMeeting = person({ active: { ...meeting } });
		const overwritten = setActive(inMeeting, mine(7, { statusDefault: 'online', source: 'external', text: '' }), T0).user;
		expect(overwritten.stash).toBeUndefined(); // the meeting is gone, not waiting
		expect(endActive(overwritten, T0, 'calendar').outcome).toBe('ignored');
		// While a call (internal) displaces an app's external claim, it waits and comes back.
		const back = run(person({ active: { statusDefault: 'away', source: 'external', text: 'Callbell', statusId: 'inbox-bridge:8' } }), (u) => setActive(u, call, T0), (u) => endActive(u, T0, 'call-1'));
		expect(last(back).active.statusId).toBe('inbox-bridge:8');
	});
});

describe('invariants over generated sequences', () => {
	type Op =
		| { t: 'set'; claim: Claim }
		| { t: 'end'; statusId?: string }
		| { t: 'clear' }
		| { t: 'legacy'; status: Presence; text: string }
		| { t: 'wait'; ms: number }
		| { t: 'connect'; connection: PresenceUser['connection'] };
	const IDS = ['call-1', 'call-2', 'calendar', 'inbox-bridge:1', 'inbox-bridge:2'];
	const presence = fc.constantFrom<Presence>('online', 'away', 'busy', 'offline');
	const claim = fc.record(
		{
			statusDefault: presence,
			source: fc.constantFrom<ClaimSource | undefined>('internal', 'manual', 'external', undefined),
			text: fc.constantFrom(undefined, '', 'On a call', 'Focus'),
			expiresIn: fc.constantFrom(undefined, 1, 5 * MIN, 60 * MIN),
			statusId: fc.constantFrom(undefined, ...IDS),
		},
		{ requiredKeys: ['statusDefault'] },
	);
	const op: fc.Arbitrary<Op> = fc.oneof(
		{ weight: 5, arbitrary: claim.map(({ expiresIn, ...c }) => ({ t: 'set' as const, claim: { ...c, ...(expiresIn ? { expiresAt: expiresIn } : {}) } })) },
		{ weight: 2, arbitrary: fc.constantFrom(undefined, ...IDS, 'unknown').map((statusId) => ({ t: 'end' as const, ...(statusId ? { statusId } : {}) })) },
		{ weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
		{ weight: 2, arbitrary: fc.record({ status: presence, text: fc.constantFrom('', 'Lunch') }).map((l) => ({ t: 'legacy' as const, ...l })) },
		{ weight: 2, arbitrary: fc.constantFrom(1, MIN, 30 * MIN, 2 * 60 * MIN).map((ms) => ({ t: 'wait' as const, ms })) },
		{ weight: 1, arbitrary: fc.constantFrom<PresenceUser['connection']>('none', 'online', 'away').map((connection) => ({ t: 'connect' as const, connection })) },
	);
	const RUNS = Number(process.env.MODEL_RUNS ?? 300);
	// CI replays one fixed search (red means a regression); MODEL_SEED=random searches anew.
	const params = { numRuns: RUNS, ...(process.env.MODEL_SEED === 'random' ? {} : { seed: Number(process.env.MODEL_SEED ?? 20261207) }) };

	/** Runs the sequence, calling `check(before, op, after)` after each step; the server's expiry job runs on every wait. */
	const walk = (kind: PresenceUser['kind'], ops: Op[], check: (before: PresenceUser, op: Op, step: Step, now: number) => void) => {
		let user = person({ kind });
		let now = T0;
		for (const o of ops) {
			let step: Step;
			if (o.t === 'set') {
				// expiresAt in the generator is relative; made absolute here (always in the future)
				const c = o.claim.expiresAt ? { ...o.claim, expiresAt: now + o.claim.expiresAt } : o.claim;
				step = setActive(user, c, now);
			} else if (o.t === 'end') step = endActive(user, now, o.statusId);
			else if (o.t === 'clear') step = clearActive(user);
			else if (o.t === 'legacy') step = legacyUpdateStatus(user, o.status, o.text, now);
			else if (o.t === 'wait') {
				now += o.ms;
				step = { user: expire(user, now), outcome: 'applied' };
			} else step = { user: { ...user, connection: o.connection }, outcome: 'applied' };
			check(user, o, step, now);
			user = step.user;
		}
	};
	const sequences = fc.tuple(fc.constantFrom<PresenceUser['kind']>('person', 'bot'), fc.array(op, { maxLength: 40 }));

	it('a manual claim that takes over leaves nothing stashed; a rejected or ignored operation changes nothing', () => {
		fc.assert(
			fc.property(sequences, ([kind, ops]) =>
				walk(kind, ops, (before, o, step) => {
					if (o.t === 'set' && o.claim.source === 'manual' && step.outcome === 'applied') expect(step.user.stash).toBeUndefined();
					if (step.outcome === 'rejected' || step.outcome === 'ignored') expect(step.user).toEqual(before);
				}),
			),
			params,
		);
	});

	it('while a person is offline (invisible), nothing but a manual claim changes their state', () => {
		fc.assert(
			fc.property(sequences, ([kind, ops]) =>
				walk(kind, ops, (before, o, step) => {
					if (o.t === 'set' && before.active.statusDefault === 'offline' && o.claim.source !== 'manual') expect(step).toEqual({ outcome: 'rejected', user: before });
				}),
			),
			params,
		);
	});

	it('a claim never weakens the active one, and what waits in the stash is never stronger than what shows', () => {
		fc.assert(
			fc.property(sequences, ([kind, ops]) =>
				walk(kind, ops, (before, o, step) => {
					if (o.t === 'set') expect(rank(step.user.active.source)).toBeLessThanOrEqual(rank(before.active.source));
					const { active, stash } = step.user;
					if (stash) {
						expect(active.source).toBeDefined();
						expect(rank(stash.source)).toBeGreaterThanOrEqual(rank(active.source));
					}
				}),
			),
			params,
		);
	});

	it("ending a claim by its statusId never ends another one's; after the expiry job nothing shown has expired", () => {
		fc.assert(
			fc.property(sequences, ([kind, ops]) =>
				walk(kind, ops, (before, o, step, now) => {
					if (o.t === 'end' && o.statusId !== undefined && o.statusId !== before.active.statusId) expect(step.user.active).toEqual(before.active);
					if (o.t === 'wait') expect(step.user.active.expiresAt === undefined || step.user.active.expiresAt > now).toBe(true);
				}),
			),
			params,
		);
	});

	it('the old updateStatus path only ever leaves a manual claim or none', () => {
		fc.assert(
			fc.property(sequences, ([kind, ops]) =>
				walk(kind, ops, (before, o, step) => {
					if (o.t !== 'legacy') return;
					if (step.outcome === 'applied') expect(step.user.active.source).toBe('manual');
					if (step.outcome === 'reset') expect(step.user).toEqual({ ...before, active: NO_CLAIM, stash: undefined });
				}),
			),
			params,
		);
	});
});
