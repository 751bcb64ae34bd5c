import { randomUUID } from 'node:crypto';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { Demo } from '../../sandbox/demo';
import { DEMO } from '../../sandbox/simulators';
import { demoPerTest, noDrainPending, says, saysLine } from './fixtures';
import { ITEM_ID } from '../../src/delivery/records';

/**
 * Every scheduler job the app registers, run the way Rocket.Chat's Agenda runs it (the host calls the
 * processor the engine registered, which each engine generation calls in its own way), and judged by
 * its effect: what the vendors and Rocket.Chat hold afterwards, and what people were told.
 *
 * Already run elsewhere, and not repeated here: a timed status ending after a restart (status.test.ts),
 * working-hours boundaries and the re-arm after a restart (working-hours.test.ts), the prune of old
 * audit entries (delivery.test.ts), every vendor fault drained to exactly once (delivery.test.ts).
 * Here: which job delivers (the drain alone; the sweep alone, when the drain's job was lost), the
 * settlement a delivery leaves, the notices, a timed status ending into a Callbell outage, the
 * working-hours re-arm on disable/enable, what the prune keeps, and the sweep's repair of an agent whose
 * status change an instance died in.
 */

const ALICE_CB = DEMO.callbellUsers[0].uuid;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// The host runs jobs early without moving the app's clock: a 1 ms backoff makes a retry due at once.
const demo = demoPerTest({ settings: { retry_base_delay_ms: 1, retry_max_delay_ms: 1 } });
const host = () => demo().host;
const lead = (uuid: string) => demo().sims.botpenguin.state.leads.get(uuid);

/** The names (processor ids) of the jobs Agenda would run by `advanceMs` from now. */
const dueBy = (advanceMs: number) =>
	host()
		.jobs.list()
		.filter((j) => j.when <= Date.now() + advanceMs)
		.map((j) => j.name.replace(/_[^_]+$/, ''))
		.sort();

/** Everything the app said to `username` since message `since` (ephemeral or in a direct message). */
function toldSince(since: number, username = 'alice'): string[] {
	const dm = [...demo().world.rooms.values()].find((r) => r.type === 'd' && (r.usernames ?? []).includes(username));
	return demo()
		.world.messages.slice(since)
		.filter((m) => m.to === username || (dm !== undefined && m.roomId === dm.id))
		.map((m) => m.text);
}

/** The settlement the outbox keeps for an item that left it (how the status ledger learns its fate). */
function settlement(id: string): { fate?: string; at?: number } | undefined {
	const record = [...demo().world.persistence.values()].find((r) => r.associations.some((a) => a.getID() === `id:outbox-settled:${id}`));
	return record?.data as { fate?: string; at?: number } | undefined;
}

/** The id of the one queued item whose line mentions `label`, as the queue command shows it. */
async function queuedId(label: string): Promise<string> {
	const line = (await host().as('admin').run('/inbox-bridge queue')).texts.join('\n').split('\n').find((l) => l.includes(label));
	const id = new RegExp(`\`(${ITEM_ID.source})\``).exec(line ?? '')?.[1];
	if (!id) throw new Error(`no queued item for ${label}`);
	return id;
}

/** A vendor write made during an outage, and how to see that the vendor applied it once. */
interface Outage {
	/** Breaks the vendor for one request, makes the write, returns what it is called (its label, in the asker's words) and its key at the vendor. */
	queue(d: Demo): Promise<{ label: string; key: string }>;
	/** The statuses the vendor answered the write with, in order (the failure, then the delivery). */
	answers(d: Demo, key: string): number[];
	applied(d: Demo, key: string): boolean;
}

const OUTAGES: Record<string, Outage> = {
	'a Callbell status while Callbell answered 500': {
		queue: async (d) => {
			d.sims.callbell.failNext(1, 500);
			const reply = await d.host.as('alice').run('/st away');
			expect(reply.text).toMatch(saysLine(d, 'alice', 'st_cb_queued'));
			return { label: says(d, 'alice', 'st_cb_label'), key: ALICE_CB };
		},
		answers: (d) => d.sims.callbell.requests.filter((r) => r.method === 'PUT' && r.path.includes(ALICE_CB)).map((r) => r.status),
		applied: (d) => d.sims.callbell.state.users.get(ALICE_CB)?.available === false,
	},
	'a lead close while BotPenguin answered 503': {
		queue: async (d) => {
			const uuid = randomUUID();
			d.sims.botpenguin.failNext(1, 503);
			const reply = await d.host.as('alice').run(`/lead-close ${uuid}`);
			expect(reply.text).toMatch(saysLine(d, 'alice', 'lead_line_queued_reason'));
			return { label: says(d, 'alice', 'lead_label', { uuid }), key: uuid };
		},
		answers: (d, uuid) => d.sims.botpenguin.requests.filter((r) => (r.body as { uuid?: string } | undefined)?.uuid === uuid).map((r) => r.status),
		applied: (d, uuid) => d.sims.botpenguin.state.leads.get(uuid)?.status === 'CLOSED',
	},
};

/** Which job runs the delivery: the drain its submit armed, or the recurring sweep after the drain's job was lost. */
const RUNNERS: Record<string, { lose: (d: Demo) => void; advanceMs: number; due: string[] }> = {
	'the drain job': { lose: () => undefined, advanceMs: 5000, due: ['delivery.drain'] },
	'the sweep alone (the drain job was lost)': {
		lose: (d) => d.host.jobs.cancel((j) => j.name.startsWith('delivery.drain')),
		advanceMs: MIN + 5000,
		due: ['delivery.sweep'],
	},
};

beforeEach(async () => {
	await host().jobs.runDue(); // what enabling armed runs first (the sweep's first round, the working-hours re-arm)
});

describe('the delivery jobs send what an outage queued', () => {
	const matrix = Object.keys(OUTAGES).flatMap((outage) => Object.keys(RUNNERS).map((runner) => [outage, runner] as const));

	it.each(matrix)('%s, healed, is delivered by %s: once, the asker told, the settlement kept', async (outage, runner) => {
		const write = OUTAGES[outage];
		const run = RUNNERS[runner];
		const { label, key } = await write.queue(demo());
		const id = await queuedId(label);
		expect(write.applied(demo(), key)).toBe(false);
		run.lose(demo());
		expect(dueBy(run.advanceMs)).toEqual(run.due);
		const since = demo().world.messages.length;

		await host().jobs.runDue({ advanceMs: run.advanceMs });

		expect(write.applied(demo(), key)).toBe(true);
		expect(write.answers(demo(), key)).toEqual([outage.includes('503') ? 503 : 500, 200]);
		expect(toldSince(since)).toEqual([says(demo(), 'alice', 'delivery_done_later', { label })]);
		expect(settlement(id)).toMatchObject({ fate: 'delivered' });
		expect((await host().as('admin').run('/inbox-bridge queue')).text).not.toContain(id);
		expect(noDrainPending(demo())).toBe(true);
		// and nothing is sent again by later rounds
		await host().jobs.runDue({ advanceMs: 2 * MIN });
		expect(write.answers(demo(), key)).toEqual([outage.includes('503') ? 503 : 500, 200]);
	});

	it('the status ledger learns from the settlement: the same status again sends nothing to Callbell', async () => {
		await OUTAGES['a Callbell status while Callbell answered 500'].queue(demo());
		await host().jobs.runDue({ advanceMs: 5000 });
		demo().sims.callbell.clear();
		const again = await host().as('alice').run('/st away');
		expect(again.text.split('\n')[1]).toBe(says(demo(), 'alice', 'st_cb_unchanged', { state: says(demo(), 'alice', 'st_cb_unavailable') }));
		expect(demo().sims.callbell.requests).toEqual([]);
	});

	it('a write the vendor refuses when the drain retries it fails for good, and the asker is told which setting to fix', async () => {
		const uuid = randomUUID();
		demo().sims.botpenguin.failNext(1, 503);
		await host().as('alice').run(`/lead-close ${uuid}`);
		demo().sims.botpenguin.failNext(1, 401);
		const since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 5000 });
		const told = toldSince(since);
		expect(told).toHaveLength(1);
		expect(told[0]).toMatch(saysLine(demo(), 'alice', 'delivery_failed_later', { label: says(demo(), 'alice', 'lead_label', { uuid }) }));
		expect(told[0]).toContain('botpenguin_lead_token');
		expect(told[0]).not.toContain(DEMO.botpenguinLeadToken);
		expect(lead(uuid)).toBeUndefined();
		// failed for good: no drain keeps trying it
		expect(noDrainPending(demo())).toBe(true);
		await host().jobs.runDue({ advanceMs: 2 * MIN });
		expect(demo().sims.botpenguin.requests.filter((r) => (r.body as { uuid?: string } | undefined)?.uuid === uuid).map((r) => r.status)).toEqual([503, 401]);
	});

	it('what one drain run delivers for one asker is told in one message naming every item', async () => {
		const uuids = [randomUUID(), randomUUID()];
		demo().sims.botpenguin.failNext(2, 503);
		await host().as('alice').run(`/lead-close ${uuids.join(' ')}`);
		const since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: 5000 });
		expect(uuids.map((uuid) => lead(uuid)?.status)).toEqual(['CLOSED', 'CLOSED']);
		const [a, b] = uuids.map((uuid) => says(demo(), 'alice', 'lead_label', { uuid }));
		// the two leads go out side by side: either may be named first
		const either = [`${a}, ${b}`, `${b}, ${a}`].map((label) => says(demo(), 'alice', 'delivery_done_later', { label }));
		const told = toldSince(since);
		expect(told).toHaveLength(1);
		expect(either).toContain(told[0]);
		expect(noDrainPending(demo())).toBe(true);
	});
});

describe('a timed status ending into a Callbell outage', () => {
	it('the timer restores Rocket.Chat at once and queues Callbell; the drain delivers it later; each job says so', async () => {
		await host().as('alice').run('/st busy Meeting for 30m');
		expect(host().user('alice')).toMatchObject({ status: 'busy', statusText: 'Meeting' });
		expect(dueBy(31 * MIN)).toContain('status.expire');
		demo().sims.callbell.failNext(1, 500);
		let since = demo().world.messages.length;

		await host().jobs.runDue({ advanceMs: 31 * MIN });

		expect(host().user('alice')).toMatchObject({ status: 'online', statusText: '' });
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
		const ended = toldSince(since);
		expect(ended).toHaveLength(1);
		expect(ended[0].split('\n')[0]).toBe(says(demo(), 'alice', 'st_timer_ended'));
		expect(ended[0]).toMatch(/^\*Rocket\.Chat\*: ✅ online/m);
		expect(ended[0]).toMatch(saysLine(demo(), 'alice', 'st_cb_queued'));
		expect(dueBy(5000)).toEqual(['delivery.drain']);
		since = demo().world.messages.length;

		await host().jobs.runDue({ advanceMs: 5000 });

		expect(demo().sims.callbell.state.users.get(ALICE_CB)).toMatchObject({ available: true, customStatusId: null });
		expect(toldSince(since)).toEqual([says(demo(), 'alice', 'delivery_done_later', { label: says(demo(), 'alice', 'st_cb_label') })]);
		expect(noDrainPending(demo())).toBe(true);
	});
});

describe('working hours: disable and enable re-arm an agent\'s job', () => {
	it('the job the server lost is armed again on enable, and running it applies the end of the shift', async () => {
		const base = Math.ceil(Date.now() / MIN) * MIN;
		const start = base - 30 * MIN;
		const end = base + 30 * MIN;
		const hhmm = (at: number) => new Date(at).toISOString().slice(11, 16);
		await host().as('alice').run('/st online');
		await host().as('alice').run(`/st hours daily ${hhmm(start)}-${hhmm(end)}`);
		const hoursJobs = () => host().jobs.list().filter((j) => j.name.startsWith('status.hours_'));
		expect(hoursJobs().map((j) => j.when)).toEqual([end]);

		await host().disable();
		host().jobs.cancel((j) => j.name.startsWith('status.hours_')); // lost while disabled (as Rocket.Chat can lose it)
		await host().enable();
		expect(hoursJobs()).toEqual([]);
		expect(dueBy(0)).toContain('status.hours.rearm');
		await host().jobs.runDue();
		expect(hoursJobs().map((j) => j.when)).toEqual([end]);

		demo().sims.callbell.clear();
		const since = demo().world.messages.length;
		await host().jobs.runDue({ advanceMs: end - Date.now() + 1000 });
		expect(host().user('alice')).toMatchObject({ status: 'away', statusText: '' });
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
		expect(toldSince(since).at(-1)).toMatch(/^🕘 Your working hours ended:\n\*Rocket\.Chat\*: ✅ away\nCallbell: ✅ away/);
		// and the next start is armed
		expect(hoursJobs().map((j) => j.when)).toEqual([start + DAY]);
	});
});

describe('the daily prune', () => {
	/** Moves every stored time of the records whose association id starts with `prefix` (and matches `pick`) back by `ms`. */
	function age(prefix: string, ms: number, pick: (data: Record<string, unknown>) => boolean = () => true): number {
		let n = 0;
		for (const r of demo().world.persistence.values()) {
			const data = r.data as Record<string, unknown>;
			if (!r.associations.some((a) => a.getID().startsWith(`id:${prefix}`)) || !pick(data) || typeof data.at !== 'number') continue;
			data.at -= ms;
			n++;
		}
		return n;
	}

	it('removes audit entries past audit_retention_days and settlements past their 30 days; keeps the younger ones', async () => {
		// Two deliveries after an outage, each leaving audit entries and a settlement.
		const [older, younger] = [randomUUID(), randomUUID()];
		for (const uuid of [older, younger]) {
			demo().sims.botpenguin.failNext(1, 503);
			await host().as('alice').run(`/lead-close ${uuid}`);
		}
		const ids = [await queuedId(older), await queuedId(younger)];
		await host().jobs.runDue({ advanceMs: 5000 });
		expect(ids.map((id) => settlement(id)?.fate)).toEqual(['delivered', 'delivered']);

		// One just past each lifetime, one just inside it (retention 90 days, settlements 30).
		const mentions = (uuid: string) => (data: Record<string, unknown>) => JSON.stringify(data).includes(uuid);
		expect(age('audit', 91 * DAY, mentions(older))).toBeGreaterThan(0);
		expect(age('audit', 89 * DAY, mentions(younger))).toBeGreaterThan(0);
		expect(age(`outbox-settled:${ids[0]}`, 31 * DAY)).toBe(1);
		expect(age(`outbox-settled:${ids[1]}`, 29 * DAY)).toBe(1);
		expect(dueBy(DAY + MIN)).toContain('audit.prune');

		await host().jobs.runDue({ advanceMs: DAY + MIN });

		const audit = (await host().as('admin').run('/inbox-bridge audit 100')).text;
		expect(audit).not.toContain(older);
		expect(audit).toContain(younger);
		expect(settlement(ids[0])).toBeUndefined();
		expect(settlement(ids[1])).toMatchObject({ fate: 'delivered' });
		// and it runs again the next day
		expect(host().jobs.list().filter((j) => j.name.startsWith('audit.prune')).map((j) => j.intervalMs)).toEqual([DAY]);
	});
});

describe('the sweep repairs an agent whose status change an instance died in', () => {
	/** What a dead instance leaves: its claim of the agent's turn, never released (as src/store/claim.ts writes it). */
	function deadTurnClaim(userId: string, at: number): void {
		const assoc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);
		const resource = `st:agent:${userId}`;
		const token = `cdead${randomUUID().slice(0, 8)}`;
		const tags = [`claims:${resource}`, 'claims-kind:st:agent', `agent:${userId}`];
		const id = `planted-${token}`;
		demo().world.persistence.set(id, { id, appId: demo().host.appId, data: { resource, token, at }, associations: [assoc(`id:claim:${resource}:${token}`), ...tags.map((t) => assoc(`tag:${t}`))] });
	}
	const claimsLeft = () => [...demo().world.persistence.values()].filter((r) => r.associations.some((a) => a.getID() === 'tag:claims-kind:st:agent')).length;

	it('Rocket.Chat written, Callbell never reached: a lease later the sweep sends Callbell what Rocket.Chat shows, once', async () => {
		await host().as('alice').run('/st busy');
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(false);
		// the instance that ran `/st online` for alice wrote Rocket.Chat and died before Callbell
		const alice = demo().world.userByUsername('alice');
		if (!alice) throw new Error('no alice');
		demo().world.users.set(alice.id, { ...alice, status: 'online' } as typeof alice);
		deadTurnClaim(alice.id, Date.now());
		demo().sims.callbell.clear();

		// within the lease the turn might still be running: the sweep leaves it alone
		await host().jobs.runDue({ advanceMs: MIN + 5000 });
		expect(demo().sims.callbell.requests).toEqual([]);
		expect(claimsLeft()).toBe(1);

		// the app's clock moves past the lease (the claim is 31 s old when the next round runs)
		for (const r of demo().world.persistence.values()) {
			const data = r.data as { resource?: string; at?: number };
			if (data.resource === `st:agent:${alice.id}`) r.data = { ...data, at: Date.now() - 31_000 };
		}
		await host().jobs.runDue({ advanceMs: MIN + 5000 });
		expect(demo().sims.callbell.state.users.get(ALICE_CB)?.available).toBe(true);
		expect(demo().sims.callbell.requests.map((r) => r.method)).toEqual(['PUT']);
		expect(claimsLeft()).toBe(0);
		// repaired once: the next rounds send nothing
		await host().jobs.runDue({ advanceMs: MIN + 5000 });
		expect(demo().sims.callbell.requests).toHaveLength(1);
	});
});

describe("a change refused until another integration's status ended (8.6+) is applied again by its job", () => {
	// No engine on npm has presence claims, so Rocket.Chat never defers a change here: the job is stored as
	// the turn arms it (src/status/turn/retry.ts) and run by the scheduler, through each engine's processor call.
	function retryJob(token: string, want: { presence: string; text: string }): void {
		const alice = demo().world.userByUsername('alice');
		if (!alice) throw new Error('no alice');
		const jobId = `planted-retry-${randomUUID().slice(0, 8)}`;
		demo().world.jobs.set(jobId, { jobId, name: `status.retry_${host().appId}`, appId: host().appId, when: Date.now(), data: { userId: alice.id, token, want, source: 'api', requester: { userId: alice.id, username: 'alice' } } });
	}
	function aliceToken(): string {
		const alice = demo().world.userByUsername('alice');
		const sync = [...demo().world.persistence.values()].find((r) => r.associations.some((a) => a.getID() === `id:st:sync:${alice?.id}`));
		const seq = (sync?.data as { seq?: unknown } | undefined)?.seq;
		if (typeof seq !== 'number') throw new Error('no sync record for alice');
		return `s${seq}`;
	}

	it("applies Rocket.Chat's half when nothing changed the agent since, without sending Callbell anything; a stale one does nothing", async () => {
		await host().as('alice').run('/st busy Focus');
		demo().sims.callbell.clear();
		retryJob(aliceToken(), { presence: 'away', text: 'Back soon' });
		expect(await host().jobs.runDue()).toBeGreaterThanOrEqual(1);
		const alice = () => demo().world.userByUsername('alice');
		expect([alice()?.status, alice()?.statusText]).toEqual(['away', 'Back soon']);
		expect(demo().sims.callbell.requests).toEqual([]);

		// a retry whose change was overtaken (the token names an older change) leaves the agent alone
		retryJob('s1', { presence: 'offline', text: 'Gone' });
		await host().jobs.runDue();
		expect([alice()?.status, alice()?.statusText]).toEqual(['away', 'Back soon']);
		host().assertNoErrors();
	});
});
