import fc from 'fast-check';
import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { type Outcome, Outbox } from '../../../src/delivery/outbox';
import type { Operation } from '../../../src/delivery/operation';
import { SerialLock } from '../../../src/delivery/runtime';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { searchParams, searchTimeoutMs } from '../fakes/model-search';
import { type Fault, VendorModel } from './vendor-model';

/**
 * Model-based search for counter-examples to the outbox's promises. fast-check generates programs of
 * submits (also two at once, on two server instances sharing one store), drains (also concurrent, and
 * racing submits), vendor faults (refused, 500, 429, timeouts and resets before and after the vendor
 * applied, a sender that dies mid-call) and clock jumps, with every persistence round trip a possible
 * interleaving point. After the program the vendor recovers and time passes; then:
 *   - a lead note (unsafe to repeat) was applied at most once, and exactly once unless its asker was
 *     told the outcome is unknown (or it waits in the queue as unknown);
 *   - nothing lost: every tag, status and contact deletion reached the vendor; nothing is left live;
 *   - never stale: a lead's final status comes from an update no later update followed.
 */

const LEADS = ['L1', 'L2'];
const STATUSES = ['OPEN', 'REVIEW', 'ONHOLD', 'CLOSED'];
const LEASE_MS = 100 + 10000;

type Act =
	| { t: 'submit'; inst: number; lead: string; status?: string; tag?: string; note: boolean }
	| { t: 'contacts'; inst: number; id: string }
	| { t: 'drain'; inst: number }
	| { t: 'fault'; faults: Fault[] }
	| { t: 'advance'; ms: number }
	| { t: 'both'; a: Act; b: Act };

const single = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ t: fc.constant('submit' as const), inst: fc.nat(1), lead: fc.constantFrom(...LEADS), status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }), tag: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), note: fc.boolean() }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('contacts' as const), inst: fc.nat(1), id: fc.constantFrom('c1', 'c2', 'c3') }) },
	{ weight: 3, arbitrary: fc.record({ t: fc.constant('drain' as const), inst: fc.nat(1) }) },
	{ weight: 3, arbitrary: fc.record({ t: fc.constant('fault' as const), faults: fc.array(fc.constantFrom<Fault>('refused', '500', '429', 'timeout-before', 'timeout-after', 'reset-before', 'reset-after', 'crash-before', 'crash-after'), { minLength: 1, maxLength: 3 }) }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(50, 1000, 5000, LEASE_MS + 1) }) },
);
const act: fc.Arbitrary<Act> = fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: fc.record({ t: fc.constant('both' as const), a: single, b: single }) });

interface Accepted {
	lead: string;
	status?: string;
	tag?: string;
	note?: string;
	start: number;
	end: number;
	outcome?: Outcome;
}

/** A seeded source of interleavings: each persistence or vendor call yields 0–3 turns of the event loop. */
function pauses(seed: number): () => Promise<void> {
	let s = seed >>> 0;
	const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) % 4);
	return async () => {
		for (let i = rand(); i > 0; i--) await new Promise<void>((r) => (i % 2 ? setImmediate(r) : queueMicrotask(r)));
	};
}

async function runProgram(acts: Act[], seed: number): Promise<void> {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const pause = pauses(seed);
	const store = new MemoryStore(pause);
	const vendor = new VendorModel(pause);
	const jobs: Array<{ id: string; when: number }> = [];
	const locks = [new SerialLock(), new SerialLock()];
	const notices: Array<{ id: string; state: Outcome['state'] }> = [];
	const accepted: Accepted[] = [];
	const contactIds = new Set<string>();
	let seq = 0;
	let notes = 0;
	let crashed = false;
	vendor.onCrash = () => void (crashed = true);
	const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
	const outbox = (inst: number) =>
		new Outbox(ctx, { read: store.read(), persis: store.writer(), http: {} as IHttp, modify: recordingModify(jobs) }, {
			clock,
			lock: locks[inst],
			transport: vendor,
			notify: async (told) => void notices.push(...told.map(({ asker, outcome }) => ({ id: asker.id, state: outcome.state }))),
		});

	const run = async (a: Act): Promise<void> => {
		switch (a.t) {
			case 'submit': {
				const rec: Accepted = { lead: a.lead, start: seq++, end: Infinity, ...(a.status ? { status: a.status } : {}), ...(a.tag ? { tag: a.tag } : {}), ...(a.note ? { note: `n${notes++}` } : {}) };
				accepted.push(rec);
				const update = { uuid: a.lead, ...(rec.status ? { status: rec.status as 'OPEN' } : {}), ...(rec.tag ? { tags: [rec.tag] } : {}), ...(rec.note ? { notes: [{ title: 't', description: rec.note }] } : {}) };
				if (!rec.status && !rec.tag && !rec.note) update.tags = [(rec.tag = 'a')];
				const op: Operation = { kind: 'lead.update', update };
				rec.outcome = await outbox(a.inst).submit(op, { userId: 'u', username: 'u' }, a.lead, `lead:${a.lead}`);
				rec.end = seq++;
				return;
			}
			case 'contacts':
				contactIds.add(a.id);
				await outbox(a.inst).submit({ kind: 'contacts.delete', ids: [a.id] }, { userId: 'u', username: 'u' }, a.id);
				return;
			case 'drain':
				await outbox(a.inst).drain();
				return;
			case 'fault':
				vendor.faults.push(...a.faults);
				return;
			case 'advance':
				now += a.ms;
				return;
			case 'both':
				await Promise.all([run(a.a), run(a.b)]);
		}
	};

	for (const a of acts) {
		crashed = false;
		// A sender that died never answers: wait for the rest of the step, then go on without it.
		const step = run(a);
		let done = false;
		void step.then(() => void (done = true));
		for (let turns = 0; !done && turns < 2000; turns++) {
			await new Promise<void>((r) => setImmediate(r));
			if (crashed && turns > 200) break;
		}
		if (!done && !crashed) throw new Error(`step ${JSON.stringify(a)} never finished without a crash`);
	}

	// The vendor recovers, time passes, the recurring sweep runs until nothing is live.
	vendor.faults.length = 0;
	for (let round = 0; round < 30; round++) {
		now += LEASE_MS + 1;
		await outbox(round % 2).drain();
		const { items } = await outbox(0).list();
		if (!items.some((i) => i.state === 'pending' || i.state === 'sending')) break;
	}
	const { items, unreadable } = await outbox(0).list();
	expect(unreadable).toEqual([]);
	expect(items.filter((i) => i.state === 'pending' || i.state === 'sending')).toEqual([]);
	expect(items.filter((i) => i.state === 'failed')).toEqual([]);

	// Applied once where repeating is unsafe.
	for (const rec of accepted.filter((r) => r.note)) {
		const times = [...vendor.leads.values()].flatMap((l) => l.notes).filter((n) => n === rec.note).length;
		expect(times).toBeLessThanOrEqual(1);
		if (times === 0) {
			const waiting = items.some((i) => i.state === 'unknown' && i.op.kind === 'lead.update' && i.op.update.notes?.some((n) => n.description === rec.note));
			const told = rec.outcome?.state === 'unknown' || notices.some((n) => n.state === 'unknown');
			expect({ note: rec.note, reportedUnknown: waiting && told }).toEqual({ note: rec.note, reportedUnknown: true });
		}
		if (rec.outcome?.state === 'done') expect(times).toBe(1);
	}
	// Nothing lost.
	for (const lead of LEADS) {
		const ofLead = accepted.filter((r) => r.lead === lead);
		const tags = new Set(ofLead.flatMap((r) => (r.tag ? [r.tag] : [])));
		expect([...(vendor.leads.get(lead)?.tags ?? [])].sort()).toEqual([...tags].sort());
		// Never stale: the final status is one no later update (in happens-before order) overtook.
		const withStatus = ofLead.filter((r) => r.status);
		const maximal = withStatus.filter((u) => !withStatus.some((v) => u.end < v.start));
		const final = vendor.leads.get(lead)?.status;
		if (withStatus.length === 0) expect(final).toBeUndefined();
		else expect({ final, log: maximal.map((m) => m.status).includes(final) ? [] : [...vendor.log, JSON.stringify(accepted)] }).toEqual({ final: expect.anything(), log: [] });
	}
	for (const id of contactIds) expect(vendor.contacts.get(id) ?? 0).toBeGreaterThanOrEqual(1);
}

/** Counter-examples the search found, kept as fixed cases (program, interleaving seed) with what each taught. */
const FOUND: Array<[string, Act[], number]> = [
	[
		// Two updates of one lead in the same millisecond were ordered by their random ids: an older status won.
		'same-millisecond submits keep their order',
		[{ t: 'fault', faults: ['500', 'reset-before', 'refused'] }, { t: 'fault', faults: ['reset-after', 'reset-before'] }, { t: 'advance', ms: 10101 }, { t: 'advance', ms: 10101 }, { t: 'fault', faults: ['reset-before', 'crash-after'] }, { t: 'drain', inst: 1 }, { t: 'both', a: { t: 'drain', inst: 1 }, b: { t: 'fault', faults: ['timeout-before', 'crash-before', 'timeout-after'] } }, { t: 'both', a: { t: 'submit', inst: 0, lead: 'L2', status: 'REVIEW', tag: 'a', note: true }, b: { t: 'contacts', inst: 0, id: 'c3' } }, { t: 'both', a: { t: 'fault', faults: ['reset-after'] }, b: { t: 'fault', faults: ['timeout-after', 'timeout-after'] } }, { t: 'drain', inst: 1 }, { t: 'fault', faults: ['reset-after', 'reset-after', 'timeout-after'] }, { t: 'submit', inst: 1, lead: 'L2', status: 'CLOSED', tag: 'c', note: false }],
		77728497,
	],
	[
		// A submit that could not take the key's claim (a dead sender held it) skipped reading what was ahead, so it was not ordered after it.
		'a queued submit is ordered after what it saw, claim or not',
		[{ t: 'drain', inst: 1 }, { t: 'advance', ms: 50 }, { t: 'contacts', inst: 0, id: 'c2' }, { t: 'submit', inst: 1, lead: 'L2', status: 'OPEN', tag: 'a', note: false }, { t: 'both', a: { t: 'submit', inst: 1, lead: 'L1', status: 'CLOSED', note: true }, b: { t: 'advance', ms: 5000 } }, { t: 'advance', ms: 50 }, { t: 'both', a: { t: 'fault', faults: ['crash-after', 'reset-after', 'timeout-before'] }, b: { t: 'submit', inst: 0, lead: 'L1', status: 'OPEN', tag: 'a', note: true } }, { t: 'both', a: { t: 'contacts', inst: 1, id: 'c1' }, b: { t: 'submit', inst: 1, lead: 'L1', status: 'OPEN', tag: 'c', note: false } }, { t: 'fault', faults: ['reset-before', 'timeout-after', '429'] }, { t: 'submit', inst: 0, lead: 'L1', status: 'REVIEW', tag: 'b', note: false }, { t: 'submit', inst: 0, lead: 'L1', status: 'CLOSED', note: true }, { t: 'contacts', inst: 0, id: 'c1' }],
		1654713270,
	],
	[
		// The unknown part of an item got a fixed id, so a second unknown outcome of the same item overwrote the first: a note vanished unreported.
		'every unknown part is kept',
		[{ t: 'advance', ms: 1000 }, { t: 'fault', faults: ['timeout-before', 'reset-after'] }, { t: 'submit', inst: 1, lead: 'L2', status: 'OPEN', tag: 'a', note: true }, { t: 'fault', faults: ['reset-before', 'timeout-after', 'refused'] }, { t: 'drain', inst: 1 }, { t: 'both', a: { t: 'fault', faults: ['500'] }, b: { t: 'advance', ms: 1000 } }, { t: 'advance', ms: 1000 }, { t: 'both', a: { t: 'contacts', inst: 1, id: 'c3' }, b: { t: 'submit', inst: 0, lead: 'L2', status: 'ONHOLD', note: true } }, { t: 'drain', inst: 1 }],
		-275233633,
	],
];

describe('outbox model: applied once, never lost, never stale — under faults, restarts and two instances', () => {
	it.each(FOUND)('found and fixed: %s', async (_name, program, seed) => runProgram(program, seed));

	it(
		'holds for generated programs',
		async () => {
			await fc.assert(
				fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 25 }), fc.integer(), async (acts, seed) => runProgram(acts, seed)),
				searchParams(150, 20261130),
			);
		},
		searchTimeoutMs(150),
	);
});
