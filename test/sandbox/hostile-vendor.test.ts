import type { Demo } from '../../sandbox/demo';
import type { Reply } from '../../sandbox/host/host';
import { MAX_CACHE_BYTES } from '../../src/store/caches';
import { LIST_LIMITS, MAX_ANSWER_BYTES } from '../../src/vendors/limits';
import { SHOWN_NAMES } from '../../src/status/presets/sync';
import { demoPerTest, says } from './fixtures';

/**
 * A hostile or broken vendor (issue 17, finding 1): answers that never end, answers bigger than the
 * app reads, lists of thousands of statuses with names of kilobytes. Each is refused with one clear
 * sentence naming the vendor and the limit, nothing of it is kept, and another user's command issued
 * while the vendor misbehaves answers normally. How long each refusal takes and what it costs the
 * runtime is measured by `npm run bench -- hostile`, never asserted here.
 */

const TIMEOUT_MS = 3000;
const demo = demoPerTest({ settings: { http_timeout_ms: TIMEOUT_MS } });
const host = () => demo().host;
const cb = () => demo().sims.callbell;

/** The biggest record the app keeps in persistence (its JSON length). */
const biggestRecord = (d: Demo) => Math.max(0, ...[...d.world.persistence.values()].map((r) => JSON.stringify(r.data).length));
/** When the app's reply `text` reached `username` (the world stamps every delivery). */
const deliveredAt = (d: Demo, username: string, reply: Reply) => d.world.messages.find((m) => m.to === username && m.text === reply.texts[0])?.at ?? Number.NaN;

function seedStatuses(count: number, nameLength: number): void {
	const statuses = cb().state.customStatuses;
	for (let i = 0; i < count; i++) {
		const name = `S${i} ${'x'.repeat(Math.max(0, nameLength - String(i).length - 2))}`;
		statuses.set(`hostile-${i}`, { id: `hostile-${i}`, name, emoji: '🙂', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z' });
	}
}

/** `/st preset sync` by the admin while the vendor misbehaves, and bob's `/st busy` issued once the admin's read reached Callbell. */
async function syncWhileBobWorks(): Promise<{ sync: Reply; bob: Reply }> {
	const sync = host().as('admin').run('/st preset sync');
	await cb().waitForRequest((r) => r.method === 'GET' && r.path.endsWith('/custom_statuses'), 10_000);
	const bob = host().as('bob').run('/st busy');
	return { sync: await sync, bob: await bob };
}

/** bob's `/st busy` answered as on a quiet day: both systems changed, one line each. */
function expectBobAnsweredNormally(bob: Reply): void {
	const say = (key: Parameters<typeof says>[2], params?: Parameters<typeof says>[3]) => says(demo(), 'bob', key, params);
	const rc = say('st_rc_done', { status: say('st_presence_busy'), text: '', until: '' });
	expect(bob.texts).toEqual([`${rc}\n${say('st_cb_done', { state: say('st_cb_unavailable') })}`]);
	expect(host().user('bob').status).toBe('busy');
}

const unavailable = (reason: string) => says(demo(), 'admin', 'st_sync_unavailable', { reason });

describe('a vendor answer that never ends', () => {
	it('is refused within the HTTP timeout with one clear sentence; bob’s command issued meanwhile answers normally, before it', async () => {
		cb().floodNext(1, 'endless');
		const { sync, bob } = await syncWhileBobWorks();
		expect(sync.texts).toEqual([unavailable(says(demo(), 'admin', 'failure_timeout_final', { vendor: 'Callbell' }))]);
		expectBobAnsweredNormally(bob);
		// The runtime was not held by the endless answer: bob got his answer while the admin's read was
		// still waiting for Callbell (the read ends only at the HTTP timeout, seconds later).
		expect(deliveredAt(demo(), 'bob', bob)).toBeLessThan(deliveredAt(demo(), 'admin', sync));
		expect(cb().requests.find((r) => r.fault === 'endless')).toBeDefined();
	});
});

describe('a vendor answer over the app’s byte limit', () => {
	it('is refused naming the limit, before anything reads it: nothing of it is kept, bob’s command answers normally', async () => {
		// twice the limit: big enough that reading it would cost, small enough for the engine's own transport (see docs)
		cb().floodNext(1, 2 * MAX_ANSWER_BYTES);
		const { sync, bob } = await syncWhileBobWorks();
		expect(sync.texts).toEqual([unavailable(says(demo(), 'admin', 'failure_too_large_bytes', { vendor: 'Callbell', kb: MAX_ANSWER_BYTES / 1024 }))]);
		expect(biggestRecord(demo())).toBeLessThan(MAX_CACHE_BYTES);
		expectBobAnsweredNormally(bob);
	});
});

describe('2,000 Callbell custom statuses with names of kilobytes (issue 17, finding 1)', () => {
	it.each([
		['2 KB names: each page is readable, the names are not', 2 * 1024, () => says(demo(), 'admin', 'failure_too_long', { vendor: 'Callbell', field: 'name', max: LIST_LIMITS.nameLength })],
		['20 KB names: the first page is already over the byte limit', 20 * 1024, () => says(demo(), 'admin', 'failure_too_large_bytes', { vendor: 'Callbell', kb: MAX_ANSWER_BYTES / 1024 })],
	])('%s: one bounded sentence, no big record, bob’s command answers normally', async (_case, nameLength, reason) => {
		seedStatuses(2000, nameLength);
		const { sync, bob } = await syncWhileBobWorks();
		expect(sync.texts).toEqual([unavailable(reason())]);
		expect(biggestRecord(demo())).toBeLessThan(MAX_CACHE_BYTES);
		expectBobAnsweredNormally(bob);
	});

	it('more statuses than the app reads, with short names: the list is refused whole, never cut', async () => {
		seedStatuses(LIST_LIMITS.totalItems + 1, 10);
		const sync = await host().as('admin').run('/st preset sync');
		expect(sync.texts).toEqual([unavailable(says(demo(), 'admin', 'failure_too_many_items', { vendor: 'Callbell', max: LIST_LIMITS.totalItems }))]);
		// every page up to the one that went over, and not one more
		expect(cb().requests.filter((r) => r.path.endsWith('/custom_statuses')).length).toBe(Math.ceil((LIST_LIMITS.totalItems + 1) / 100));
		expect(biggestRecord(demo())).toBeLessThan(MAX_CACHE_BYTES);
	});

	it('a long list within the limits: the reply names the first statuses and counts the rest', async () => {
		const presets = [...demo().sims.rocketchat.state.statuses.values()].map((p) => p.name.toLowerCase());
		const ownOnlyInCallbell = [...cb().state.customStatuses.values()].filter((s) => !presets.includes(s.name.toLowerCase())).length;
		const extra = LIST_LIMITS.totalItems - 50;
		seedStatuses(extra, 60);
		const sync = await host().as('admin').run('/st preset sync');
		const line = sync.text.split('\n').find((l) => l.startsWith(says(demo(), 'admin', 'st_sync_only_cb', { names: '' }).trim()));
		expect(line?.match(/“[^”]+”/g)).toHaveLength(SHOWN_NAMES);
		expect(line?.endsWith(says(demo(), 'admin', 'st_sync_more', { count: extra + ownOnlyInCallbell - SHOWN_NAMES }))).toBe(true);
		// nowhere else in the reply either: it stays a message, whatever the vendor lists
		expect(sync.text.match(/“S\d+ x+”/g)?.length).toBeLessThanOrEqual(SHOWN_NAMES);
	});
});
