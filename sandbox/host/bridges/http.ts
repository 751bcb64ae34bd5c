/**
 * The sandbox's HTTP bridge, modelled on Rocket.Chat's (apps/meteor/app/apps/server/bridges/http.ts
 * over @rocket.chat/server-fetch, i.e. node-fetch 2), because the app's defences depend on exactly
 * what that bridge does:
 * - non-2xx answers are returned, not thrown;
 * - redirects are followed (up to 20) and the app cannot ask otherwise: custom headers such as
 *   `x-bp-token` go along, `Authorization`/`Cookie` are dropped when the next hop is another domain,
 *   303 (and 301/302 after POST) turn into a body-less GET;
 * - `ssrfValidation: true` checks every hop against private, loopback, link-local and metadata
 *   addresses unless the host is on the server's `SSRF_Allowlist` (hosts or IPs, comma or newline);
 *   a refused hop throws;
 * - `encoding: null` hands back the raw bytes and no `data`; otherwise `content` is the text and
 *   `data` is `JSON.parse(content)` only for JSON/JavaScript content types (null otherwise);
 * - time and size, as server-fetch over node-fetch 2 has them: `timeout` (default 3 minutes) bounds the
 *   wait for the answer's headers (server-fetch's abort timer, cleared once they arrive), then node-fetch's
 *   own `timeout` bounds reading the body, counted again from when reading starts ("Response timeout
 *   while trying to fetch … (over N ms)"); so a call can take up to twice `timeout`. Nothing bounds the
 *   size (node-fetch's `size` is 0): the whole body is read into memory and handed to the app.
 *   One difference: node-fetch leaves the connection of a timed-out body open; here it is closed, so a
 *   simulator's endless body does not outlive the test.
 */
import { isIP } from 'node:net';
import type { IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpBridge, type IHttpBridgeRequestInfo } from '@rocket.chat/apps-engine/server/bridges/HttpBridge';
import type { World } from '../world';
import { bridge } from './make';

const MAX_REDIRECTS = 20;
const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;
const JSON_TYPES = ['application/json', 'text/javascript', 'application/javascript', 'application/x-javascript'];

export interface HttpBridgeOptions {
	/** The server's `SSRF_Allowlist` setting at call time. */
	ssrfAllowlist: () => string;
	/** Each call's abort handle while it runs (the server stopping cuts it off); returns its release. */
	running?: (controller: AbortController) => () => void;
}

/** The reason of a call cut off by the server stopping. */
const stopping = () => Object.assign(new Error('The server is stopping.'), { name: 'AbortError', type: 'aborted' });

export async function httpCall(info: IHttpBridgeRequestInfo, opts: HttpBridgeOptions): Promise<IHttpResponse> {
	const { request } = info;
	let method = info.method.toUpperCase();
	let url = new URL(info.url);
	for (const [k, v] of Object.entries(request.params ?? {})) if (v) url.searchParams.append(k, v);
	if (request.query) for (const [k, v] of new URLSearchParams(request.query)) url.searchParams.append(k, v);
	let headers: Record<string, string> = { ...(request.headers ?? {}) };
	let body: string | undefined = request.content;
	if (body === undefined && request.data !== undefined && request.data !== null) {
		body = JSON.stringify(request.data);
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
	}
	if (method === 'GET' || method === 'HEAD') body = undefined;
	const timeout = request.timeout || DEFAULT_TIMEOUT_MS;
	const allowlist = request.ssrfValidation === true ? parseAllowlist(opts.ssrfAllowlist()) : undefined;
	const controller = new AbortController();
	const release = opts.running?.(controller);
	try {
		return await answer(url, method, headers, body, info, request, controller, timeout, allowlist);
	} finally {
		release?.();
	}
}

async function answer(
	url: URL,
	method: string,
	headers: Record<string, string>,
	body: string | undefined,
	info: IHttpBridgeRequestInfo,
	request: IHttpBridgeRequestInfo['request'],
	controller: AbortController,
	timeout: number,
	allowlist: string[] | undefined,
): Promise<IHttpResponse> {
	const signal = controller.signal;
	// server-fetch: aborts the request when no answer (headers) came within `timeout`
	const headersTimer = setTimeout(() => controller.abort(Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' })), timeout);

	for (let hop = 0; ; hop++) {
		if (allowlist && !ssrfAllowed(url, allowlist)) {
			clearTimeout(headersTimer);
			throw new Error(`error-ssrf-validation: request to ${url.origin} refused (private or reserved address)`);
		}
		let res: Response;
		try {
			res = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
		} catch (e) {
			clearTimeout(headersTimer);
			throw signal.aborted ? signal.reason : e;
		}
		const location = res.headers.get('location');
		if (res.status >= 300 && res.status < 400 && location && hop < MAX_REDIRECTS) {
			await res.arrayBuffer();
			const next = new URL(location, url);
			if (!sameDomainOrSubdomain(url.hostname, next.hostname)) headers = dropHeaders(headers, ['authorization', 'www-authenticate', 'cookie', 'cookie2']);
			if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
				method = 'GET';
				body = undefined;
				headers = dropHeaders(headers, ['content-type', 'content-length']);
			}
			url = next;
			continue;
		}
		clearTimeout(headersTimer);
		const bytes = await readBodyWithin(res, controller, timeout, info.url);
		const resHeaders: Record<string, string> = {};
		res.headers.forEach((v, k) => (resHeaders[k] = v));
		// Like Rocket.Chat: the requested URL, not where the redirects ended (the app cannot see them).
		const result: IHttpResponse = { url: info.url, method: info.method, statusCode: res.status, headers: resHeaders };
		if (request.encoding === null) {
			result.content = bytes as unknown as string;
			return result;
		}
		result.content = bytes.toString((request.encoding ?? 'utf8') as BufferEncoding);
		const type = (res.headers.get('content-type') ?? '').split(';')[0];
		result.data = null;
		if (JSON_TYPES.includes(type)) {
			try {
				result.data = JSON.parse(result.content);
			} catch {
				result.data = null;
			}
		}
		return result;
	}
}

/** node-fetch 2's body read: all of it, however big, unless it takes longer than `timeout` from now. */
async function readBodyWithin(res: Response, controller: AbortController, timeout: number, url: string): Promise<Buffer> {
	const bodyTimer = setTimeout(() => controller.abort(Object.assign(new Error(`Response timeout while trying to fetch ${url} (over ${timeout}ms)`), { name: 'FetchError', type: 'body-timeout' })), timeout);
	try {
		return Buffer.from(await res.arrayBuffer());
	} catch (e) {
		throw controller.signal.aborted ? controller.signal.reason : e;
	} finally {
		clearTimeout(bodyTimer);
	}
}

function dropHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));
}

function sameDomainOrSubdomain(original: string, next: string): boolean {
	return next === original || next.endsWith(`.${original}`);
}

function parseAllowlist(text: string): string[] {
	return text
		.split(/[,\n]/)
		.map((s) => s.trim().toLowerCase())
		.filter(Boolean);
}

/** Rocket.Chat's SSRF rule, by address literal and well-known names (the sandbox does no DNS). */
function ssrfAllowed(url: URL, allowlist: string[]): boolean {
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
	const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (allowlist.includes(host)) return true;
	if (host === 'localhost' || host.endsWith('.localhost') || /metadata\.google\.internal/.test(host)) return false;
	const family = isIP(host);
	if (family === 4) {
		const [a, b] = host.split('.').map(Number);
		return !(a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224);
	}
	if (family === 6) return !(host === '::' || host === '::1' || /^(fc|fd|fe[89ab])/.test(host) || host.startsWith('::ffff:'));
	return true;
}

/** The bridge itself: every call checked against the world's `SSRF_Allowlist` at call time. */
/**
 * The server's HTTP bridge. `end()` is the server stopping: every call still running (an endless
 * answer, a body read the app stopped waiting for) is cut off and settles, so the engine answers the
 * app's process while it still runs — a late answer to a stopped process is an engine error that
 * would land in whatever host is running then.
 */
export function httpBridge(w: World): { bridge: HttpBridge; end: () => Promise<void> } {
	let stopped = false;
	const controllers = new Set<AbortController>();
	const running = new Set<Promise<unknown>>();
	const track = (controller: AbortController) => {
		if (stopped) controller.abort(stopping());
		controllers.add(controller);
		return () => void controllers.delete(controller);
	};
	const call = (info: IHttpBridgeRequestInfo) => {
		const p = httpCall(info, { ssrfAllowlist: () => String(w.serverSettings.get('SSRF_Allowlist')?.value ?? ''), running: track });
		running.add(p);
		const done = () => running.delete(p);
		p.then(done, done);
		return p;
	};
	return {
		bridge: bridge(HttpBridge, { call }),
		end: async () => {
			stopped = true;
			for (const controller of controllers) controller.abort(stopping());
			await Promise.allSettled([...running]);
			// the engine hands each settled call's answer to the app's process on the next turns
			await new Promise((r) => setTimeout(r, 20));
		},
	};
}
