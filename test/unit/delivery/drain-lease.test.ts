import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { Outbox } from '../../../src/delivery/outbox';
import type { Operation } from '../../../src/delivery/operation';
import type { RateLimit } from '../../../src/delivery/policy';
import { SerialLock } from '../../../src/delivery/runtime';
import type { VendorResult } from '../../../src/vendors/errors';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { VendorModel } from './vendor-model';

/**
 * A drain waits in place for limiter slots, but never past the point where its request could outlive the
 * item's lease (and the key's claim): after that, another instance may take the item for one whose
 * sender died and settle it as "may have applied" while the request is still on its way. Here the
 * vendor's limit is one request per 2.9 s and four workers compete for it, on a clock that the
 * sleepers move on (each sleeper's wait adds up): the waits of one item add up past the lease margin.
 */
const TIMEOUT_MS = 100;

class TightVendor extends VendorModel {
	public readonly late: string[] = [];
	public onSend: (op: Operation) => Promise<void> = async () => undefined;
	public override limit = async (): Promise<RateLimit> => ({ limit: 1, windowMs: 2900 });
	public override timeoutMs = async () => TIMEOUT_MS;
	public override async send(op: Operation): Promise<VendorResult<unknown>> {
		await this.onSend(op);
		return super.send(op);
	}
}

it('every request leaves while its item’s lease still covers a whole HTTP timeout; each lead is applied once', async () => {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
	const store = new MemoryStore(async () => undefined);
	const vendor = new TightVendor();
	const jobs: Array<{ id: string; when: number }> = [];
	const lock = new SerialLock();
	const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
	const outbox = () => new Outbox(ctx, { read: store.read(), persis: store.writer(), http: {} as IHttp, modify: recordingModify(jobs) }, { clock, lock, transport: vendor, notify: async () => undefined });

	vendor.onSend = async (op) => {
		const uuid = op.kind === 'lead.update' ? op.update.uuid : '?';
		const item = (await outbox().list()).items.find((i) => i.op.kind === 'lead.update' && i.op.update.uuid === uuid && i.state === 'sending');
		if (!item?.leaseUntil || now + TIMEOUT_MS > item.leaseUntil) vendor.late.push(`${uuid} sent at +${now - (item?.updatedAt ?? now)} ms, lease until +${(item?.leaseUntil ?? now) - (item?.updatedAt ?? now)} ms`);
	};

	// Queued, not sent inline: the call's inline budget is spent.
	const asker = outbox();
	now += 6000;
	const leads = Array.from({ length: 8 }, (_, i) => `L${i}`);
	for (const uuid of leads) await asker.submit({ kind: 'lead.update', update: { uuid, tags: ['t'] } }, { userId: 'u', username: 'u' }, uuid, `lead:${uuid}`);

	for (let round = 0; round < 40; round++) {
		await outbox().drain();
		const { items } = await outbox().list();
		if (!items.some((i) => i.state === 'pending' || i.state === 'sending')) break;
		now += 3000;
	}
	expect(vendor.late).toEqual([]);
	expect(leads.map((uuid) => [uuid, vendor.leads.get(uuid)?.applied])).toEqual(leads.map((uuid) => [uuid, 1]));
	const { items } = await outbox().list();
	// every item ended delivered: none is left waiting, failed or of an unknown outcome
	expect(items.map((i) => `${i.state} ${JSON.stringify(i.op)}`)).toEqual([]);
});
