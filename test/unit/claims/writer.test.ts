import { type Claim, displayed, NO_CLAIM } from '../fakes/presence-claims';
import { AGENT, MIN, setup, T0, writerFor } from './engine';

/**
 * The app's Rocket.Chat write (src/status/claims/writer.ts) on a claims server, against the 8.6 model:
 * the scenarios.
 */

const call = { statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-1' } as const satisfies Claim;
const calendar = { statusDefault: 'busy', source: 'external', text: 'In a meeting', statusId: 'calendar', expiresAt: T0 + 60 * MIN } as const satisfies Claim;

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
		// the user as an app on Deno gets it, over the runtime's JSON bridge: the meeting's end is an ISO string
		const { engine: bridged } = setup('claims', { active: { ...calendar } });
		const overJson = JSON.parse(JSON.stringify(bridged.iuser())) as ReturnType<typeof bridged.iuser>;
		expect(typeof (overJson as unknown as { statusExpiresAt?: unknown }).statusExpiresAt).toBe('string');
		expect(await writerFor(bridged).write(overJson, { presence: 'online', text: '', by: 'callbell', token: 's9' })).toEqual({ ok: false, reason: 'deferred', detail: expect.any(String), retryAt: T0 + 60 * MIN });
		expect(await write({ by: 'manager', text: 'Escalations' })).toMatchObject({ ok: true, shows: 'now' });
		expect(engine.agent.active).toMatchObject({ source: 'manual', text: 'Escalations' });
	});

	it("a meeting whose end has passed, the server not done clearing it, blocks nothing: the change is claimed, not deferred again (its retry would be due at once, again and again)", async () => {
		const { engine } = setup('claims', { active: { ...calendar } });
		const user = engine.iuser();
		const late = writerFor(engine, { now: () => T0 + 60 * MIN + 1 });
		const result = await late.write(user, { presence: 'online', text: '', by: 'callbell', token: 's7' });
		expect(result).not.toMatchObject({ reason: 'deferred' });
		expect(engine.made('setActiveState').map(([, state]) => (state as { statusId?: string }).statusId)).toEqual(['inbox-bridge:s7']);
	});

	it('Away, which cannot be chosen by hand on 8.6+, is claimed as busy with the text or the word for away', async () => {
		const { engine, write } = setup('claims');
		expect(await write({ presence: 'away' })).toEqual({ ok: true, via: 'claims', presence: 'busy', shows: 'now' });
		expect(engine.agent.active).toMatchObject({ statusDefault: 'busy', text: 'Away' });
		expect(await write({ presence: 'away', by: 'callbell', text: 'Break', token: 's2' })).toMatchObject({ presence: 'busy', shows: 'later', behind: 'manual' });
	});
});
