import fc from 'fast-check';
import { buttonsOf, confirmValue, demoPerTest, says, sleep } from './fixtures';
import { signedRequest } from '../../sandbox/agent-probe';

/**
 * Issue 16, two instances on one store: what must happen once happens once across both. A signed bot
 * request (its nonce) and a contact-delete confirmation are claimed in the store both instances
 * share, so a replay on the other instance, or a double click landing on both at the same moment,
 * does nothing the second time. Which instance goes first, and how far apart, is generated.
 */
const RUNS = Number(process.env.INSTANCES_RUNS ?? 6);
/** Each generated case takes a few seconds on a busy two-core machine. */
const TIMEOUT = Math.max(60_000, RUNS * 4000);
const seed = () => (process.env.INSTANCES_SEED === 'random' ? {} : { seed: Number(process.env.INSTANCES_SEED ?? 20261207) });

const demo = demoPerTest({ instances: 2 });
/** Which instance goes first, and how many milliseconds the second one waits. */
const race = fc.record({ first: fc.integer({ min: 0, max: 1 }), gap: fc.constantFrom(0, 0, 1, 5) });
const ordered = async <T>(first: number, gap: number, run: (on: number) => Promise<T>): Promise<T[]> => {
	const a = run(first);
	if (gap) await sleep(gap);
	const b = run(1 - first);
	return first === 0 ? Promise.all([a, b]) : Promise.all([b, a]);
};

describe('a signed bot request is good once across both instances', () => {
	it('used on one instance, refused on the other (401 signature_replayed), and nothing changes', async () => {
		const [a, b] = demo().hosts;
		const { body, headers } = signedRequest({ user: 'alice', status: 'busy', text: 'Signed on A' });
		expect((await a.api.post('status', body, headers)).status).toBe(200);
		await a.as('alice').run('/st online');
		const replay = await b.api.post('status', body, headers);
		expect(replay).toMatchObject({ status: 401, content: { error: 'signature_replayed' } });
		expect(a.user('alice')).toMatchObject({ status: 'online', statusText: '' });
	});

	it('the same signed request on both instances at once: exactly one is applied', async () => {
		await fc.assert(
			fc.asyncProperty(race, fc.constantFrom('away', 'busy'), async ({ first, gap }, status) => {
				const { body, headers } = signedRequest({ user: 'alice', status, text: `once ${first}${gap}` });
				const answers = await ordered(first, gap, (on) => demo().hosts[on].api.post('status', body, headers));
				expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
				expect(answers.find((r) => r.status === 401)?.content).toMatchObject({ error: 'signature_replayed' });
				await demo().host.as('alice').run('/st online');
			}),
			{ numRuns: RUNS, ...seed() },
		);
	}, TIMEOUT);
});

describe('a contact-delete confirmation is used once across both instances', () => {
	it('confirm clicked on both instances at the same moment: one deletion batch', async () => {
		let n = 0;
		await fc.assert(
			fc.asyncProperty(race, fc.integer({ min: 0, max: 1 }), async ({ first, gap }, askedOn) => {
				const ids = [0, 1].map((i) => `${(n * 2 + i).toString(16).padStart(24, 'c')}`);
				n++;
				demo().sims.botpenguin.seedContacts(ids);
				demo().sims.botpenguin.clear();
				const ask = await demo().hosts[askedOn].as('admin').run(`/contact-delete ${ids.join(' ')}`);
				expect(buttonsOf(ask).map((x) => x.actionId)).toContain('lead.contacts.confirm');
				const value = confirmValue(ask);
				const replies = await ordered(first, gap, (on) => demo().hosts[on].ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value }));
				await demo().cluster.idle();
				const batches = demo().sims.botpenguin.requests.filter((r) => r.path.endsWith('status-update'));
				expect(batches).toHaveLength(1);
				for (const id of ids) expect(demo().sims.botpenguin.state.contacts.get(id)).toBe('DELETED');
				// one click did it, the other was told the confirmation is no longer good
				expect(replies.filter((r) => r.texts.includes(says(demo(), 'admin', 'contact_confirm_expired')))).toHaveLength(1);
			}),
			{ numRuns: RUNS, ...seed() },
		);
	}, TIMEOUT);
});
