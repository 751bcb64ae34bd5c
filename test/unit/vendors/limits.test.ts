import type { IHttp, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../../src/zod';
import { StatusStore } from '../../../src/status/model/store';
import { cacheKey, MAX_CACHE_BYTES } from '../../../src/store/caches';
import { t } from '../../../src/i18n';
import { describeFailure } from '../../../src/ui/failures';
import { CallbellClient } from '../../../src/vendors/callbell';
import { mayHaveApplied, type VendorFailure, type VendorResult } from '../../../src/vendors/errors';
import { VendorHttp, type RequestSpec } from '../../../src/vendors/http';
import { LIST_LIMITS, MAX_ANSWER_BYTES, utf8Length } from '../../../src/vendors/limits';
import { RocketChatRestClient } from '../../../src/vendors/rocketchat';
import { MemoryStore } from '../fakes/memory-store';
import { FakeHttp } from './fake-http';

/** The limits on vendor answers (src/vendors/limits.ts): where each is enforced, and what the failure says. */

const NOW = Date.parse('2030-01-01T12:00:00Z');
const base: RequestSpec = { vendor: 'callbell', method: 'GET', url: 'https://api.example.test/v1/list', secrets: [] };
const listSchema = z.object({ items: z.array(z.string()) });

function failureOf<T>(result: VendorResult<T>): VendorFailure {
	if (result.ok) throw new Error(`expected a failure, got ok ${JSON.stringify(result.value).slice(0, 200)}`);
	return result.error;
}

/** An IHttp that answers every call with `response` (the engine hands raw bytes for `encoding: null`). */
const answering = (response: IHttpResponse): IHttp & { calls: number } => {
	const http = { calls: 0 } as IHttp & { calls: number };
	const answer = async () => {
		http.calls++;
		return response;
	};
	Object.assign(http, { get: answer, post: answer, put: answer, del: answer, patch: answer });
	return http;
};
const bytesOf = (text: string) => new TextEncoder().encode(text);
/** A JSON body of exactly `size` bytes. */
const jsonOfSize = (size: number) => `{"items":["${'x'.repeat(size - 14)}"]}`;

describe('VendorHttp: the byte limit, before anything reads the body', () => {
	it('a 2xx the caller needs, one byte over the limit (raw bytes): refused naming the limit', async () => {
		const http = new VendorHttp(answering({ url: base.url, method: 'get' as never, statusCode: 200, content: bytesOf(jsonOfSize(MAX_ANSWER_BYTES + 1)) as unknown as string }), { timeoutMs: 1000 });
		expect(failureOf(await http.request({ ...base, schema: listSchema }))).toEqual({
			kind: 'unavailable',
			sent: 'yes',
			cause: 'too_large',
			vendor: 'callbell',
			status: 200,
			limit: { what: 'bytes', max: MAX_ANSWER_BYTES },
			message: 'answer over 1024 KB, not read',
		});
	});

	it('exactly at the limit: read as usual', async () => {
		const http = new VendorHttp(answering({ url: base.url, method: 'get' as never, statusCode: 200, content: bytesOf(jsonOfSize(MAX_ANSWER_BYTES)) as unknown as string }), { timeoutMs: 1000 });
		const result = await http.request({ ...base, schema: listSchema });
		expect(result.ok && result.value.data.items[0].length).toBe(MAX_ANSWER_BYTES - 14);
	});

	it('text from a server that ignored `encoding: null` is measured too', async () => {
		const fake = new FakeHttp().script({ status: 200, content: jsonOfSize(MAX_ANSWER_BYTES + 1), noData: true });
		expect(failureOf(await new VendorHttp(fake, { timeoutMs: 1000 }).request({ ...base, schema: listSchema }))).toMatchObject({ cause: 'too_large', limit: { what: 'bytes' } });
	});

	it('text is measured in UTF-8 bytes, not characters: a third of the limit in 3-byte characters is over it', async () => {
		const text = `{"items":["${'語'.repeat(Math.ceil(MAX_ANSWER_BYTES / 3))}"]}`;
		expect(text.length).toBeLessThan(MAX_ANSWER_BYTES);
		const fake = new FakeHttp().script({ status: 200, content: text, noData: true });
		expect(failureOf(await new VendorHttp(fake, { timeoutMs: 1000 }).request({ ...base, schema: listSchema }))).toMatchObject({ cause: 'too_large', limit: { what: 'bytes' } });
	});

	it('a write’s 2xx stands without its body (nothing needs it); the vendor did take the request', async () => {
		const http = new VendorHttp(answering({ url: base.url, method: 'put' as never, statusCode: 200, content: bytesOf(jsonOfSize(3 * MAX_ANSWER_BYTES)) as unknown as string }), { timeoutMs: 1000 });
		const result = await http.request({ ...base, method: 'PUT', body: { a: 1 } });
		expect(result).toMatchObject({ ok: true, status: 200, value: { data: undefined } });
	});

	it('a non-2xx over the limit is classified by its status alone', async () => {
		const http = new VendorHttp(answering({ url: base.url, method: 'get' as never, statusCode: 503, content: bytesOf(`{"error":"${'e'.repeat(MAX_ANSWER_BYTES)}"}`) as unknown as string }), { timeoutMs: 1000 });
		expect(failureOf(await http.request({ ...base, schema: listSchema }))).toEqual({ kind: 'unavailable', cause: 'server', sent: 'yes', vendor: 'callbell', status: 503, message: 'HTTP 503' });
	});

	it('a refused 2xx counts as applied (the vendor answered success)', () => {
		expect(mayHaveApplied({ kind: 'unavailable', cause: 'too_large', sent: 'yes', vendor: 'callbell', status: 200, limit: { what: 'bytes', max: 1 }, message: '' })).toBe(true);
	});
});

describe('VendorHttp: zod `too_big` in an answer is a limit, named', () => {
	const fake = () => new FakeHttp();
	it.each([
		['items of a list', z.object({ items: z.array(z.string()).check(z.maxLength(2)) }), { items: ['a', 'b', 'c'] }, { what: 'items', max: 2 }],
		['length of a field (the innermost key)', z.object({ items: z.array(z.object({ name: z.string().check(z.maxLength(3)) })) }), { items: [{ name: 'abcd' }] }, { what: 'length', max: 3, field: 'name' }],
	])('%s', async (_name, schema, json, limit) => {
		const http = new VendorHttp(fake().script({ status: 200, json }), { timeoutMs: 1000 });
		expect(failureOf(await http.request({ ...base, schema: schema as z.Schema<unknown> }))).toMatchObject({ kind: 'unavailable', cause: 'too_large', status: 200, limit });
	});

	it('any other schema problem stays what it was', async () => {
		const http = new VendorHttp(fake().script({ status: 200, json: { items: 'no' } }), { timeoutMs: 1000 });
		expect(failureOf(await http.request({ ...base, schema: listSchema }))).toMatchObject({ kind: 'unavailable', cause: 'server' });
	});
});

describe('VendorHttp: a deadline shared by several calls', () => {
	it('a call gets what is left of it as its timeout', async () => {
		const fake = new FakeHttp().script({ status: 200, json: { items: [] } });
		const http = new VendorHttp(fake, { timeoutMs: 5000, now: () => NOW });
		await http.request({ ...base, deadline: NOW + 1234 });
		expect(fake.calls[0].options.timeout).toBe(1234);
		await http.request({ ...base, deadline: NOW + 60_000 });
		expect(fake.calls[1].options.timeout).toBe(5000);
	});

	it('none left: a timeout, and nothing is sent', async () => {
		const fake = new FakeHttp().script({ status: 200, json: { items: [] } });
		const http = new VendorHttp(fake, { timeoutMs: 5000, now: () => NOW });
		expect(failureOf(await http.request({ ...base, deadline: NOW }))).toMatchObject({ kind: 'unavailable', cause: 'timeout' });
		expect(fake.calls).toHaveLength(0);
	});
});

describe('list reads: items per page, total, field lengths', () => {
	const status = (i: number, name = `S${i}`) => ({ id: `id-${i}`, name, emoji: '🙂' });
	const callbell = (...pages: unknown[]) => {
		const fake = new FakeHttp().script(...pages.map((json) => ({ status: 200, json })));
		return { fake, client: new CallbellClient(new VendorHttp(fake, { timeoutMs: 2000 }), { baseUrl: 'https://api.callbell.eu/v1', token: 't' }) };
	};

	it('Callbell: a page with more items than a page may hold is refused', async () => {
		const { client } = callbell({ customStatuses: Array.from({ length: LIST_LIMITS.pageItems + 1 }, (_, i) => status(i)) });
		expect(failureOf(await client.listCustomStatuses())).toMatchObject({ cause: 'too_large', limit: { what: 'items', max: LIST_LIMITS.pageItems } });
	});

	it.each([
		['name', status(1, 'n'.repeat(LIST_LIMITS.nameLength + 1)), LIST_LIMITS.nameLength],
		['emoji', { ...status(1), emoji: 'e'.repeat(LIST_LIMITS.emojiLength + 1) }, LIST_LIMITS.emojiLength],
		['id', { ...status(1), id: 'i'.repeat(LIST_LIMITS.idLength + 1) }, LIST_LIMITS.idLength],
	])('Callbell: a %s over its length is refused naming the field', async (field, item, max) => {
		const { client } = callbell({ customStatuses: [status(0), item] });
		expect(failureOf(await client.listCustomStatuses())).toMatchObject({ cause: 'too_large', limit: { what: 'length', field, max } });
	});

	it('Callbell: pages as documented (`meta.pages`) are all read; more statuses in all than the app reads is refused, never cut', async () => {
		const page = (p: number, pages: number) => ({ customStatuses: Array.from({ length: 100 }, (_, i) => status(p * 100 + i)), meta: { page: p, pages } });
		const within = callbell(page(1, 3), page(2, 3), page(3, 3));
		const list = await within.client.listCustomStatuses();
		expect(list.ok && list.value.length).toBe(300);
		expect(within.fake.calls.map((c) => c.url)).toEqual(['https://api.callbell.eu/v1/custom_statuses', 'https://api.callbell.eu/v1/custom_statuses?page=2', 'https://api.callbell.eu/v1/custom_statuses?page=3']);

		const pages = Math.ceil(LIST_LIMITS.totalItems / 100) + 1;
		const over = callbell(...Array.from({ length: pages }, (_, i) => page(i + 1, pages)));
		expect(failureOf(await over.client.listCustomStatuses())).toMatchObject({ cause: 'too_large', limit: { what: 'items', max: LIST_LIMITS.totalItems } });
	});

	it('Callbell: short pages are all read up to LIST_LIMITS.pages; a list still saying “more” after them is refused, never cut', async () => {
		const page = (p: number, pages: number) => ({ customStatuses: Array.from({ length: 10 }, (_, i) => status(p * 10 + i)), meta: { page: p, pages } });
		const within = callbell(...Array.from({ length: LIST_LIMITS.pages }, (_, i) => page(i + 1, LIST_LIMITS.pages)));
		const list = await within.client.listCustomStatuses();
		expect(list.ok && list.value.length).toBe(LIST_LIMITS.pages * 10);
		const pages = LIST_LIMITS.pages + 5;
		const over = callbell(...Array.from({ length: pages }, (_, i) => page(i + 1, pages)));
		expect(failureOf(await over.client.listCustomStatuses())).toMatchObject({ cause: 'too_large', limit: { what: 'pages', max: LIST_LIMITS.pages } });
		expect(over.fake.calls).toHaveLength(LIST_LIMITS.pages);
	});

	it('Rocket.Chat presets: a server answering fewer per page than asked (API_Upper_Count_Limit) is read to its total, or refused past LIST_LIMITS.pages', async () => {
		const preset = (i: number) => ({ _id: `p${i}`, name: `P${i}`, statusType: 'busy' });
		const client = (perPage: number, total: number) => {
			const pages = Array.from({ length: Math.ceil(total / perPage) }, (_, p) => ({ statuses: Array.from({ length: Math.min(perPage, total - p * perPage) }, (_, i) => preset(p * perPage + i)), total }));
			const fake = new FakeHttp().script(...pages.map((json) => ({ status: 200, json })));
			return new RocketChatRestClient(new VendorHttp(fake, { timeoutMs: 2000 }), { siteUrl: 'https://chat.example.test', userId: 'u', token: 't' });
		};
		const all = await client(10, 150).listCustomStatuses();
		expect(all.ok && all.value.map((p) => p._id)).toEqual(Array.from({ length: 150 }, (_, i) => `p${i}`));
		expect(failureOf(await client(10, 10 * (LIST_LIMITS.pages + 1)).listCustomStatuses())).toMatchObject({ vendor: 'rocketchat', cause: 'too_large', limit: { what: 'pages', max: LIST_LIMITS.pages } });
	});

	it('Rocket.Chat presets: more in all than the app reads is refused; a long name is refused naming it', async () => {
		const preset = (i: number, name = `P${i}`) => ({ _id: `p${i}`, name, statusType: 'busy' });
		const client = (...pages: unknown[]) => {
			const fake = new FakeHttp().script(...pages.map((json) => ({ status: 200, json })));
			return new RocketChatRestClient(new VendorHttp(fake, { timeoutMs: 2000 }), { siteUrl: 'https://chat.example.test', userId: 'u', token: 't' });
		};
		const total = LIST_LIMITS.totalItems + 1;
		const pages = Array.from({ length: Math.ceil(total / 100) }, (_, p) => ({ statuses: Array.from({ length: Math.min(100, total - p * 100) }, (_, i) => preset(p * 100 + i)), total }));
		expect(failureOf(await client(...pages).listCustomStatuses())).toMatchObject({ vendor: 'rocketchat', cause: 'too_large', limit: { what: 'items', max: LIST_LIMITS.totalItems } });
		expect(failureOf(await client({ statuses: [preset(1, 'n'.repeat(LIST_LIMITS.nameLength + 1))], total: 1 }).listCustomStatuses())).toMatchObject({ cause: 'too_large', limit: { what: 'length', field: 'name' } });
	});
});

describe('what the agent reads about a refused answer', () => {
	const failure = (limit: unknown) => ({ kind: 'unavailable', cause: 'too_large', vendor: 'callbell', status: 200, limit, message: 'x' }) as VendorFailure;
	it.each(['en', 'pt-BR', 'es'] as const)('%s: names the vendor and the limit', (locale) => {
		const tr = (key: Parameters<typeof t>[0], params?: Parameters<typeof t>[1]) => t(key, params, locale);
		expect(describeFailure(tr, failure({ what: 'bytes', max: MAX_ANSWER_BYTES }))).toBe(tr('failure_too_large_bytes', { vendor: 'Callbell', kb: 1024 }));
		expect(describeFailure(tr, failure({ what: 'items', max: 500 }))).toBe(tr('failure_too_many_items', { vendor: 'Callbell', max: 500 }));
		expect(describeFailure(tr, failure({ what: 'pages', max: 20 }))).toBe(tr('failure_too_many_pages', { vendor: 'Callbell', max: 20 }));
		expect(describeFailure(tr, failure({ what: 'length', max: 200, field: 'name' }))).toBe(tr('failure_too_long', { vendor: 'Callbell', field: 'name', max: 200 }));
		// a failure read back without its limit still says what happened
		expect(describeFailure(tr, failure(undefined))).toBe(tr('failure_too_large', { vendor: 'Callbell' }));
		expect(tr('failure_too_large_bytes', { vendor: 'Callbell', kb: 1024 })).toContain('1024');
	});
});

describe('cached copies of vendor lists', () => {
	const store = () => {
		const mem = new MemoryStore();
		return { mem, store: new StatusStore(mem.reader(), mem.writer()) };
	};
	const weight = (mem: MemoryStore) => Math.max(0, ...[...mem.records.values()].map((r) => JSON.stringify(r.data).length));

	it('a copy within the limit is kept and read back', async () => {
		const { store: s } = store();
		expect(await s.saveCache('callbell-statuses', [{ id: 'a', name: 'Lunch', emoji: '🍙' }])).toBe(true);
		expect((await s.cache('callbell-statuses'))?.list).toEqual([{ id: 'a', name: 'Lunch', emoji: '🍙' }]);
	});

	it('a copy over MAX_CACHE_BYTES is not kept, and the old copy goes too (never a stale or a cut list)', async () => {
		const { mem, store: s } = store();
		await s.saveCache('callbell-statuses', [{ id: 'a', name: 'Lunch' }]);
		const heavy = Array.from({ length: LIST_LIMITS.totalItems }, (_, i) => ({ id: `id-${i}`, name: '€'.repeat(LIST_LIMITS.nameLength) }));
		expect(await s.saveCache('callbell-statuses', heavy)).toBe(false);
		expect(await s.cache('callbell-statuses')).toBeUndefined();
		expect(weight(mem)).toBeLessThan(MAX_CACHE_BYTES);
	});

	it('a copy read back over the list limits (an older version wrote it) reads as absent', async () => {
		const { mem, store: s } = store();
		await s.raw().put(cacheKey('callbell-statuses'), { at: 1, list: [{ id: 'a', name: 'x'.repeat(LIST_LIMITS.nameLength + 1) }] });
		expect(await s.cache('callbell-statuses')).toBeUndefined();
		await s.raw().put(cacheKey('rc-presets'), { at: 1, list: Array.from({ length: LIST_LIMITS.totalItems + 1 }, (_, i) => ({ _id: `${i}`, name: 'n' })) });
		expect(await s.cache('rc-presets')).toBeUndefined();
		expect(mem.records.size).toBe(2);
	});
});

describe('utf8Length', () => {
	it.each([
		['', 0],
		['abc', 3],
		['é', 2],
		['€', 3],
		['😀', 4],
		['\ud800', 3],
		['a\udc00b', 5],
	])('%j is %i bytes', (text, bytes) => {
		expect(utf8Length(text)).toBe(bytes);
		if (!/[\ud800-\udfff]/.test(text)) expect(utf8Length(text)).toBe(Buffer.byteLength(text));
	});
});
