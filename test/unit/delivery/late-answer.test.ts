import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { Outbox } from '../../../src/delivery/outbox';
import type { Operation } from '../../../src/delivery/operation';
import { SerialLock } from '../../../src/delivery/runtime';
import type { VendorResult } from '../../../src/vendors/errors';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { VendorModel } from './vendor-model';

/**
 * What a sender writes when its answer comes: a delivery within the item's lease removes the item
 * without reading it first (nobody else may take it before the lease ends; a drop meanwhile is
 * harmless), but a sender whose lease ran out never touches the record another drain took over.
 */
class GatedVendor extends VendorModel {
	public gate?: Promise<void>;
	public override async send(op: Operation): Promise<VendorResult<unknown>> {
		const gate = this.gate;
		this.gate = undefined;
		if (gate) await gate;
		return super.send(op);
	}
}

function setup() {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const store = new MemoryStore(async () => undefined);
	const vendor = new GatedVendor();
	const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
	const outbox = () => new Outbox(ctx, { read: store.read(), persis: store.writer(), http: {} as IHttp, modify: recordingModify([]) }, { clock, lock: new SerialLock(), transport: vendor });
	const advance = (ms: number) => void (now += ms);
	/** Queues a tag for lead L1 (the submitting call's inline budget is spent) and holds the next send until `open()`. */
	const queueHeld = async () => {
		const asker = outbox();
		advance(6000);
		const queued = await asker.submit({ kind: 'lead.update', update: { uuid: 'L1', tags: ['t'] } }, { userId: 'u', username: 'u' }, 'L1', 'lead:L1');
		let open = () => undefined as void;
		vendor.gate = new Promise<void>((r) => (open = r));
		return { id: queued.id, open: () => open() };
	};
	const settle = () => new Promise<void>((r) => setImmediate(r));
	return { outbox, vendor, advance, queueHeld, settle };
}

it('dropped while it was being sent, then delivered: gone, and read as delivered (the vendor applied it)', async () => {
	const { outbox, vendor, queueHeld, settle } = setup();
	const { id, open } = await queueHeld();
	const drain = outbox().drain();
	for (let i = 0; i < 20; i++) await settle();
	expect(await outbox().drop(id)).toBe(true);
	open();
	await drain;
	expect(vendor.leads.get('L1')?.applied).toBe(1);
	expect(await outbox().get(id)).toBeUndefined();
	expect(await outbox().fate(id)).toBe('delivered');
});

it('a sender whose lease ran out leaves the item to the drain that took it over', async () => {
	const { outbox, advance, queueHeld, settle } = setup();
	const { id, open } = await queueHeld();
	const slow = outbox().drain();
	for (let i = 0; i < 20; i++) await settle();
	// The slow sender's lease (HTTP timeout + 10 s) runs out; another drain takes the item for a lost sender and queues it again.
	advance(100 + 10000 + 1);
	await outbox().drain();
	const retaken = await outbox().get(id);
	expect(retaken?.state).toBe('pending');
	open();
	await slow;
	// delivered after all, but past its lease: the record the other drain wrote stays (it goes again, a tag is safe to repeat)
	expect(await outbox().get(id)).toMatchObject({ state: 'pending', attempts: retaken!.attempts });
});
