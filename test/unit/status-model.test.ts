import fc from 'fast-check';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type * as ServicesModule from '../../src/status/services';
import type * as EndpointModule from '../../src/endpoints/status';
import type * as OutboxModule from '../../src/delivery/outbox';
import { sign } from '../../src/endpoints/signature';
import { callbellTarget } from '../../src/status/model/callbell-map';
import { type CbEvent, type CbFault, MemoryWorld } from './fakes/memory-world';

/**
 * Model-based search for counter-examples to the status promises: generated sequences of `/st`
 * changes, signed bot requests (also replayed), agents changing status in Rocket.Chat's menu,
 * Callbell changes whose events arrive late, out of order, concurrently or twice, Callbell logins and
 * logouts (agent_session_updated, mapped to online/offline), the app's own echo
 * events in any order, Callbell faults (500, 401, 429 with Retry-After, timeout after applying, an
 * unreadable 2xx), drains, restore jobs, restarts, and two app instances (two copies of the app's
 * modules: separate in-process locks) over one store.
 *
 * Callbell's clock runs with the app's or 1.5 s behind it. Ahead of it is not searched: an old echo of
 * the app's own write can then look newer than the app's next change (README, Known limitations).
 *
 * Checked after every step:
 * - nothing stale is written back: whatever Callbell was sent during a step leaves it equal to the
 *   mapping of what Rocket.Chat shows at the end of that step;
 * - a refused request (a replayed signed request, an already delivered Callbell event) changes
 *   nothing and sends nothing.
 * Checked at the end (one more `/st` change, then every pending event and queued write delivered):
 * - both systems equal the last accepted change, and delivering everything again changes nothing.
 */

type Agent = 'alice' | 'bob';
const AGENTS: Agent[] = ['alice', 'bob'];
const UUID: Record<Agent, string> = { alice: 'cb-alice-0001', bob: 'cb-bob-0002' };
const PRESENCES = ['online', 'away', 'busy', 'offline'] as const;
const TEXTS = ['', 'Lunch', 'In a meeting', 'Focus'] as const;

type Op =
	| { t: 'cmd'; agent: Agent; presence: (typeof PRESENCES)[number]; text: (typeof TEXTS)[number]; timedMin?: number; inst: number }
	| { t: 'bot'; agent: Agent; presence: (typeof PRESENCES)[number]; inst: number }
	| { t: 'botReplay'; pick: number; inst: number }
	| { t: 'menu'; agent: Agent; presence: (typeof PRESENCES)[number] }
	| { t: 'cb'; agent: Agent; available: boolean; custom: string | null }
	| { t: 'rcEvent'; pick: number; inst: number }
	| { t: 'cbEvent'; pick: number; inst: number }
	| { t: 'cbReplay'; pick: number; inst: number }
	| { t: 'session'; agent: Agent; out: boolean; inst: number }
	| { t: 'fault'; kind: CbFault }
	| { t: 'drain'; inst: number }
	| { t: 'jobs'; inst: number }
	| { t: 'restart'; inst: number }
	| { t: 'both'; a: Op; b: Op };

const agent = fc.constantFrom<Agent>(...AGENTS);
const presence = fc.constantFrom(...PRESENCES);
const inst = fc.integer({ min: 0, max: 1 });
const pick = fc.nat(20);
const single: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ t: fc.constant('cmd' as const), agent, presence, text: fc.constantFrom(...TEXTS), inst, timedMin: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('bot' as const), agent, presence, inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('botReplay' as const), pick, inst }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('menu' as const), agent, presence }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('cb' as const), agent, available: fc.boolean(), custom: fc.constantFrom(null, 'cs-lunch', 'cs-vacation') }) },
	{ weight: 4, arbitrary: fc.record({ t: fc.constant('rcEvent' as const), pick, inst }) },
	{ weight: 4, arbitrary: fc.record({ t: fc.constant('cbEvent' as const), pick, inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('cbReplay' as const), pick, inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('session' as const), agent, out: fc.boolean(), inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('fault' as const), kind: fc.constantFrom<CbFault>(500, 401, 429, 'timeout_after_applied', 'unreadable_2xx') }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('drain' as const), inst }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('jobs' as const), inst }) },
);
/**
 * Two things at once, on one instance or on both: an agent's turn is held in persistence (a claim),
 * so two instances changing one agent in the same instant take turns too.
 */
const op: fc.Arbitrary<Op> = fc.oneof({ weight: 5, arbitrary: single }, { weight: 1, arbitrary: fc.record({ t: fc.constant('both' as const), a: single, b: single }) });

/** One app instance: its own copy of the app's modules (so its own in-process locks), over the shared world. */
interface Instance {
	services: typeof ServicesModule.statusServices;
	Endpoint: typeof EndpointModule.StatusEndpoint;
	Outbox: typeof OutboxModule.Outbox;
}
function loadInstance(): Instance {
	let loaded!: Instance;
	jest.isolateModules(() => {
		loaded = {
			services: (require('../../src/status/services') as typeof ServicesModule).statusServices,
			Endpoint: (require('../../src/endpoints/status') as typeof EndpointModule).StatusEndpoint,
			Outbox: (require('../../src/delivery/outbox') as typeof OutboxModule).Outbox,
		};
	});
	return loaded;
}
const INSTANCES = [loadInstance(), loadInstance()];

class Run {
	readonly w = new MemoryWorld();
	readonly users = Object.fromEntries(AGENTS.map((a) => [a, this.w.addAgent(a, UUID[a])])) as Record<Agent, IUser>;
	readonly delivered: CbEvent[] = [];
	readonly signed: Array<{ body: object; headers: Record<string, string> }> = [];
	nonce = 0;

	constructor() {
		jest.setSystemTime(this.w.now);
	}

	tick(ms = 1000): void {
		this.w.now += ms;
		jest.setSystemTime(this.w.now);
	}

	service(i: number) {
		return INSTANCES[i].services(this.w.ctx, this.w.accessors(), () => this.w.now);
	}
	user(a: Agent): IUser {
		return this.w.users.get(this.users[a].id) as IUser;
	}
	agentOf(email: string): Agent {
		return AGENTS.find((a) => email.startsWith(a)) as Agent;
	}

	/** What Callbell should show for what Rocket.Chat shows. */
	expectedCallbell(a: Agent) {
		const u = this.user(a);
		return callbellTarget(u.status as never, u.statusText ?? '', this.w.cbCustomStatuses, new Map());
	}
	callbellOf(a: Agent) {
		const u = this.w.cbUsers.get(UUID[a]);
		return { available: u?.available, customStatusUuid: u?.customStatusId ?? null };
	}

	async webhook(i: number, e: CbEvent): Promise<void> {
		const user = (await this.service(i).identity.findUser(e.email)) as IUser;
		const custom = e.customStatusId ? this.w.cbCustomStatuses.find((s) => s.id === e.customStatusId) : undefined;
		await this.service(i).changes.fromCallbell(user, { available: e.available, ...(custom ? { customStatusId: custom.id, customStatusName: custom.name } : {}), at: e.at });
	}

	async bot(i: number, body: object, headers: Record<string, string>) {
		const endpoint = new INSTANCES[i].Endpoint({ getID: () => 'app-id', getLogger: () => this.w.ctx.logger, getAccessors: () => ({ providedApiEndpoints: [] }) });
		const a = this.w.accessors();
		return endpoint.post({ headers, content: body, query: {}, params: {}, method: 'POST' } as never, {} as never, a.read, a.modify, a.http, a.persis);
	}

	async exec(o: Op): Promise<void> {
		switch (o.t) {
			case 'cmd': {
				const until = o.timedMin !== undefined ? { until: this.w.now + o.timedMin * 60_000 } : {};
				const u = this.user(o.agent);
				await this.service(o.inst).changes.change(u, { kind: 'set', presence: o.presence, text: o.text, ...until }, { source: 'command', requester: { userId: u.id, username: u.username } });
				return;
			}
			case 'bot': {
				const body = { user: o.agent, status: o.presence };
				const t = Math.floor(this.w.now / 1000);
				const n = `model-nonce-${String(this.nonce++).padStart(8, '0')}`;
				const headers = { 'x-inbox-bridge-signature': `t=${t},n=${n},v1=${sign('bot-secret', t, n, body)}` };
				this.signed.push({ body, headers });
				const res = await this.bot(o.inst, body, headers);
				expect({ status: res.status, content: res.content }).toEqual({ status: 200, content: res.status === 200 ? res.content : {} });
				return;
			}
			case 'botReplay': {
				const old = this.signed[o.pick % Math.max(1, this.signed.length)];
				if (!old) return;
				const res = await this.bot(o.inst, old.body, old.headers);
				expect(res.status).toBe(401);
				return;
			}
			case 'menu':
				this.w.userChanges(this.users[o.agent].id, o.presence);
				return;
			case 'cb':
				this.w.callbellChanges(UUID[o.agent], o.available, o.custom);
				return;
			case 'rcEvent': {
				if (this.w.rcEvents.length === 0) return;
				const [e] = this.w.rcEvents.splice(o.pick % this.w.rcEvents.length, 1);
				await this.service(o.inst).changes.fromRocketChat(e.user, e.currentStatus);
				return;
			}
			case 'cbEvent': {
				if (this.w.cbEvents.length === 0) return;
				const [e] = this.w.cbEvents.splice(o.pick % this.w.cbEvents.length, 1);
				this.delivered.push(e);
				await this.webhook(o.inst, e);
				return;
			}
			case 'cbReplay': {
				const e = this.delivered[o.pick % Math.max(1, this.delivered.length)];
				if (e) await this.webhook(o.inst, e);
				return;
			}
			case 'session': {
				// a login or logout in Callbell, with the member's availability as Callbell has it now
				const u = this.user(o.agent);
				await this.service(o.inst).changes.fromCallbellSession(u, { presence: o.out ? 'offline' : 'online', available: this.callbellOf(o.agent).available });
				return;
			}
			case 'fault':
				this.w.cbFaults.push(o.kind);
				return;
			case 'drain':
				await new INSTANCES[o.inst].Outbox(this.w.ctx, this.w.accessors()).drain();
				return;
			case 'jobs':
				for (const [id, job] of [...this.w.jobs]) {
					if (!job.name.startsWith('status.expire') || job.when > this.w.now + 10 * 60_000) continue;
					this.w.jobs.delete(id);
					const data = job.data as { userId: string; token: string };
					await this.service(o.inst).changes.restore(data.userId, data.token);
				}
				return;
			case 'restart':
				// the instance's process is gone: a fresh copy of the app's modules (nothing in memory survives)
				INSTANCES[o.inst] = loadInstance();
				return;
			case 'both':
				await Promise.all([this.exec(o.a), this.exec(o.b)]);
				return;
		}
	}

	/**
	 * What each agent's last timed change may restore: the state Callbell had when it began, or — while a
	 * direct Callbell change's event had not reached the app yet — any state Callbell showed since the
	 * oldest such event was made. The app cannot know an untold change; its restore puts back what it
	 * knew, and the end of the run checks that the late event leaves both systems agreeing.
	 */
	private readonly priorCallbell = new Map<Agent, Array<{ available?: boolean; customStatusUuid: string | null }>>();
	/** Callbell's states since the agent last had no untold Callbell event (one entry when none is untold). */
	private readonly sinceUntold = new Map<Agent, Array<{ available?: boolean; customStatusUuid: string | null }>>();

	/** Keeps `sinceUntold` after a step: reset to the current state when every Callbell event of the agent has arrived. */
	noteCallbell(): void {
		for (const a of AGENTS) {
			const now = this.callbellOf(a);
			const untold = this.w.cbEvents.some((e) => this.agentOf(e.email) === a);
			const seen = this.sinceUntold.get(a) ?? [];
			if (!untold) this.sinceUntold.set(a, [now]);
			else if (!seen.some((s) => s.available === now.available && s.customStatusUuid === now.customStatusUuid)) this.sinceUntold.set(a, [...seen, now]);
		}
	}

	/**
	 * Whether what was sent is the state Callbell had before the agent's timed change, as the app could
	 * know it (a restore, not a stale write). With untold changes the app knows each field from whichever
	 * event told it last (a login tells the availability alone), so each field is checked on its own.
	 */
	restoredPrior(a: Agent, last: Record<string, unknown>): boolean {
		const priors = this.priorCallbell.get(a);
		if (!priors || Object.keys(last).length === 0) return false;
		return ('available' in last ? priors.some((p) => last.available === p.available) : true) && ('custom_status_uuid' in last ? priors.some((p) => last.custom_status_uuid === p.customStatusUuid) : true);
	}

	/** Whether what was sent follows the agent's state before a menu change whose event is still on its way. */
	agreesWithUntold(a: Agent, last: Record<string, unknown>): boolean {
		const untold = this.w.rcEvents.find((e) => e.user.id === this.users[a].id && !e.byApp);
		if (!untold || Object.keys(last).length === 0) return false;
		const before = callbellTarget(untold.previousStatus as never, this.user(a).statusText ?? '', this.w.cbCustomStatuses, new Map());
		return ('available' in last ? last.available === before.available : true) && ('custom_status_uuid' in last ? last.custom_status_uuid === before.customStatusUuid : true);
	}

	/** Whether a live Callbell change for the agent waits in the outbox with exactly the wanted fields. */
	async correctionQueued(a: Agent, want: Record<string, unknown>): Promise<boolean> {
		return (await this.queuedCallbell(a)).some((body) => Object.entries(want).every(([k, v]) => (body as Record<string, unknown>)[k] === v));
	}

	/** The bodies of the agent's live Callbell changes in the outbox. */
	async queuedCallbell(a: Agent): Promise<Array<Record<string, unknown>>> {
		const { items } = await new INSTANCES[0].Outbox(this.w.ctx, this.w.accessors()).list();
		return items.flatMap((i) => {
			if (i.op.kind !== 'callbell.status' || i.op.userUuid !== UUID[a] || (i.state !== 'pending' && i.state !== 'sending')) return [];
			return [{ ...(i.op.change.available !== undefined ? { available: i.op.change.available } : {}), ...(i.op.change.customStatusUuid !== undefined ? { custom_status_uuid: i.op.change.customStatusUuid } : {}) }];
		});
	}

	/**
	 * Agents whose timed status's restore could not reach Callbell: its write (the state Callbell had
	 * before) waits in the queue, and a later drain delivers it as the restore it is.
	 */
	private readonly restoreQueued = new Set<Agent>();

	snapshot() {
		return AGENTS.map((a) => JSON.stringify([this.user(a).status, this.user(a).statusText, this.callbellOf(a)]));
	}

	/** A step, and the promises that must hold right after it. */
	async step(o: Op): Promise<void> {
		this.tick();
		const writes = this.w.cbWrites.length;
		const before = this.snapshot();
		// A timed change remembers what Callbell showed, and its restore puts exactly that back.
		this.noteCallbell();
		for (const timed of timedCommands(o)) this.priorCallbell.set(timed.agent, this.sinceUntold.get(timed.agent) ?? [this.callbellOf(timed.agent)]);
		await this.exec(o);
		const sent = this.w.cbWrites.slice(writes);
		for (const a of AGENTS) {
			// Each field the app sent during the step must agree with what Rocket.Chat shows after it.
			// (Someone changing Callbell in the same step is not the app writing stale: its event follows.)
			if (changesCallbell(o, a)) continue;
			const last: Record<string, unknown> = {};
			for (const s of sent.filter((x) => x.uuid === UUID[a])) Object.assign(last, s.body);
			const target = this.expectedCallbell(a);
			const want = { ...('available' in last ? { available: target.available } : {}), ...('custom_status_uuid' in last ? { custom_status_uuid: target.customStatusUuid } : {}) };
			// A drain running beside a change may land the older change it was already sending; then the
			// change that brings Callbell to the target must already wait in the queue behind it.
			if (o.t === 'both' && (o.a.t === 'drain' || o.b.t === 'drain') && (await this.correctionQueued(a, want))) continue;
			if (runsJobs(o) && this.restoredPrior(a, last)) continue;
			if (drains(o) && this.restoreQueued.has(a) && this.restoredPrior(a, last)) continue;
			// The agent changed status in Rocket.Chat's menu and its event has not reached the app yet: what
			// the app sent may follow the state before that change (it cannot know more); the event brings
			// the correction, which the end of the run checks.
			if (this.agreesWithUntold(a, last)) continue;
			// A Callbell login or logout beside a drain that is sending the agent's older queued change: that
			// change lands as if it had just before the event (a session event never writes Callbell, and
			// one cannot take back a change being sent), which leaves what it would have left then.
			if (o.t === 'both' && ((o.a.t === 'session' && o.b.t === 'drain') || (o.a.t === 'drain' && o.b.t === 'session'))) continue;
			expect({ agent: a, after: o.t, sent: last }).toEqual({ agent: a, after: o.t, sent: want });
		}
		for (const a of AGENTS) {
			const queued = await this.queuedCallbell(a);
			if (runsJobs(o) && queued.some((body) => this.restoredPrior(a, body))) this.restoreQueued.add(a);
			else if (queued.length === 0) this.restoreQueued.delete(a);
		}
		if (o.t === 'botReplay' || o.t === 'cbReplay') {
			expect(sent).toEqual([]);
			expect(this.snapshot()).toEqual(before);
		}
	}

	/** Everything in flight arrives; nothing is left pending. */
	async settle(): Promise<void> {
		this.w.cbFaults.length = 0;
		for (let round = 0; round < 20; round++) {
			while (this.w.rcEvents.length) await this.step({ t: 'rcEvent', pick: 0, inst: round % 2 });
			while (this.w.cbEvents.length) await this.step({ t: 'cbEvent', pick: 0, inst: round % 2 });
			this.tick(60_000);
			await this.step({ t: 'drain', inst: 0 });
			if (!this.w.rcEvents.length && !this.w.cbEvents.length) return;
		}
		throw new Error('the systems never settled: events keep coming (a loop)');
	}
}

/** Whether a step runs the restore jobs (also as one of two things at once). */
const runsJobs = (o: Op): boolean => o.t === 'jobs' || (o.t === 'both' && (runsJobs(o.a) || runsJobs(o.b)));

/** Whether a step runs a drain (also as one of two things at once). */
const drains = (o: Op): boolean => o.t === 'drain' || (o.t === 'both' && (drains(o.a) || drains(o.b)));

/** The timed `/st` changes of a step (also one of two things at once). */
const timedCommands = (o: Op): Array<Extract<Op, { t: 'cmd' }>> => (o.t === 'cmd' && o.timedMin ? [o] : o.t === 'both' ? [...timedCommands(o.a), ...timedCommands(o.b)] : []);

const changesCallbell = (o: Op, a: Agent): boolean => (o.t === 'cb' && o.agent === a) || (o.t === 'both' && (changesCallbell(o.a, a) || changesCallbell(o.b, a)));

async function check(ops: Op[], last: { agent: Agent; presence: (typeof PRESENCES)[number]; text: (typeof TEXTS)[number] }, skewMs: number): Promise<void> {
	const run = new Run();
	run.w.cbSkewMs = skewMs;
	for (const a of AGENTS) await run.step({ t: 'cmd', agent: a, presence: 'online', text: 'Lunch', inst: 0 }); // warms the Callbell custom-status cache
	for (const o of ops) await run.step(o);
	await run.settle();
	await run.step({ t: 'cmd', agent: last.agent, presence: last.presence, text: last.text, inst: 1 });
	await run.settle();
	const u = run.user(last.agent);
	expect({ status: u.status, text: u.statusText }).toEqual({ status: last.presence, text: last.text });
	expect(run.callbellOf(last.agent)).toEqual(run.expectedCallbell(last.agent));
	// settled means settled: replaying every Callbell event ever delivered changes nothing
	const writes = run.w.cbWrites.length;
	const before = run.snapshot();
	for (const e of [...run.delivered]) await run.webhook(0, e);
	expect(run.w.cbWrites.length).toBe(writes);
	expect(run.snapshot()).toEqual(before);
}

const RUNS = Number(process.env.MODEL_RUNS ?? 40);
/**
 * CI replays one fixed search (a red CI is then always a regression, never a new corner found by
 * chance); `MODEL_SEED=random MODEL_RUNS=2000` searches anew, `MODEL_SEED=<n>` replays a search.
 */
const searchSeed = () => (process.env.MODEL_SEED === 'random' ? {} : { seed: Number(process.env.MODEL_SEED ?? 20261130) });
const lastChange = fc.record({ agent, presence, text: fc.constantFrom(...TEXTS) });

/**
 * Counter-examples the search found, kept as fixed cases (shrunk; each failed before its fix):
 * what broke, then the sequence.
 */
const REGRESSIONS: Array<[string, Op[], { agent: Agent; presence: (typeof PRESENCES)[number]; text: (typeof TEXTS)[number] }, number]> = [
	[
		'a Callbell-set state outside the mapping, then a timed change: its restore puts exactly that state back (the model took it for stale)',
		[{ t: 'cmd', agent: 'bob', presence: 'online', text: '', inst: 0 }, { t: 'cb', agent: 'bob', available: true, custom: 'cs-lunch' }, { t: 'cbEvent', pick: 15, inst: 0 }, { t: 'cmd', agent: 'bob', presence: 'offline', text: '', inst: 0, timedMin: 1 }, { t: 'jobs', inst: 0 }],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a menu change not yet mirrored, then a timed change: the restore pushed the old Callbell state under the newer Rocket.Chat one',
		[{ t: 'menu', agent: 'alice', presence: 'away' }, { t: 'cmd', agent: 'alice', presence: 'offline', text: '', inst: 0, timedMin: 1 }, { t: 'jobs', inst: 0 }],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'Callbell\'s clock 1.5 s behind: a Callbell change read as older than the app\'s last write was dropped, and Callbell kept it while Rocket.Chat did not',
		[{ t: 'bot', agent: 'alice', presence: 'offline', inst: 0 }, { t: 'cb', agent: 'alice', available: true, custom: null }],
		{ agent: 'alice', presence: 'offline', text: '' },
		-1500,
	],
	[
		'the echo expected for a text-only write (Rocket.Chat sends none) swallowed the agent\'s own later change back to that state',
		[
			{ t: 'both', a: { t: 'fault', kind: 500 }, b: { t: 'cb', agent: 'alice', available: false, custom: null } },
			{ t: 'cmd', agent: 'bob', presence: 'away', text: 'Lunch', inst: 0 },
			{ t: 'both', a: { t: 'menu', agent: 'bob', presence: 'online' }, b: { t: 'cbEvent', pick: 0, inst: 0 } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'two Callbell changes of one agent stamped with the same time: the second was taken for a replay of the first and never applied',
		[{ t: 'both', a: { t: 'cb', agent: 'alice', available: false, custom: null }, b: { t: 'cb', agent: 'alice', available: false, custom: 'cs-vacation' } }],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'two instances changing one agent at the same moment: each compared with the ledger as it was before the other, and Callbell kept a change Rocket.Chat no longer showed',
		[
			{ t: 'cmd', agent: 'bob', presence: 'online', text: '', inst: 0 },
			{ t: 'both', a: { t: 'cmd', agent: 'bob', presence: 'online', text: 'Lunch', inst: 1 }, b: { t: 'bot', agent: 'bob', presence: 'online', inst: 0 } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'the same, with availability alone: Callbell went available and back within one timestamp, the app kept the first',
		[{ t: 'both', a: { t: 'cb', agent: 'alice', available: true, custom: null }, b: { t: 'cb', agent: 'alice', available: false, custom: null } }],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a Callbell login while the app\'s write of a custom status was still on its way: the login (availability only) withdrew it and the ledger kept the old status',
		[{ t: 'fault', kind: 'timeout_after_applied' }, { t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0 }, { t: 'session', agent: 'alice', out: false, inst: 0 }],
		{ agent: 'alice', presence: 'online', text: 'Lunch' },
		0,
	],
	[
		'a Callbell change stamped as a login arrived, delivered after it: dropped as older, and the ledger never learnt what Callbell had',
		[{ t: 'both', a: { t: 'session', agent: 'bob', out: false, inst: 0 }, b: { t: 'cb', agent: 'bob', available: false, custom: null } }],
		{ agent: 'bob', presence: 'online', text: '' },
		0,
	],
	[
		'a change of the app\'s still queued for Callbell when a Callbell login set Rocket.Chat online: it was sent afterwards, an older state written over a newer one',
		[
			{ t: 'fault', kind: 500 },
			{ t: 'cmd', agent: 'bob', presence: 'offline', text: '', inst: 0 },
			{ t: 'session', agent: 'bob', out: false, inst: 0 },
			{ t: 'drain', inst: 0 },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a change of the app\'s that timed out after Callbell applied it waited for a retry when a timer restored what Callbell showed before it: the wait was taken back and the ledger kept the old status, though Callbell had the new one (seed -1912397026)',
		[
			{ t: 'cmd', agent: 'bob', presence: 'online', text: '', inst: 0, timedMin: 1 },
			{ t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0, timedMin: 1 },
			{ t: 'fault', kind: 'timeout_after_applied' },
			{ t: 'both', a: { t: 'cbEvent', pick: 0, inst: 0 }, b: { t: 'jobs', inst: 0 } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a change queued during a Callbell outage was delivered by a drain after the agent changed status in Rocket.Chat\'s menu, before that change\'s event reached the app: the app could not know it; the event corrects Callbell (seed -408769463)',
		[
			{ t: 'fault', kind: 500 },
			{ t: 'menu', agent: 'bob', presence: 'offline' },
			{ t: 'rcEvent', pick: 0, inst: 0 },
			{ t: 'both', a: { t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0 }, b: { t: 'menu', agent: 'bob', presence: 'online' } },
			{ t: 'drain', inst: 0 },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a repair of Callbell\'s custom status timed out after Callbell applied it and waited for a retry; the next change (availability only, as far as the ledger knew) replaced it, and Callbell kept the custom status it had taken (seed -177995419)',
		[
			{ t: 'both', a: { t: 'restart', inst: 0 }, b: { t: 'cb', agent: 'alice', available: true, custom: null } },
			{ t: 'fault', kind: 'timeout_after_applied' },
			{ t: 'cmd', agent: 'alice', presence: 'online', text: 'Lunch', inst: 0, timedMin: 1 },
			{ t: 'both', a: { t: 'bot', agent: 'alice', presence: 'offline', inst: 0 }, b: { t: 'cbEvent', pick: 17, inst: 0 } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'an agent logged out of Callbell, then Callbell was changed directly with its event still on its way when a timed /st began: the restore put back the Callbell state the app knew; the late event leaves both agreeing (seed 1817470085)',
		[
			{ t: 'both', a: { t: 'restart', inst: 0 }, b: { t: 'session', agent: 'alice', out: true, inst: 0 } },
			{ t: 'cb', agent: 'alice', available: false, custom: null },
			{ t: 'both', a: { t: 'botReplay', pick: 0, inst: 0 }, b: { t: 'cmd', agent: 'alice', presence: 'busy', text: '', inst: 0, timedMin: 1 } },
			{ t: 'jobs', inst: 0 },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'a direct Callbell change still untold, then a Callbell login (which tells the availability alone), then a timed /st: the restore put back what the app knew field by field — the login\'s availability, the custom status it had set (seed 522243668)',
		[
			{ t: 'cb', agent: 'alice', available: false, custom: null },
			{ t: 'session', agent: 'alice', out: false, inst: 0 },
			{ t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0, timedMin: 1 },
			{ t: 'jobs', inst: 0 },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'two Callbell changes of one agent stamped with the same time arrived in the other order: the app took the older last, its ledger named a custom status Callbell no longer had, and a later /st sent only the availability (seed -904173099); a tie now sends what Rocket.Chat shows for every field either state differs in',
		[
			{ t: 'both', a: { t: 'cb', agent: 'alice', available: false, custom: 'cs-lunch' }, b: { t: 'cb', agent: 'alice', available: false, custom: null } },
			{ t: 'cbEvent', pick: 15, inst: 0 },
		],
		{ agent: 'alice', presence: 'online', text: 'Lunch' },
		0,
	],
	[
		'two writes of the app in one second (Callbell stamps whole units) and a Callbell login before their echoes: the first echo, old news, taught the ledger its state; the second, with the same time, was dropped, so the ledger kept the first write while Callbell had the second, and the next /st sent nothing (seed -703679354); a tie in old news now leaves the fields they differ in unknown',
		[
			{ t: 'both', a: { t: 'cmd', agent: 'bob', presence: 'busy', text: '', inst: 0 }, b: { t: 'bot', agent: 'bob', presence: 'online', inst: 0 } },
			{ t: 'both', a: { t: 'session', agent: 'bob', out: false, inst: 0 }, b: { t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0 } },
		],
		{ agent: 'bob', presence: 'away', text: '' },
		0,
	],
	[
		'a change queued during a Callbell outage, then a new change while a drain took the queued one: the new change was worked out against what Callbell had confirmed, as if the queued one would never be sent, and Callbell kept the queued one\'s custom status (seed -2004654343, present since before stop 24); a change made while one waits now sends every field either state differs in',
		[
			{ t: 'fault', kind: 500 },
			{ t: 'cmd', agent: 'alice', presence: 'online', text: '', inst: 0 },
			{ t: 'both', a: { t: 'drain', inst: 0 }, b: { t: 'cmd', agent: 'alice', presence: 'offline', text: 'Lunch', inst: 0 } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
	[
		'two writes of the app in one second, of the custom status this time, and a login before their echoes: the old news taught the ledger one, the other was kept as possible only for availability, and the next /st left Callbell\'s custom status as it was (seed 1532382390); the ledger now keeps the other state as possible, whole',
		[
			{ t: 'both', a: { t: 'cmd', agent: 'bob', presence: 'online', text: '', inst: 0 }, b: { t: 'cmd', agent: 'bob', presence: 'online', text: 'In a meeting', inst: 0 } },
			{ t: 'session', agent: 'bob', out: false, inst: 0 },
		],
		{ agent: 'bob', presence: 'online', text: '' },
		0,
	],
	[
		'the model\'s check, not the app: a timed status\'s restore found Callbell answering 500, so its write (the state Callbell had before, available while Rocket.Chat showed offline after a Callbell logout) waited in the queue, and a later drain delivered it; the check took that restore for a stale write, as it accepted restores only in the step that ran the job (seed -966569938)',
		[
			{ t: 'session', agent: 'alice', out: true, inst: 0 },
			{ t: 'cmd', agent: 'alice', presence: 'offline', text: '', inst: 0, timedMin: 1 },
			{ t: 'fault', kind: 500 },
			{ t: 'both', a: { t: 'cbEvent', pick: 2, inst: 0 }, b: { t: 'restart', inst: 0 } },
			{ t: 'both', a: { t: 'jobs', inst: 0 }, b: { t: 'menu', agent: 'alice', presence: 'online' } },
		],
		{ agent: 'alice', presence: 'online', text: '' },
		0,
	],
];

describe('status sync, model-based', () => {
	// Only Date is faked: the model's clock is the app's clock; everything asynchronous runs for real.
	beforeAll(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] }));
	afterAll(() => jest.useRealTimers());

	it.each(REGRESSIONS)('regression: %s', async (_why, ops, last, skew) => {
		await check(ops, last, skew);
	});


	it('holds for generated sequences of changes, events, replays, faults and two instances', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { maxLength: 30 }), lastChange, fc.constantFrom(0, -1500), (ops, last, skew) => check(ops, last, skew)),
			{ numRuns: RUNS, ...searchSeed() },
		);
	}, Math.max(60_000, RUNS * 500));
});
