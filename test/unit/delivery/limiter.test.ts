import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { Limiter, type Slot } from '../../../src/delivery/limiter';
import { tokenTag } from '../../../src/delivery/policy';
import { SerialLock } from '../../../src/delivery/runtime';
import { KeyValueStore } from '../../../src/store/kv';
import { MemoryStore } from '../fakes/memory-store';

/**
 * The limiter over an in-memory store, step by step: what it lets through, when a refused sender may
 * come back, what a crash or a timeout leaves held, and what it costs in persistence calls. The
 * interleavings are searched in limiter-model.test.ts.
 */

const LIMIT = { limit: 3, windowMs: 1000 };
const LEASE = 10_100;
/** 1000 ms window + 10 ms guard. */
const W = 1010;

function setup() {
	let now = 1_000_000;
	const store = new MemoryStore();
	const calls: string[] = [];
	const reader = store.reader();
	const writer = store.writer();
	const counted = <T extends object>(o: T, kind: string): T =>
		new Proxy(o, { get: (t, k) => (typeof Reflect.get(t, k) === 'function' ? (...a: unknown[]) => (calls.push(`${kind}.${String(k)}`), (Reflect.get(t, k) as (...x: unknown[]) => unknown).apply(t, a)) : Reflect.get(t, k)) });
	const kv = new KeyValueStore(counted(reader, 'read'), counted(writer, 'write'));
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const instance = () => new Limiter(kv, new SerialLock(), clock);
	return { store, kv, calls, clock, instance, advance: (ms: number) => void (now += ms), at: () => now };
}

const take = async (limiter: Limiter) => limiter.acquire('botpenguin:lead', 'secret-token', LIMIT, LEASE);
const slotOf = (r: Awaited<ReturnType<typeof take>>): Slot => {
	if (!r.ok) throw new Error(`refused, wait ${r.waitMs} ms`);
	return r.slot;
};

describe('the limiter over persistence', () => {
	it('lets `limit` through per window; the next learns when the oldest answered slot frees, and gets it then', async () => {
		const t = setup();
		const limiter = t.instance();
		const slots: Slot[] = [];
		for (let i = 0; i < 3; i++) {
			slots.push(slotOf(await take(limiter)));
			t.advance(10);
			await limiter.answered(slots[i]);
		}
		// answered at +10, +20, +30; now +30
		expect(await take(limiter)).toEqual({ ok: false, waitMs: W - 20 });
		t.advance(W - 21);
		expect((await take(limiter)).ok).toBe(false);
		t.advance(1);
		expect((await take(limiter)).ok).toBe(true);
	});

	it('costs two persistence calls to take a free slot and one to mark it answered; a refusal three, and none on that instance until a slot can free', async () => {
		const t = setup();
		const limiter = t.instance();
		t.calls.length = 0;
		const slot = slotOf(await take(limiter));
		expect(t.calls).toEqual(['write.updateByAssociations', 'read.readByAssociation', 'read.readByAssociation']);
		// (the last one looked for the log an older version kept: once gone, never again on this instance)
		t.calls.length = 0;
		await limiter.answered(slot);
		expect(t.calls).toEqual(['write.updateByAssociations']);
		await take(limiter);
		t.calls.length = 0;
		slotOf(await take(limiter));
		expect(t.calls).toEqual(['write.updateByAssociations', 'read.readByAssociation']);
		// that one filled the window: this instance's next takers (a drain's other workers) learn it without a call…
		t.calls.length = 0;
		t.advance(5);
		expect(await take(limiter)).toEqual({ ok: false, waitMs: W - 5 });
		expect(t.calls).toEqual([]);
		// …another instance asks, and is refused
		const other = t.instance();
		expect((await take(other)).ok).toBe(false);
		expect(t.calls).toEqual(['write.updateByAssociations', 'read.readByAssociation', 'read.readByAssociation', 'write.removeByAssociation']);
		t.calls.length = 0;
		expect((await take(other)).ok).toBe(false);
		expect(t.calls).toEqual([]);
	});

	it('a slot whose sender died on the way is held through its lease and a window, then freed and removed', async () => {
		const t = setup();
		const dead = t.instance();
		for (let i = 0; i < 3; i++) slotOf(await take(dead)); // never answered: the instance died
		t.advance(1);
		const fresh = t.instance();
		const refused = await take(fresh);
		// an answer could still come now: the earliest a slot frees is a window from now
		expect(refused).toEqual({ ok: false, waitMs: W });
		t.advance(LEASE - 1);
		// past the lease no answer comes: they free a window after it
		expect(await take(fresh)).toEqual({ ok: false, waitMs: W });
		t.advance(W);
		expect((await take(fresh)).ok).toBe(true);
		// the dead instance's slots are gone from persistence; only the new one is left
		expect([...t.store.records.values()].filter((r) => r.assoc.some((a) => a.includes('limiter-slot:')))).toHaveLength(1);
	});

	it('a slot not marked answered (a timeout) is held through its lease, whatever the instance', async () => {
		const t = setup();
		const limiter = t.instance();
		const timedOut = slotOf(await take(limiter));
		for (let i = 0; i < 2; i++) await limiter.answered(slotOf(await take(limiter)));
		t.advance(2 * W);
		// the two answered ones aged out; the timed-out one is still held (its request may arrive until its lease ends)
		for (let i = 0; i < 2; i++) slotOf(await take(limiter));
		expect((await take(limiter)).ok).toBe(false);
		t.advance(LEASE + W - 2 * W);
		expect((await take(limiter)).ok).toBe(true);
		void timedOut;
	});

	it('two instances racing for the last slot may both back off, and then come back within moments', async () => {
		const t = setup();
		const a = t.instance();
		const b = t.instance();
		for (let i = 0; i < 2; i++) await a.answered(slotOf(await take(a)));
		// both write their slot before either lists: each sees the other's, and neither goes
		const gate = { open: () => undefined as void };
		const opened = new Promise<void>((resolve) => (gate.open = resolve));
		let writes = 0;
		t.store.pause = async () => {
			if (++writes === 2) gate.open();
			if (writes <= 2) await opened;
		};
		const [ra, rb] = await Promise.all([take(a), take(b)]);
		t.store.pause = async () => undefined;
		expect([ra.ok, rb.ok]).toEqual([false, false]);
		for (const r of [ra, rb]) if (!r.ok) expect(r.waitMs).toBeLessThan(100);
		t.advance(50);
		expect((await take(b)).ok).toBe(true);
		expect((await take(a)).ok).toBe(false);
	});

	it('honours the window log an older version kept until its sends age out, then removes it', async () => {
		const t = setup();
		const assoc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);
		await t.store.writer().updateByAssociations([assoc(`id:limiter:botpenguin:lead:${tokenTag('secret-token')}`)], { sent: [t.at() - 100, t.at() - 50, t.at() - 10] }, true);
		const limiter = t.instance();
		expect(await take(limiter)).toEqual({ ok: false, waitMs: W - 100 });
		t.advance(W - 100);
		expect((await take(limiter)).ok).toBe(true);
		t.advance(W);
		slotOf(await take(limiter));
		expect(await t.kv.get(`limiter:botpenguin:lead:${tokenTag('secret-token')}`)).toBeUndefined();
	});

	it('a slot record it cannot read counts for nothing and stops nothing', async () => {
		const t = setup();
		const assoc = (k: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, k);
		await t.store.writer().updateByAssociations([assoc('id:limiter-slot:x'), assoc(`tag:limiter-slots:botpenguin:lead:${tokenTag('secret-token')}`)], { token: 7, at: 'soon' }, true);
		const limiter = t.instance();
		for (let i = 0; i < 3; i++) slotOf(await take(limiter));
		expect((await take(limiter)).ok).toBe(false);
	});
});

describe('a drain holds its answers: they travel with its next slot', () => {
	it('costs no write per answer; the taker reuses slots a window after their answers, another instance once the answers travelled or were flushed', async () => {
		const t = setup();
		const drain = t.instance();
		drain.holdAnswers();
		// three sends in flight at once (a drain's workers), answered at +10, +20 and +600
		const slots = [slotOf(await take(drain)), slotOf(await take(drain)), slotOf(await take(drain))];
		t.calls.length = 0;
		for (const [i, at] of [10, 20, 600].entries()) {
			t.advance(at - (t.at() - 1_000_000));
			await drain.answered(slots[i]);
		}
		expect(t.calls).toEqual([]);
		// another instance has not seen those answers yet: the slots look held as if an answer could still come (never fewer held)
		expect(await take(t.instance())).toEqual({ ok: false, waitMs: W });
		// the drain knows: at +1020, a window after the first answer, it takes a slot again…
		t.advance(1020 - 600);
		const fourth = slotOf(await take(drain));
		// …which carries the answers (of the two still held too): another instance sees the second free at +1030
		expect(Object.keys(fourth.record.answered ?? {})).toEqual(expect.arrayContaining([slots[1].record.token, slots[2].record.token]));
		t.advance(10);
		expect((await take(t.instance())).ok).toBe(true);
		// the fourth's own answer is written when the drain ends
		await drain.answered(fourth);
		t.calls.length = 0;
		await drain.flushAnswers();
		expect(t.calls).toEqual(['write.updateByAssociations']);
		const stored = (await t.kv.list<{ token: string; answeredAt?: number }>(`limiter-slots:botpenguin:lead:${tokenTag('secret-token')}`)).find((s) => s.token === fourth.record.token);
		expect(stored?.answeredAt).toBe(t.at());
	});
});
