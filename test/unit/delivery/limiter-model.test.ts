import fc from 'fast-check';
import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Limiter } from '../../../src/delivery/limiter';
import type { RateLimit, RetryPolicy } from '../../../src/delivery/policy';
import type { OutboxItem } from '../../../src/delivery/item';
import { SerialLock } from '../../../src/delivery/runtime';
import { Sender } from '../../../src/delivery/sender';
import type { Transport } from '../../../src/delivery/transport';
import { KeyValueStore } from '../../../src/store/kv';
import { fail, ok, type VendorResult } from '../../../src/vendors/errors';
import { MemoryStore } from '../fakes/memory-store';
import { searchParams, searchTimeoutMs } from '../fakes/model-search';

/**
 * Model-based search for a window in which the vendor counts more requests than its limit. Two server
 * instances share one store; fast-check generates programs of sends (several at once, on either
 * instance), clock advances, and crashes (an instance dies wherever it is — between two persistence
 * calls, or while its request is on the way — and a fresh one takes its place on the same store).
 * Each request reaches the vendor after its own latency: at once, just before the HTTP timeout, after
 * the timeout (the sender gave up, the vendor still counts it), or never. The vendor counts each
 * request when it arrives, as BotPenguin's limiter does; the property: no `windowMs` ever holds more
 * than `limit` of them. Every persistence round trip is a possible interleaving point. A send goes
 * either from a call of its own (its answer written at once) or from the instance's drain, whose
 * answers travel with its next slot until the drain ends (`flush`).
 */

const LIMIT: RateLimit = { limit: 3, windowMs: 1000 };
const TIMEOUT_MS = 100;
/** Arrival delays: at once, quick, just inside the timeout, past it (counted though the sender gave up), late, never. */
const LATENCIES = [0, 5, 60, TIMEOUT_MS - 1, TIMEOUT_MS + 40, 700, 3000, Infinity];

type Act = { t: 'send'; inst: number; latencies: number[]; turns: number; drain?: boolean } | { t: 'advance'; ms: number } | { t: 'crash'; inst: number } | { t: 'flush'; inst: number };

const act: fc.Arbitrary<Act> = fc.oneof(
	{ weight: 5, arbitrary: fc.record({ t: fc.constant('send' as const), inst: fc.nat(1), latencies: fc.array(fc.constantFrom(...LATENCIES), { minLength: 1, maxLength: 4 }), turns: fc.nat(12), drain: fc.boolean() }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('flush' as const), inst: fc.nat(1) }) },
	{ weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.constantFrom(1, 20, 90, 300, 600, 1000, 5000) }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('crash' as const), inst: fc.nat(1) }) },
);

/** A seeded source of interleavings: each persistence call yields 0–3 turns of the event loop. */
function pauses(seed: number): () => Promise<void> {
	let s = seed >>> 0;
	const rand = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) % 4);
	return async () => {
		for (let i = rand(); i > 0; i--) await new Promise<void>((r) => setImmediate(r));
	};
}

const turn = () => new Promise<void>((r) => setImmediate(r));
const never = <T>() => new Promise<T>(() => undefined);

/** One app runtime: its lock and a "still alive" switch. Whatever it awaits after it died never resumes. */
interface Instance {
	name: string;
	alive: boolean;
	lock: SerialLock;
	/** Its drain's sender (answers held), made on its first drain send. */
	drain?: Sender;
}

/** Every method of `target` goes through `gate`: nothing the dead instance started comes back to it. */
function gated<T extends object>(target: T, inst: Instance): T {
	return new Proxy(target, {
		get(t, key) {
			const value = Reflect.get(t, key) as unknown;
			if (typeof value !== 'function') return value;
			return async (...args: unknown[]) => {
				if (!inst.alive) return never();
				const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
				return inst.alive ? result : never();
			};
		},
	});
}

interface Request {
	sentAt: number;
	arrival: number;
	answered: boolean;
	resolve: (r: VendorResult<unknown>) => void;
}

async function runProgram(acts: Act[], seed: number): Promise<void> {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const store = new MemoryStore(pauses(seed));
	/** When the vendor counted each request that reached it. */
	const counted: number[] = [];
	const requests: Request[] = [];
	const log: string[] = [];
	const instances: Instance[] = [0, 1].map((i) => ({ name: `#${i}`, alive: true, lock: new SerialLock() }));
	/** Each attempt's operation and the latency its request will have. */
	const latencyOf = new WeakMap<object, number>();

	const vendor = (inst: Instance): Transport => ({
		send: (op) => {
			const latency = latencyOf.get(op) ?? 0;
			const request: Request = { sentAt: now, arrival: now + latency, answered: false, resolve: () => undefined };
			requests.push(request);
			log.push(`${now}: sent by ${inst.name}, arrives ${request.arrival}`);
			return new Promise<VendorResult<unknown>>((resolve) => (request.resolve = (r) => (inst.alive ? resolve(r) : undefined)));
		},
		credential: async () => 'token',
		limit: async () => LIMIT,
		retryPolicy: async (): Promise<RetryPolicy> => ({ baseDelayMs: 10, maxDelayMs: 100, maxAgeMs: 1e12 }),
		timeoutMs: async () => TIMEOUT_MS,
	});
	const sender = (inst: Instance) =>
		new Sender(vendor(inst), new Limiter(new KeyValueStore(gated(store.reader(), inst) as IPersistenceRead, gated(store.writer(), inst) as IPersistence), inst.lock, clock), clock);
	let items = 0;
	const item = (): OutboxItem => ({ id: `ob${items++}`, userId: 'u', username: 'u', label: 'L', announce: false, op: { kind: 'lead.update', update: { uuid: 'L1', status: 'CLOSED' } }, state: 'sending', attempts: 1, createdAt: now, updatedAt: now, nextAttemptAt: now, order: now });

	/** Moves the clock to each arrival and timeout on the way to `to`, letting the app react at that very moment. */
	const advanceTo = async (to: number) => {
		for (;;) {
			const due = requests
				.filter((r) => !r.answered)
				.map((r) => ({ r, at: r.arrival - r.sentAt <= TIMEOUT_MS ? r.arrival : r.sentAt + TIMEOUT_MS }))
				.filter((e) => e.at <= to)
				.sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			now = Math.max(now, due.at);
			due.r.answered = true;
			due.r.resolve(due.r.arrival - due.r.sentAt <= TIMEOUT_MS ? ok({}, 200) : fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'timeout', sent: 'unknown', message: 'no answer' }));
			for (let i = 0; i < 40; i++) await turn();
		}
		now = Math.max(now, to);
	};

	const inFlight: Array<Promise<unknown>> = [];
	for (const a of acts) {
		switch (a.t) {
			case 'send': {
				const inst = instances[a.inst];
				for (const latency of a.latencies) {
					const it = item();
					latencyOf.set(it.op, latency);
					if (a.drain && !inst.drain) (inst.drain = sender(inst)).holdAnswers();
					inFlight.push((a.drain ? inst.drain! : sender(inst)).attempt(it));
				}
				for (let i = 0; i < a.turns; i++) await turn();
				break;
			}
			case 'advance':
				await advanceTo(now + a.ms);
				break;
			case 'flush': {
				// the drain ends (its answers written); the next drain send starts another
				const drain = instances[a.inst].drain;
				instances[a.inst].drain = undefined;
				if (drain) inFlight.push(drain.flushAnswers());
				for (let i = 0; i < 12; i++) await turn();
				break;
			}
			case 'crash':
				instances[a.inst].alive = false;
				log.push(`${now}: ${instances[a.inst].name} crashed`);
				instances[a.inst] = { name: `${instances[a.inst].name}'`, alive: true, lock: new SerialLock() };
				break;
		}
	}
	// Let everything that is still alive finish, then every request that is on its way arrive.
	for (let i = 0; i < 200; i++) await turn();
	await advanceTo(now + 60_000);
	void inFlight;

	for (const r of requests) if (Number.isFinite(r.arrival)) counted.push(r.arrival);
	counted.sort((x, y) => x - y);
	// The vendor refuses a request when `limit` others arrived within the `windowMs` before it.
	const over = counted.findIndex((t, i) => i >= LIMIT.limit && t - counted[i - LIMIT.limit] < LIMIT.windowMs);
	expect({ over: over < 0 ? null : counted.slice(over - LIMIT.limit, over + 1), log: over < 0 ? [] : log }).toEqual({ over: null, log: [] });
}

/**
 * Counter-examples against the limiter as it was (one log record per window, read-modify-written under
 * the instance's lock, a slot re-stamped when the send returned): the first two are the search's own,
 * shrunk; the next two are the restart and a timeout, written as programs. Each fails that
 * limiter. The last one the search found against the slot records themselves, before a sender checked
 * that its slot's lease still covers its request.
 */
const FOUND: Array<[string, Act[], number]> = [
	[
		// Both instances read the log, both wrote it back with their own slots: one instance's slots were lost.
		'two instances taking slots at once do not overwrite each other',
		[{ t: 'send', inst: 1, latencies: [0, 0], turns: 0 }, { t: 'send', inst: 0, latencies: [0, 0], turns: 0 }, { t: 'advance', ms: 1 }],
		0,
	],
	[
		// Slots taken at one moment whose requests left 5 s later (the runtime stalled in between): the
		// slots had aged out by then, so two more were taken beside them, and all four arrived together.
		'a slot counts while its request is on its way, however late it leaves',
		[{ t: 'send', inst: 0, latencies: [0], turns: 0 }, { t: 'send', inst: 0, latencies: [0], turns: 1 }, { t: 'advance', ms: 5000 }, { t: 'send', inst: 0, latencies: [0, 0], turns: 0 }],
		-155102391,
	],
	[
		// A crash while three requests were on their way (arriving 60 ms later): their slots aged out from
		// when they were taken, while the vendor counts them from when they arrived.
		'slots in flight when an instance dies are held through their lease',
		[{ t: 'send', inst: 0, latencies: [60, 60, 60], turns: 40 }, { t: 'crash', inst: 0 }, { t: 'advance', ms: 1010 }, { t: 'send', inst: 0, latencies: [0, 0, 0], turns: 40 }, { t: 'advance', ms: 1 }],
		1,
	],
	[
		// The sender gave up at its timeout and re-stamped the slot then; the requests arrived later.
		'a request that timed out may still be counted later: its slot is held through its lease',
		[{ t: 'send', inst: 0, latencies: [700, 700, 700], turns: 40 }, { t: 'advance', ms: 1110 }, { t: 'send', inst: 0, latencies: [0, 0, 0], turns: 40 }, { t: 'advance', ms: 1 }],
		2,
	],
	[
		// Found after slot records (a search of 5000): two slots taken, then the runtime stalled 11 s
		// before sending, past their lease; the slots had aged out and were taken again beside them.
		'a sender too late to keep its slot\'s lease does not send',
		[{ t: 'advance', ms: 300 }, { t: 'send', inst: 0, latencies: [700, 140], turns: 2 }, { t: 'advance', ms: 5000 }, { t: 'advance', ms: 90 }, { t: 'advance', ms: 20 }, { t: 'send', inst: 0, latencies: [700, 140, 0, 700], turns: 0 }, { t: 'advance', ms: 5000 }, { t: 'advance', ms: 1000 }],
		-399843391,
	],
];

describe('limiter model: the vendor never counts more than its limit in a window — across restarts and two instances', () => {
	it.each(FOUND)('found and fixed: %s', async (_name, program, seed) => runProgram(program, seed));

	it(
		'holds for generated programs',
		async () => {
			await fc.assert(
				fc.asyncProperty(fc.array(act, { minLength: 1, maxLength: 30 }), fc.integer(), async (acts, seed) => runProgram(acts, seed)),
				searchParams(150, 20261207),
			);
		},
		searchTimeoutMs(150),
	);
});
