import fc from 'fast-check';
import { CLAIM_SOURCE, type ChangeBy, claimId, isAppClaim, type RcChange, type WriteResult } from '../../../src/status/claims/change';
import { PROBE_STATUS_ID } from '../../../src/presence-claims';
import { type Claim, isExpired, type Presence, type PresenceUser, rank } from '../fakes/presence-claims';
import { Engine, MIN, writerFor } from './engine';

/**
 * Searched over generated sequences: the app's writes and ends interleaved with Rocket.Chat's own
 * claims (calls, video meetings, calendar meetings, the person's own choice in the client), their
 * ends and the server's expiry job. Whatever the order, the app never ends nor overrides a claim
 * stronger than its own source, never replaces another integration's shown claim with an automated
 * one, never loses a claim that is not its own by ending, and what it answers matches what the model shows.
 */

type Op =
	| { t: 'write'; by: ChangeBy; presence: Presence; text: string; untilIn?: number }
	| { t: 'end'; pick: number }
	| { t: 'rc'; claim: Claim & { expiresIn?: number } }
	| { t: 'rcEnd'; statusId: string }
	| { t: 'wait'; ms: number };

const RC_CLAIMS: Array<Claim & { expiresIn?: number }> = [
	{ statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-1' },
	{ statusDefault: 'busy', source: 'internal', text: 'On a call', statusId: 'call-2' },
	{ statusDefault: 'busy', source: 'internal', text: 'In a meeting', statusId: 'vc-1' },
	{ statusDefault: 'busy', source: 'external', text: 'In a meeting', statusId: 'calendar', expiresIn: 45 * MIN },
	{ statusDefault: 'busy', source: 'manual', text: 'Focus' },
	{ statusDefault: 'offline', source: 'manual', text: '' },
];
const op: fc.Arbitrary<Op> = fc.oneof(
	{
		weight: 4,
		arbitrary: fc
			.record({
				by: fc.constantFrom<ChangeBy>('self', 'manager', 'bot', 'callbell', 'hours', 'timer'),
				presence: fc.constantFrom<Presence>('online', 'away', 'busy', 'offline'),
				text: fc.constantFrom('', 'Ticket'),
				untilIn: fc.constantFrom(undefined, 5 * MIN, 60 * MIN),
			})
			.map(({ untilIn, ...w }) => ({ t: 'write' as const, ...w, ...(untilIn ? { untilIn } : {}) })),
	},
	{ weight: 2, arbitrary: fc.nat(9).map((pick) => ({ t: 'end' as const, pick })) },
	{ weight: 3, arbitrary: fc.constantFrom(...RC_CLAIMS).map((claim) => ({ t: 'rc' as const, claim })) },
	{ weight: 2, arbitrary: fc.constantFrom('call-1', 'call-2', 'vc-1', 'calendar').map((statusId) => ({ t: 'rcEnd' as const, statusId })) },
	{ weight: 2, arbitrary: fc.constantFrom(MIN, 30 * MIN, 2 * 60 * MIN).map((ms) => ({ t: 'wait' as const, ms })) },
);
const RUNS = Number(process.env.MODEL_RUNS ?? 200);
const params = { numRuns: RUNS, ...(process.env.MODEL_SEED === 'random' ? {} : { seed: Number(process.env.MODEL_SEED ?? 20261207) }) };

/** Live claims that are not the app's: what the app must leave alone. */
const others = (u: PresenceUser, now: number): Claim[] => [u.active, u.stash].filter((c): c is Claim => !!c && c.source !== undefined && !isAppClaim(c.statusId) && !isExpired(c, now));
const held = (u: PresenceUser): Claim[] => [u.active, u.stash].filter((c): c is Claim => !!c);

function checkWrite(before: PresenceUser, after: PresenceUser, o: Extract<Op, { t: 'write' }>, token: string, result: WriteResult, now: number, claimed: boolean): void {
	const source = CLAIM_SOURCE[o.by];
	for (const c of others(before, now).filter((c) => rank(c.source) < rank(source))) expect(held(after)).toContainEqual(c);
	if (source === 'external' && before.active.source === 'external' && !isAppClaim(before.active.statusId)) expect(after.active).toEqual(before.active);
	if (!result.ok) expect(claimed).toBe(false);
	if (result.ok && result.via === 'claims' && result.shows === 'now') expect(after.active.statusId).toBe(claimId(token));
	if (result.ok && result.via === 'claims' && result.shows === 'later') expect(rank(after.active.source)).toBeLessThan(rank(source));
	if (result.ok && result.via === 'claims' && o.presence === 'away') expect(result.presence).toBe('busy');
}

describe('the claims writer over generated sequences', () => {
	it('never ends or overrides a stronger claim, never replaces a calendar, and says what the model shows', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
				const engine = new Engine('claims');
				const writer = writerFor(engine);
				const tokens: string[] = [];
				for (const o of ops) {
					const before = engine.agent;
					const calls = engine.calls.length;
					if (o.t === 'write') {
						const token = `s${tokens.length + 1}`;
						tokens.push(token);
						const change: RcChange = { by: o.by, presence: o.presence, text: o.text, token, ...(o.untilIn ? { until: engine.now + o.untilIn } : {}) };
						const result = await writer.write(engine.iuser(), change);
						expect(result.ok || result.reason !== 'error').toBe(true);
						const claimed = engine.calls.slice(calls).some((c) => c.method === 'setActiveState');
						checkWrite(before, engine.agent, o, token, result, engine.now, claimed);
					} else if (o.t === 'end') {
						expect(await writer.end(engine.iuser(), { token: tokens[o.pick] ?? 's-none' })).toEqual({ ok: true, via: 'claims' });
						for (const c of others(before, engine.now)) expect(held(engine.agent)).toContainEqual(c);
					} else if (o.t === 'rc') {
						const { expiresIn, ...claim } = o.claim;
						engine.claim(expiresIn ? { ...claim, expiresAt: engine.now + expiresIn } : claim);
					} else if (o.t === 'rcEnd') engine.endClaim(o.statusId);
					else engine.tick(o.ms);
				}
				for (const c of engine.calls) {
					if (c.method === 'endActiveState') expect(c.params[1] === PROBE_STATUS_ID || isAppClaim(c.params[1] as string)).toBe(true);
					if (c.method === 'setActiveState') expect(c.params[1]).toMatchObject({ statusId: expect.stringMatching(/^inbox-bridge:s\d+$/) });
				}
				expect(engine.made('updateStatus')).toEqual([]);
			}),
			params,
		);
	});
});
