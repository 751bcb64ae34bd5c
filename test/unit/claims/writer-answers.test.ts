import { PROBE_STATUS_ID } from '../../../src/presence-claims';
import { type Claim, NO_CLAIM } from '../fakes/presence-claims';
import { AGENT, APP_USER, change, MIN, setup, T0, writerFor } from './engine';

/**
 * The writer's ends and answers on a claims server (what a reply names), and the old path: an engine
 * without claims, and a probe that cannot decide.
 */

const call = { statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-1' } as const satisfies Claim;
const calendar = { statusDefault: 'busy', source: 'external', text: 'In a meeting', statusId: 'calendar', expiresAt: T0 + 60 * MIN } as const satisfies Claim;

describe('ends and answers on a claims server', () => {
	it('ending its own claim restores what waited beneath it; ending never touches a claim that is not the token’s', async () => {
		// Built directly: with the writer's guard the model never stashes anything beneath an app claim, but the
		// server's own rules may (it runs more than the model), and then the end must hand over, not reset.
		const { engine, end } = setup('claims', { active: { statusDefault: 'busy', source: 'external', text: 'Callbell', statusId: 'inbox-bridge:s1' }, stash: { ...calendar } });
		expect(await end('s1')).toEqual({ ok: true, via: 'claims' });
		expect(engine.agent.active).toEqual(calendar);
		expect(await end('s1')).toEqual({ ok: true, via: 'claims' });
		expect(engine.agent.active).toEqual(calendar);
		engine.claim(call);
		expect(await end('s9')).toEqual({ ok: true, via: 'claims' });
		expect(engine.agent).toMatchObject({ active: call, stash: calendar });
	});

	it('ending its claim while it waits behind a call drops it, so the call ends to no stale status', async () => {
		const { engine, write, end } = setup('claims', { active: { ...call } });
		await write({ by: 'callbell', text: 'Ticket' });
		expect(engine.agent.stash).toMatchObject({ statusId: 'inbox-bridge:s1' });
		await end('s1');
		engine.endClaim('call-1');
		expect(engine.agent.active).toEqual(NO_CLAIM);
	});

	it('a claim replaced before the read-back (a calendar meeting starting in between) is not reported as done', async () => {
		const { engine } = setup('claims');
		const users = { getById: async (id: string) => (engine.claim(calendar), engine.reader.getById(id)) };
		const writer = writerFor(engine, { users });
		expect(await writer.write(engine.iuser(), change({ by: 'callbell' }))).toMatchObject({ ok: false, reason: 'rejected' });
		expect(engine.agent.active).toEqual(calendar);
	});

	it('a user read without claim fields cannot be confirmed, and says so', async () => {
		const { write } = setup('claims', {}, { blind: true });
		expect(await write({ by: 'callbell' })).toEqual({ ok: true, via: 'claims', presence: 'busy', shows: 'unconfirmed' });
	});

	it('a claim the server throws for is an error, not a success', async () => {
		const { engine } = setup('claims');
		// the app's clock a minute behind the server's
		const writer = writerFor(engine, { now: () => T0 - MIN });
		expect(await writer.write(engine.iuser(), change({ until: T0 }))).toEqual({ ok: false, reason: 'error', detail: 'statusExpiresAt must be a future date' });
	});

	it('the agent went invisible after the turn read them: the server refuses the claim and the answer says why', async () => {
		const { engine } = setup('claims');
		const writer = writerFor(engine);
		const read = engine.iuser();
		engine.claim({ statusDefault: 'offline', source: 'manual', text: '' });
		expect(await writer.write(read, change({ by: 'callbell' }))).toMatchObject({ ok: false, reason: 'offline' });
		expect(engine.made('setActiveState')).toHaveLength(1);
		expect(engine.agent.active).toEqual({ statusDefault: 'offline', source: 'manual', text: '' });
	});
});

describe('on an engine without claims', () => {
	it('calls updateStatus with exactly what the app passes today, probing once for the runtime', async () => {
		const { engine, write } = setup('legacy');
		expect(await write({ presence: 'away', text: 'Lunch', until: T0 + 30 * MIN, by: 'callbell' })).toEqual({ ok: true, via: 'status' });
		expect(await write({ presence: 'online', text: '', by: 'manager', token: 's2' })).toEqual({ ok: true, via: 'status' });
		expect(engine.made('updateStatus')).toEqual([
			[AGENT, 'Lunch', 'away'],
			[AGENT, '', 'online'],
		]);
		expect(engine.made('endActiveState')).toEqual([[APP_USER, PROBE_STATUS_ID]]);
		expect(engine.made('setActiveState')).toEqual([]);
	});

	it('writes that arrive together share one probe', async () => {
		const { engine, write } = setup('legacy');
		expect(await Promise.all([write({ token: 's1' }), write({ token: 's2' }), write({ token: 's3' })])).toEqual(Array(3).fill({ ok: true, via: 'status' }));
		expect(engine.made('endActiveState')).toHaveLength(1);
	});

	it('keeps today’s failures: a refusal and an error', async () => {
		const { engine, write, end } = setup('legacy');
		engine.updateStatusAnswer = false;
		expect(await write()).toEqual({ ok: false, reason: 'rejected', detail: 'user updater refused' });
		engine.updateStatusAnswer = new Error('boom');
		expect(await write()).toEqual({ ok: false, reason: 'error', detail: 'boom' });
		expect(await end('s1')).toMatchObject({ ok: false, reason: 'legacy' });
	});
});

describe('when the probe cannot decide', () => {
	it('falls back to updateStatus for that call and probes again on the next', async () => {
		const { engine, write, end } = setup('claims', {}, { timeouts: 1 });
		expect(await write({ text: 'First' })).toEqual({ ok: true, via: 'status' });
		expect(engine.made('updateStatus')).toEqual([[AGENT, 'First', 'busy']]);
		expect(await write({ text: 'Second', token: 's2' })).toMatchObject({ ok: true, via: 'claims', shows: 'now' });
		expect(await write({ text: 'Third', token: 's3' })).toMatchObject({ ok: true, via: 'claims' });
		expect(engine.made('endActiveState')).toEqual([
			[APP_USER, PROBE_STATUS_ID],
			[APP_USER, PROBE_STATUS_ID],
		]);
		expect(engine.made('setActiveState')).toHaveLength(2);
		expect(await end('s3')).toEqual({ ok: true, via: 'claims' });
	});

	it('ends nothing until it knows', async () => {
		const { engine, end } = setup('claims', { active: { statusDefault: 'busy', source: 'manual', text: 'x', statusId: 'inbox-bridge:s1' } }, { timeouts: 1 });
		expect(await end('s1')).toEqual({ ok: false, reason: 'unknown', detail: 'Request timed out after 30000 ms' });
		expect(engine.agent.active.statusId).toBe('inbox-bridge:s1');
	});
});
