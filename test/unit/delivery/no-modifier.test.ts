import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { Outbox } from '../../../src/delivery/outbox';
import { SerialLock } from '../../../src/delivery/runtime';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { VendorModel } from './vendor-model';

/**
 * IPostLivechatRoomClosed declares its modifier optional, so the outbox may be built without one: it
 * can then arm no drain job, and must not leave the marker that says one is armed (a later call would
 * trust it and arm none either); the recurring sweep, or the next call with a scheduler, sends it.
 */

it('an outbox handed no modifier (an event the engine calls without one) still submits; a queued item arms no drain and claims none is armed', async () => {
	let now = 1_000_000;
	const clock = { now: () => now, sleep: async () => undefined };
	const store = new MemoryStore(async () => undefined);
	const vendor = new VendorModel();
	const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
	const lock = new SerialLock();
	const base = { read: store.read(), persis: store.writer(), http: {} as IHttp };
	vendor.faults.push('500');
	const outcome = await new Outbox(ctx, base, { clock, lock, transport: vendor }).submit({ kind: 'lead.update', update: { uuid: 'L', status: 'CLOSED' } }, { userId: 'u', username: 'u' }, 'L', 'lead:L');
	expect(outcome).toMatchObject({ state: 'queued' });
	// no marker: the next call that has a scheduler arms a drain for it at once
	const jobs: Array<{ id: string; when: number }> = [];
	const withScheduler = new Outbox(ctx, { ...base, modify: recordingModify(jobs) }, { clock, lock, transport: vendor });
	await withScheduler.arming.arm(now);
	expect(jobs).toHaveLength(1);
	now += 1000; // past the retry's backoff
	await withScheduler.drain();
	expect(vendor.leads.get('L')).toMatchObject({ status: 'CLOSED', applied: 1 });
});
