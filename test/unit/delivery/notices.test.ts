import type { IHttp } from '@rocket.chat/apps-engine/definition/accessors';
import { type Notice, Outbox } from '../../../src/delivery/outbox';
import type { Operation } from '../../../src/delivery/operation';
import { SerialLock } from '../../../src/delivery/runtime';
import { byPlace, Teller } from '../../../src/delivery/tell';
import { t, translator } from '../../../src/i18n';
import { FAILED_LINES, LABELS_PER_LINE, outcomesText, UNKNOWN_LINES } from '../../../src/ui/notices';
import type { VendorFailure } from '../../../src/vendors/errors';
import { MemoryStore, recordingModify } from '../fakes/memory-store';
import { VendorModel } from './vendor-model';

/**
 * A drain tells each person once per run: the notices of the items it settled are gathered and said in
 * one message per person and room, naming every item (issue 19: a user read, a room read and a message
 * per item before). The message stays bounded however many items one person queued.
 */

const en = translator('en');
const close = (uuid: string): Operation => ({ kind: 'lead.update', update: { uuid, status: 'CLOSED' } });
const notice = (id: string, outcome: Notice['outcome'], who: { userId?: string; roomId?: string } = {}): Notice => ({
	asker: { id, userId: who.userId ?? 'alice', username: who.userId ?? 'alice', ...(who.roomId ? { roomId: who.roomId } : {}), label: `Lead ${id}`, announce: true },
	op: close(id),
	outcome,
});
const unauthorized: VendorFailure = { kind: 'unauthorized', vendor: 'botpenguin', sent: 'yes', status: 401, message: 'bad token' };
const server: VendorFailure = { kind: 'unavailable', vendor: 'botpenguin', cause: 'server', sent: 'yes', status: 500, message: 'HTTP 500' };
const invalid = (message: string): VendorFailure => ({ kind: 'invalid', vendor: 'botpenguin', sent: 'yes', status: 400, message });
const timeout: VendorFailure = { kind: 'unavailable', vendor: 'botpenguin', cause: 'timeout', sent: 'unknown', message: 'no answer' };

describe('a drain run tells each asker once', () => {
	it('two items of one asker delivered by one drain: one notice naming both', async () => {
		let now = 1_000_000;
		const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
		const store = new MemoryStore(async () => undefined);
		const vendor = new VendorModel();
		const jobs: Array<{ id: string; when: number }> = [];
		const told: Notice[][] = [];
		const ctx = { appId: 'app', logger: { warn: () => undefined, debug: () => undefined, error: () => undefined } as never };
		const outbox = () =>
			new Outbox(ctx, { read: store.read(), persis: store.writer(), http: {} as IHttp, modify: recordingModify(jobs) }, { clock, lock: new SerialLock(), transport: vendor, notify: async (n) => void told.push(n) });
		// Queued during an outage (both answered 500), told "queued".
		vendor.faults.push('500', '500');
		const asker = outbox();
		for (const uuid of ['L1', 'L2']) expect((await asker.submit(close(uuid), { userId: 'alice', username: 'alice', roomId: 'r1' }, `Lead ${uuid}`, `lead:${uuid}`)).state).toBe('queued');
		now += 60_000;

		await outbox().drain();

		expect(vendor.leads.get('L1')?.status).toBe('CLOSED');
		expect(vendor.leads.get('L2')?.status).toBe('CLOSED');
		// (two keys go out side by side: either may settle first)
		expect(told.map((group) => group.map((n) => `${n.asker.label} ${n.outcome.state}`).sort())).toEqual([['Lead L1 done', 'Lead L2 done']]);
		expect(outcomesText(en, told[0])).toMatch(/^✅ Delivered later: Lead L[12], Lead L[12]\.$/);
	});

	it('held notices are told per person and room, in the order they settled, only when released', async () => {
		const told: string[][] = [];
		const teller = new Teller(async (n) => void told.push(n.map((x) => x.asker.id)), () => undefined);
		teller.hold();
		await teller.tell([notice('a1', { state: 'done', id: 'a1' }, { roomId: 'r1' })]);
		await teller.tell([notice('b1', { state: 'done', id: 'b1' }, { userId: 'bob', roomId: 'r1' }), notice('a2', { state: 'failed', id: 'a2', error: unauthorized }, { roomId: 'r1' })]);
		await teller.tell([notice('a3', { state: 'done', id: 'a3' }, { roomId: 'r2' })]);
		expect(told).toEqual([]);
		await teller.release();
		expect(told).toEqual([['a1', 'a2'], ['b1'], ['a3']]);
		// released: no longer held
		await teller.tell([notice('a4', { state: 'done', id: 'a4' })]);
		expect(told.at(-1)).toEqual(['a4']);
	});

	it('an outcome the app cannot know is told at once, even while held (its asker must check the vendor)', async () => {
		const told: string[][] = [];
		const teller = new Teller(async (n) => void told.push(n.map((x) => x.asker.id)), () => undefined);
		teller.hold();
		await teller.tell([notice('a1', { state: 'done', id: 'a1' })]);
		await teller.tell([notice('a2', { state: 'unknown', id: 'a2', error: timeout })]);
		expect(told).toEqual([['a2']]);
		await teller.release();
		expect(told).toEqual([['a2'], ['a1']]);
	});

	it('a person whose notice cannot be sent does not keep the others from theirs', async () => {
		const warned: string[] = [];
		const told: string[] = [];
		const teller = new Teller(async (n) => {
			if (n[0].asker.userId === 'alice') throw new Error('no room');
			told.push(n[0].asker.userId);
		}, (m) => void warned.push(m));
		teller.hold();
		await teller.tell([notice('a1', { state: 'done', id: 'a1' }), notice('b1', { state: 'done', id: 'b1' }, { userId: 'bob' })]);
		await teller.release();
		expect(told).toEqual(['bob']);
		expect(warned).toEqual(['outbox a1: could not tell alice the outcome: no room']);
	});

	it('groups by person and room', () => {
		const groups = byPlace([notice('a1', { state: 'done', id: 'a1' }), notice('a2', { state: 'done', id: 'a2' }, { roomId: 'r' }), notice('a3', { state: 'done', id: 'a3' })]);
		expect(groups.map((g) => g.map((n) => n.asker.id))).toEqual([['a1', 'a3'], ['a2']]);
	});
});

describe('the words of one person’s outcomes', () => {
	it('one item reads as it always did', () => {
		expect(outcomesText(en, [notice('x', { state: 'done', id: 'x' })])).toBe('✅ Delivered later: Lead x.');
		expect(outcomesText(en, [notice('x', { state: 'unknown', id: 'x', error: timeout })])).toContain('/inbox-bridge retry x');
	});

	it('names every item, per outcome: delivered in one line, failures per reason, unknown ones each with its id', () => {
		const text = outcomesText(en, [
			notice('d1', { state: 'done', id: 'd1' }),
			notice('f1', { state: 'failed', id: 'f1', error: unauthorized }),
			notice('d2', { state: 'done', id: 'd2' }),
			notice('f2', { state: 'failed', id: 'f2', error: unauthorized }),
			notice('f3', { state: 'failed', id: 'f3', error: server }),
			notice('u1', { state: 'unknown', id: 'u1', error: timeout }),
		]);
		const lines = text.split('\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toBe('✅ Delivered later: Lead d1, Lead d2.');
		expect(lines[1]).toMatch(/^❌ Could not deliver Lead f1, Lead f2: .*botpenguin_lead_token/);
		expect(lines[2]).toMatch(/^❌ Could not deliver Lead f3: /);
		expect(lines[3]).toMatch(/^⚠️ Lead u1: .*\/inbox-bridge retry u1/);
	});

	it('stays bounded: the items past a line’s share are counted', () => {
		const many = Array.from({ length: 400 }, (_, i) => notice(`d${i}`, { state: 'done', id: `d${i}` }));
		const failures = Array.from({ length: FAILED_LINES + 3 }, (_, i) => notice(`f${i}`, { state: 'failed', id: `f${i}`, error: invalid(`reason ${i}`) }));
		const unknown = Array.from({ length: UNKNOWN_LINES + 2 }, (_, i) => notice(`u${i}`, { state: 'unknown', id: `u${i}`, error: timeout }));
		const text = outcomesText(en, [...many, ...failures, ...unknown]);
		const lines = text.split('\n');
		expect(lines[0]).toBe(`✅ Delivered later: ${many.slice(0, LABELS_PER_LINE).map((n) => n.asker.label).join(', ')} and ${400 - LABELS_PER_LINE} more.`);
		expect(lines.filter((l) => l.startsWith('❌ Could not deliver'))).toHaveLength(FAILED_LINES);
		expect(lines).toContain(t('delivery_failed_more', { count: 3 }));
		expect(lines.filter((l) => l.includes('/inbox-bridge retry'))).toHaveLength(UNKNOWN_LINES);
		expect(lines.at(-1)).toBe(t('delivery_unknown_more', { count: 2 }));
		expect(lines).toHaveLength(1 + FAILED_LINES + 1 + UNKNOWN_LINES + 1);
		expect(text.length).toBeLessThan(4000);
	});

	it('in the person’s language', () => {
		const pt = translator('pt-BR');
		const many = Array.from({ length: LABELS_PER_LINE + 1 }, (_, i) => notice(`d${i}`, { state: 'done', id: `d${i}` }));
		expect(outcomesText(pt, many)).toBe(`✅ Entregue mais tarde: ${many.slice(0, LABELS_PER_LINE).map((n) => n.asker.label).join(', ')} e mais 1.`);
		expect(outcomesText(translator('es'), [...many.slice(0, 2), notice('f', { state: 'failed', id: 'f', error: unauthorized })])).toMatch(/^✅ Entregado más tarde: Lead d0, Lead d1\.\n❌ No se pudo entregar Lead f: /);
	});
});
