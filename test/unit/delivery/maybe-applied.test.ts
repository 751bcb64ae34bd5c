import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { Outbox } from '../../../src/delivery/outbox';
import type { Operation } from '../../../src/delivery/operation';
import { SerialLock } from '../../../src/delivery/runtime';
import type { Transport } from '../../../src/delivery/transport';
import { BotPenguinClient } from '../../../src/vendors/botpenguin';
import { VendorHttp } from '../../../src/vendors/http';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { FakeHttp, type Script } from '../vendors/fake-http';

/**
 * The rule end to end, through the real HTTP wrapper: a lead note whose request may have reached
 * BotPenguin (http.ts said `sent: unknown`, or a 504) is never sent again by the outbox itself; the
 * repeat-safe rest of the update is. One that never left (`sent: no`) is simply sent again.
 */

const NOTE = { title: 'Note', description: 'called back' };

function setup(first: Script) {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const store = new MemoryStore(async () => undefined);
	const fake = new FakeHttp().script(first, { status: 200, json: { success: true } });
	const client = new BotPenguinClient(new VendorHttp(fake, { timeoutMs: 100 }), { baseUrl: 'https://api.example.test', leadToken: 't', apiKey: 'k', botId: 'b', customerId: 'c' });
	const transport: Transport = {
		send: async (op) => {
			if (op.kind !== 'lead.update') throw new Error(`unexpected ${op.kind}`);
			return client.updateLead(op.update);
		},
		credential: async () => 'token',
		limit: async () => ({ limit: 1000, windowMs: 1000 }),
		retryPolicy: async () => ({ baseDelayMs: 10, maxDelayMs: 100, maxAgeMs: 1e12 }),
		timeoutMs: async () => 100,
	};
	const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
	const lock = new SerialLock();
	const outbox = () => new Outbox(ctx, { read: store.read(), persis: store.writer(), http: {} as IHttp, modify: recordingModify([]) }, { clock, lock, transport });
	/** Drains a while, as the job would: every item that can go has gone by then. */
	const drainAll = async () => {
		for (let i = 0; i < 10; i++) {
			now += 1000;
			await outbox().drain();
		}
	};
	const notesSent = () => fake.calls.filter((c) => JSON.stringify(c.json).includes(NOTE.description)).length;
	const statusesSent = () => fake.calls.filter((c) => (c.json as { status?: string } | undefined)?.status === 'CLOSED').length;
	return { outbox, drainAll, notesSent, statusesSent };
}

const update: Operation = { kind: 'lead.update', update: { uuid: 'L1', status: 'CLOSED', notes: [NOTE] } };
const who = { userId: 'u', username: 'alice' };

describe.each([
	['a connection hung up after sending', { throws: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) }],
	['a timeout the bridge reported', { throws: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError' }) }],
	['a gateway timeout (504)', { status: 504, json: { message: 'upstream timed out' } }],
] as Array<[string, Script]>)('may have applied: %s', (_what, first) => {
	it('the note is never sent again by the outbox; the lead status is', async () => {
		const { outbox, drainAll, notesSent, statusesSent } = setup(first);
		const outcome = await outbox().submit(update, who, 'lead L1', 'lead:L1');
		expect(outcome).toMatchObject({ state: 'unknown', error: { sent: first && 'status' in first ? 'yes' : 'unknown' } });
		await drainAll();
		expect(notesSent()).toBe(1);
		expect(statusesSent()).toBe(2);
		const { items } = await outbox().list();
		// the note waits for a person, named as of an unknown outcome
		expect(items.map((i) => [i.state, i.op])).toEqual([['unknown', { kind: 'lead.update', update: { uuid: 'L1', notes: [NOTE] } }]]);
	});
});

describe.each([
	['a refused connection', { throws: Object.assign(new Error('connect ECONNREFUSED 203.0.113.7:443'), { code: 'ECONNREFUSED' }) }],
	['a 503', { status: 503, json: { message: 'down for maintenance' } }],
] as Array<[string, Script]>)('known not applied: %s', (_what, first) => {
	it('the whole update goes again: the first request never reached BotPenguin, or it refused it', async () => {
		const { outbox, drainAll, notesSent } = setup(first);
		expect(await outbox().submit(update, who, 'lead L1', 'lead:L1')).toMatchObject({ state: 'queued' });
		await drainAll();
		expect(notesSent()).toBe(2);
		expect((await outbox().list()).items).toEqual([]);
	});
});
