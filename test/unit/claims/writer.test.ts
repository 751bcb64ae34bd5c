import { type RcChange } from '../../../src/status/claims/change';
import { ClaimsProbe } from '../../../src/status/claims/probe';
import { rocketChatWriter } from '../../../src/status/claims/writer';
import { PROBE_STATUS_ID } from '../../../src/presence-claims';
import { type Claim, displayed, NO_CLAIM, type PresenceUser } from '../fakes/presence-claims';
import { AGENT, APP_USER, Engine, MIN, T0 } from './engine';

/**
 * The app's Rocket.Chat write (src/status/claims/writer.ts) against the 8.6 model: the issue's
 * scenarios on a claims server, and the old path unchanged where the engine has no claims.
 */

const call = { statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-1' } as const satisfies Claim;
const calendar = { statusDefault: 'busy', source: 'external', text: 'In a meeting', statusId: 'calendar', expiresAt: T0 + 60 * MIN } as const satisfies Claim;
const change = (over: Partial<RcChange> = {}): RcChange => ({ presence: 'busy', text: '', by: 'self', token: 's1', ...over });

function setup(kind: 'claims' | 'legacy' = 'claims', agent: Partial<PresenceUser> = {}, o: { timeouts?: number; blind?: boolean } = {}) {
	const engine = new Engine(kind, agent, o);
	const writer = rocketChatWriter(engine.updater, { probe: new ClaimsProbe(), probeUserId: APP_USER, users: engine.reader, now: () => engine.now, awayText: 'Away' });
	return { engine, write: (c: Partial<RcChange> = {}) => writer.write(engine.iuser(), change(c)), end: (token: string) => writer.end(engine.iuser(), { token }) };
}

describe('on a claims server', () => {
	it('`/st busy` during a call waits behind it and shows when the call ends; `/st online` leaves the call alone', async () => {
		const { engine, write } = setup('claims', { active: { ...call } });
		expect(await write({ text: 'Focus' })).toEqual({ ok: true, via: 'claims', presence: 'busy', shows: 'later', behind: 'internal' });
		expect(engine.agent.active).toEqual(call);
		expect(await write({ presence: 'online', token: 's2' })).toMatchObject({ ok: true, shows: 'later', behind: 'internal' });
		expect(engine.agent.active).toEqual(call);
		engine.endClaim('call-1');
		expect(engine.agent.active).toMatchObject({ statusDefault: 'online', source: 'manual', text: '', statusId: 'inbox-bridge:s2' });
		expect(engine.made('updateStatus')).toEqual([]);
	});

	it("Callbell's 'available' waits behind the agent's own busy, and shows once that ends", async () => {
		const { engine, write } = setup('claims', { active: { statusDefault: 'busy', source: 'manual', text: 'Focus', expiresAt: T0 + 30 * MIN } });
		expect(await write({ presence: 'online', by: 'callbell', token: 's2' })).toEqual({ ok: true, via: 'claims', presence: 'online', shows: 'later', behind: 'manual' });
		expect(displayed(engine.agent)).toBe('busy');
		engine.tick(31 * MIN);
		expect(engine.agent.active).toMatchObject({ statusDefault: 'online', source: 'external', statusId: 'inbox-bridge:s2' });
	});

	it('an agent who chose invisible: only their own /st changes it; nothing is written for Callbell or a manager', async () => {
		const { engine, write } = setup('claims', { active: { statusDefault: 'offline', source: 'manual', text: '' } });
		for (const by of ['callbell', 'manager', 'bot', 'hours'] as const) {
			expect(await write({ by, text: 'Support' })).toMatchObject({ ok: false, reason: 'offline' });
		}
		expect(engine.made('setActiveState')).toEqual([]);
		expect(await write({ by: 'self', text: 'Back' })).toMatchObject({ ok: true, shows: 'now' });
		expect(engine.agent.active).toMatchObject({ statusDefault: 'busy', source: 'manual', text: 'Back' });
	});

	it("working hours' own offline is ended before the next automated change, which a person's invisible never is", async () => {
		const { engine, write } = setup('claims');
		expect(await write({ presence: 'offline', by: 'hours', token: 's1' })).toMatchObject({ ok: true, shows: 'now' });
		expect(await write({ presence: 'online', by: 'hours', token: 's2' })).toMatchObject({ ok: true, shows: 'now' });
		expect(engine.made('endActiveState').slice(1)).toEqual([[AGENT, 'inbox-bridge:s1']]);
		expect(await write({ presence: 'offline', by: 'self', token: 's3' })).toMatchObject({ ok: true, shows: 'now' });
		expect(await write({ presence: 'online', by: 'callbell', token: 's4' })).toMatchObject({ ok: false, reason: 'offline' });
		expect(engine.agent.active).toMatchObject({ statusDefault: 'offline', statusId: 'inbox-bridge:s3' });
	});

	it('an agent who is logged out (not invisible) gets the claim; it shows once they connect', async () => {
		const { engine, write } = setup('claims', { connection: 'none' });
		expect(await write({ by: 'callbell', text: 'Lunch' })).toMatchObject({ ok: true, shows: 'now' });
		expect(displayed({ ...engine.agent, connection: 'online' })).toBe('busy');
	});

	it('a timed status is ended by the server while the app is down', async () => {
		const { engine, write } = setup('claims', { active: { ...calendar } });
		expect(await write({ text: 'Lunch', until: T0 + 30 * MIN })).toMatchObject({ ok: true, shows: 'now' });
		expect(engine.made('setActiveState')).toEqual([[AGENT, { statusDefault: 'busy', statusSource: 'manual', statusText: 'Lunch', statusId: 'inbox-bridge:s1', statusExpiresAt: new Date(T0 + 30 * MIN) }]]);
		const calls = engine.calls.length;
		engine.tick(29 * MIN);
		expect(engine.agent.active.text).toBe('Lunch');
		engine.tick(MIN);
		expect(engine.agent.active).toEqual(NO_CLAIM);
		expect(engine.calls.length).toBe(calls);
		expect(await write({ until: engine.now, token: 's2' })).toMatchObject({ ok: false, reason: 'expired' });
	});

	it("an automated change never replaces a calendar meeting: it is deferred to the meeting's end; a manager's is not", async () => {
		const { engine, write } = setup('claims', { active: { ...calendar } });
		for (const by of ['callbell', 'bot', 'hours', 'timer'] as const) {
			expect(await write({ presence: 'online', by })).toEqual({ ok: false, reason: 'deferred', detail: expect.any(String), retryAt: T0 + 60 * MIN });
		}
		expect(engine.agent.active).toEqual(calendar);
		expect(await write({ by: 'manager', text: 'Escalations' })).toMatchObject({ ok: true, shows: 'now' });
		expect(engine.agent.active).toMatchObject({ source: 'manual', text: 'Escalations' });
	});

	it('Away, which cannot be chosen by hand on 8.6+, is claimed as busy with the text or the word for away', async () => {
		const { engine, write } = setup('claims');
		expect(await write({ presence: 'away' })).toEqual({ ok: true, via: 'claims', presence: 'busy', shows: 'now' });
		expect(engine.agent.active).toMatchObject({ statusDefault: 'busy', text: 'Away' });
		expect(await write({ presence: 'away', by: 'callbell', text: 'Break', token: 's2' })).toMatchObject({ presence: 'busy', shows: 'later', behind: 'manual' });
	});

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
		const writer = rocketChatWriter(engine.updater, { probe: new ClaimsProbe(), probeUserId: APP_USER, users, now: () => engine.now, awayText: 'Away' });
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
		const writer = rocketChatWriter(engine.updater, { probe: new ClaimsProbe(), probeUserId: APP_USER, users: engine.reader, now: () => T0 - MIN, awayText: 'Away' });
		expect(await writer.write(engine.iuser(), change({ until: T0 }))).toEqual({ ok: false, reason: 'error', detail: 'statusExpiresAt must be a future date' });
	});

	it('the agent went invisible after the turn read them: the server refuses the claim and the answer says why', async () => {
		const { engine } = setup('claims');
		const writer = rocketChatWriter(engine.updater, { probe: new ClaimsProbe(), probeUserId: APP_USER, users: engine.reader, now: () => engine.now, awayText: 'Away' });
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
