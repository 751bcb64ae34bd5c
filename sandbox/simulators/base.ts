/**
 * Shared machinery for the vendor simulators: an HTTP server (plain `node:http`) with routing,
 * body reading, auth-first checking, a per-token sliding-window rate limiter, fault knobs and a
 * request log. Each simulator (botpenguin.ts, callbell.ts, rocketchat.ts) only declares its routes,
 * its error body shape and its domain state.
 *
 * Order in which a request is processed:
 *   read body → record → latency → reset / hang → route match (404) → failNext / errorRate →
 *   auth (401) → rate limit (429) → authorize (403) → body parse (400) → handler.
 * Faulted requests (failNext, errorRate, hang, reset) and unmatched routes do not count towards the
 * rate limit; anything answered after auth (2xx, 400, 403, 404 …) does. Requests answered 429 are not
 * counted either, so a client that backs off recovers once the window has passed.
 */
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Public types

export interface RateLimit {
	/** requests allowed per token within `windowMs` */
	limit: number;
	windowMs: number;
}

export interface Faults {
	/** delay (ms) before every answer (also before hang/reset take effect) */
	latencyMs: number;
	/** 0..1 chance that a request is answered 500 without being applied */
	errorRate: number;
	/** while true every request is accepted and never answered */
	hang: boolean;
	/** while true every request's socket is destroyed without an answer */
	reset: boolean;
}

export type FaultKind = 'failNext' | 'errorRate' | 'hang' | 'reset' | 'answerNext' | `applied+${AfterApply}`;
/** What goes wrong after a request was applied (see `afterApplyNext`). */
export type AfterApply = 'hang' | 'reset' | 'html' | 'truncated' | 'empty';

/** A verbatim answer for `answerNext`: the body is sent as given (default content-type JSON). */
export interface RawAnswer {
	status: number;
	headers?: Record<string, string>;
	body?: string;
}

export interface RecordedRequest {
	/** simulator name, e.g. 'botpenguin' */
	sim: string;
	method: string;
	/** full URL path as received (without the query string) */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** parsed JSON, parsed form (object of strings), a summary for multipart, the raw string otherwise */
	body: unknown;
	/** status answered; 0 while unanswered and for hang/reset */
	status: number;
	/** epoch ms when the request arrived */
	at: number;
	/** epoch ms when the answer was sent (null: not answered) */
	answeredAt: number | null;
	/** set when a fault knob decided the outcome */
	fault?: FaultKind;
	/** true when answered 429 by the rate limiter */
	rateLimited: boolean;
}

export interface CommonOptions {
	/** default 127.0.0.1 */
	host?: string;
	/** default 0 (random free port) */
	port?: number;
	/** overrides the simulator's default limit; null disables rate limiting */
	rateLimit?: RateLimit | null;
	/** initial fault knobs */
	faults?: Partial<Faults>;
	/** random source for errorRate (default Math.random) */
	random?: () => number;
	/** called for every request once it is answered or faulted (e.g. for a CLI traffic log) */
	onRequest?: (req: RecordedRequest) => void;
	/** max accepted body size in bytes (default 50 MB); bigger → 413 */
	maxBodyBytes?: number;
}

export interface Reply {
	status?: number;
	body: unknown;
	headers?: Record<string, string>;
}

/** Thrown by handlers (and by the validation helpers) to answer an error in the route's error shape. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly details: Record<string, unknown> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = 'HttpError';
	}
}

/** Builds an error body in a system's (or endpoint's) documented error shape. */
export type ErrorFormat = (status: number, message: string, details: Record<string, unknown>) => unknown;

export type AuthOutcome<P> = { ok: true; principal: P; rateKey: string } | { ok: false; message: string };

/**
 * none: body ignored · json: Content-Type application/json required, body must be a JSON value ·
 * json-or-form: JSON or application/x-www-form-urlencoded (empty body → {}) · raw: handler reads rawBody.
 */
export type BodyMode = 'none' | 'json' | 'json-or-form' | 'raw';

export interface HandlerContext<P, S> {
	method: string;
	/** path relative to the simulator's basePath */
	path: string;
	params: Record<string, string>;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	principal: P;
	state: S;
	/** parsed body according to the route's BodyMode (undefined for 'none', the Buffer's text for 'raw') */
	body: unknown;
	rawBody: Buffer;
	/** epoch ms at which the handler runs */
	now: number;
	/** replaces what the request log shows as the body (e.g. a summary of an upload) */
	setRecordedBody(value: unknown): void;
}

export interface Route<P, S> {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
	/** pattern relative to basePath; `:name` matches one path segment */
	path: string;
	body: BodyMode;
	/** error body shape for this endpoint (defaults to the simulator's) */
	error?: ErrorFormat;
	auth(headers: IncomingHttpHeaders): AuthOutcome<P>;
	/** optional permission check after auth and rate limit, before the body is parsed; return a message to answer 403 */
	authorize?(principal: P): string | null;
	handle(ctx: HandlerContext<P, S>): Reply | Promise<Reply>;
}

export interface SimDefinition<P, S> {
	name: string;
	/** path prefix every route lives under ('' or e.g. '/v1'); part of `url` */
	basePath: string;
	defaultRateLimit: RateLimit | null;
	/** error shape for unmatched routes and endpoints without their own */
	error: ErrorFormat;
	initialState(): S;
	routes: Array<Route<P, S>>;
}

// ---------------------------------------------------------------------------------------------
// Small helpers shared by the simulators

/** First value of a header (node lowercases names). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const v = headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

/** Token from `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const v = header(headers, 'authorization');
	if (!v) return undefined;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
	return m ? m[1] : undefined;
}

export function mediaType(headers: IncomingHttpHeaders): string {
	return (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonMedia(type: string): boolean {
	return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export const OBJECT_ID_MESSAGE =
	'Argument passed in must be a single String of 12 bytes or a string of 24 hex characters';

/** A Mongo ObjectId string (24 hex); anything else (including non-strings) gets OBJECT_ID_MESSAGE. */
export function objectId() {
	return z
		.string({ invalid_type_error: OBJECT_ID_MESSAGE })
		.regex(/^[0-9a-fA-F]{24}$/, { message: OBJECT_ID_MESSAGE });
}

export function isHttpUrl(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
	} catch {
		return false;
	}
}

/** One readable line from a zod error: the OBJECT_ID_MESSAGE as is, otherwise `path: message`. */
export function zodMessage(error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return 'Invalid request body';
	if (issue.message === OBJECT_ID_MESSAGE) return issue.message;
	const where = issue.path.join('.');
	return where ? `${where}: ${issue.message}` : issue.message;
}

/** Parses with a zod schema; a failure becomes HttpError(400, message). */
export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown): z.output<T> {
	const r = schema.safeParse(value);
	if (!r.success) throw new HttpError(400, zodMessage(r.error));
	return r.data as z.output<T>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Meteor-style random id (17 chars), as Rocket.Chat uses. */
export function randomId(length = 17): string {
	const alphabet = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
	return out;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	408: 'Request Timeout',
	409: 'Conflict',
	413: 'Payload Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};
export function statusText(status: number): string {
	return STATUS_TEXT[status] ?? http.STATUS_CODES[status] ?? `HTTP ${status}`;
}

// ---------------------------------------------------------------------------------------------
// Rate limiter: sliding log per key; only accepted requests are logged.

export class SlidingWindowLimiter {
	private readonly hits = new Map<string, number[]>();
	constructor(public config: RateLimit | null) {}

	/** null when allowed (and counted), otherwise ms until a slot frees up. */
	take(key: string, now: number): number | null {
		if (!this.config) return null;
		const { limit, windowMs } = this.config;
		const list = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
		if (list.length >= limit) {
			this.hits.set(key, list);
			return Math.max(1, list[0] + windowMs - now);
		}
		list.push(now);
		this.hits.set(key, list);
		return null;
	}

	clear(): void {
		this.hits.clear();
	}
}

export function retryAfterSeconds(ms: number): number {
	return Math.max(1, Math.ceil(ms / 1000));
}

// ---------------------------------------------------------------------------------------------
// The server

interface CompiledRoute<P, S> {
	route: Route<P, S>;
	segments: string[];
}

interface PendingDelay {
	timer: NodeJS.Timeout;
	resolve(ok: boolean): void;
}

interface FailSpec {
	status: number;
	retryAfterSec: number;
	message?: string;
}

const DEFAULT_MAX_BODY = 50 * 1024 * 1024;

export class SimServer<P, S> {
	readonly name: string;
	readonly requests: RecordedRequest[] = [];
	/** fault knobs; mutate directly or through setFaults() */
	readonly faults: Faults = { latencyMs: 0, errorRate: 0, hang: false, reset: false };
	onRequest: ((req: RecordedRequest) => void) | undefined;

	private readonly def: SimDefinition<P, S>;
	private readonly compiled: Array<CompiledRoute<P, S>>;
	private readonly limiter: SlidingWindowLimiter;
	private readonly defaultLimit: RateLimit | null;
	private readonly random: () => number;
	private readonly maxBodyBytes: number;
	private readonly host: string;
	private readonly requestedPort: number;
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly delays = new Set<PendingDelay>();
	private readonly events = new EventEmitter();
	private failQueue: FailSpec[] = [];
	private afterApplyQueue: Array<{ kind: AfterApply; method?: string }> = [];
	private rawQueue: RawAnswer[] = [];
	private hangCount = 0;
	private resetCount = 0;
	private currentState: S;
	private boundPort = 0;
	private closed = false;
	private closing: Promise<void> | null = null;

	constructor(def: SimDefinition<P, S>, opts: CommonOptions = {}) {
		this.def = def;
		this.name = def.name;
		this.compiled = def.routes.map((route) => ({ route, segments: splitPath(route.path) }));
		this.defaultLimit = opts.rateLimit === undefined ? def.defaultRateLimit : opts.rateLimit;
		this.limiter = new SlidingWindowLimiter(this.defaultLimit ? { ...this.defaultLimit } : null);
		this.random = opts.random ?? Math.random;
		this.maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
		this.host = opts.host ?? '127.0.0.1';
		this.requestedPort = opts.port ?? 0;
		this.onRequest = opts.onRequest;
		if (opts.faults) this.setFaults(opts.faults);
		this.currentState = def.initialState();
		this.events.setMaxListeners(0);
		this.server = http.createServer((req, res) => {
			this.onHttp(req, res).catch((err: unknown) => {
				// Should not happen (onHttp catches handler errors); never leave the socket dangling.
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(String(err));
				}
			});
		});
		this.server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		// Fetch clients reuse connections; keep that cheap but bounded.
		this.server.keepAliveTimeout = 5_000;
	}

	/** Live domain state (replaced by resetState()). */
	get state(): S {
		return this.currentState;
	}

	get port(): number {
		return this.boundPort;
	}

	/** Base URL the app should be configured with (includes basePath, no trailing slash). */
	get url(): string {
		const host = this.host.includes(':') ? `[${this.host}]` : this.host;
		return `http://${host}:${this.boundPort}${this.def.basePath}`;
	}

	get rateLimit(): RateLimit | null {
		return this.limiter.config ? { ...this.limiter.config } : null;
	}

	async listen(): Promise<this> {
		await new Promise<void>((resolve, reject) => {
			const onError = (err: Error) => reject(err);
			this.server.once('error', onError);
			this.server.listen(this.requestedPort, this.host, () => {
				this.server.off('error', onError);
				resolve();
			});
		});
		this.boundPort = (this.server.address() as AddressInfo).port;
		return this;
	}

	// ----- knobs ------------------------------------------------------------------------------

	/** null disables limiting; clears the per-token history. */
	setRateLimit(config: RateLimit | null): void {
		if (config && (!(config.limit >= 0) || !(config.windowMs > 0))) {
			throw new Error(`invalid rate limit ${JSON.stringify(config)}`);
		}
		this.limiter.config = config ? { ...config } : null;
		this.limiter.clear();
	}

	setFaults(patch: Partial<Faults>): void {
		if (patch.errorRate !== undefined && !(patch.errorRate >= 0 && patch.errorRate <= 1)) {
			throw new Error('errorRate must be within 0..1');
		}
		if (patch.latencyMs !== undefined && !(patch.latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
		Object.assign(this.faults, patch);
	}

	/** The next `n` requests (that reach routing) answer `status` in the endpoint's error shape; 429 carries Retry-After. */
	failNext(n: number, status: number, opts: { retryAfterSec?: number; message?: string } = {}): void {
		for (let i = 0; i < n; i++) {
			this.failQueue.push({ status, retryAfterSec: opts.retryAfterSec ?? 1, message: opts.message });
		}
	}

	/**
	 * The next `n` requests (that reach routing) get exactly this answer: any status, headers and raw
	 * body text, e.g. a JSON body with a `"__proto__"` key (which `JSON.stringify` of an object
	 * literal cannot produce) or a `307` with a `Location` to another origin. Served before failNext.
	 */
	answerNext(n: number, answer: RawAnswer): void {
		for (let i = 0; i < n; i++) this.rawQueue.push({ ...answer });
	}

	/** The next `n` requests are accepted and never answered. */
	hangNext(n = 1): void {
		this.hangCount += n;
	}

	/** The next `n` requests get their socket destroyed without an answer. */
	resetNext(n = 1): void {
		this.resetCount += n;
	}

	/**
	 * The next `n` requests that a handler accepts are APPLIED (state changes as usual), and then the
	 * answer goes wrong: `hang` (never answered, the client times out), `reset` (socket destroyed), or a
	 * 200 whose body cannot be read (`html`, `truncated` JSON, `empty`). The outcome the client sees is
	 * one it cannot tell from a request that never arrived — except the 2xx ones. With `method`, only
	 * requests of that method take it (e.g. the POST after a look-up GET).
	 */
	afterApplyNext(n: number, kind: AfterApply, opts: { method?: string } = {}): void {
		for (let i = 0; i < n; i++) this.afterApplyQueue.push({ kind, ...(opts.method ? { method: opts.method } : {}) });
	}

	/** All fault knobs back to off (latency 0, errorRate 0, no hang/reset, empty failNext queue). */
	clearFaults(): void {
		Object.assign(this.faults, { latencyMs: 0, errorRate: 0, hang: false, reset: false });
		this.failQueue = [];
		this.afterApplyQueue = [];
		this.rawQueue = [];
		this.hangCount = 0;
		this.resetCount = 0;
	}

	/** Empties the request log. */
	clear(): void {
		this.requests.length = 0;
	}

	/** Domain state back to the seeds; also forgets the rate-limit history. Knobs are kept. */
	resetState(): void {
		this.currentState = this.def.initialState();
		this.limiter.clear();
	}

	/** clear() + resetState() + clearFaults() + the initial rate limit. */
	resetAll(): void {
		this.clear();
		this.clearFaults();
		this.setRateLimit(this.defaultLimit);
		this.resetState();
	}

	/**
	 * Resolves with the first finished (answered or faulted) request matching `predicate`,
	 * looking at the log first, then waiting up to `timeoutMs`.
	 */
	waitForRequest(predicate: (r: RecordedRequest) => boolean = () => true, timeoutMs = 5_000): Promise<RecordedRequest> {
		const done = (r: RecordedRequest) => r.status !== 0 || r.fault !== undefined;
		const found = this.requests.find((r) => done(r) && predicate(r));
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const onDone = (r: RecordedRequest) => {
				if (!predicate(r)) return;
				clearTimeout(timer);
				this.events.off('done', onDone);
				resolve(r);
			};
			const timer = setTimeout(() => {
				this.events.off('done', onDone);
				reject(new Error(`${this.name}: no matching request within ${timeoutMs} ms`));
			}, timeoutMs);
			this.events.on('done', onDone);
		});
	}

	/** Stops listening and destroys every open socket (including hanging requests). */
	close(): Promise<void> {
		if (this.closing) return this.closing;
		this.closed = true;
		for (const d of this.delays) {
			clearTimeout(d.timer);
			d.resolve(false);
		}
		this.delays.clear();
		this.closing = new Promise<void>((resolve) => {
			if (!this.server.listening) return resolve();
			this.server.close(() => resolve());
			for (const s of this.sockets) s.destroy();
			this.sockets.clear();
		});
		return this.closing;
	}

	// ----- request processing -----------------------------------------------------------------

	private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://sim.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const rec: RecordedRequest = {
			sim: this.name,
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers },
			body: undefined,
			status: 0,
			at,
			answeredAt: null,
			rateLimited: false,
		};
		this.requests.push(rec);

		let raw: Buffer;
		try {
			raw = await readBody(req, this.maxBodyBytes);
		} catch (err) {
			if (err instanceof HttpError) {
				this.send(res, rec, err.status, this.def.error(err.status, err.message, {}), {});
			} else {
				req.socket.destroy();
			}
			return;
		}
		rec.body = recordableBody(req.headers, raw);

		if (this.faults.latencyMs > 0) {
			const ok = await this.delay(this.faults.latencyMs);
			if (!ok) return; // closing
		}
		if (this.closed) return;

		if (this.resetCount > 0 || this.faults.reset) {
			if (this.resetCount > 0) this.resetCount--;
			rec.fault = 'reset';
			this.finish(rec);
			req.socket.destroy();
			return;
		}
		if (this.hangCount > 0 || this.faults.hang) {
			if (this.hangCount > 0) this.hangCount--;
			rec.fault = 'hang';
			this.finish(rec);
			return; // never answered; close() destroys the socket
		}

		const relPath = stripBase(url.pathname, this.def.basePath);
		const match = relPath === null ? null : this.match(method, relPath);
		const errorFormat: ErrorFormat = match?.route.error ?? this.def.error;

		const verbatim = this.rawQueue.shift();
		if (verbatim) {
			rec.fault = 'answerNext';
			rec.status = verbatim.status;
			rec.answeredAt = Date.now();
			const payload = verbatim.body ?? '';
			res.writeHead(verbatim.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload)), ...(verbatim.headers ?? {}) });
			res.end(payload);
			this.finish(rec);
			return;
		}

		const failure = this.failQueue.shift();
		if (failure) {
			rec.fault = 'failNext';
			const headers: Record<string, string> =
				failure.status === 429 ? { 'retry-after': String(failure.retryAfterSec) } : {};
			const message = failure.message ?? statusText(failure.status);
			this.send(res, rec, failure.status, errorFormat(failure.status, message, {}), headers);
			return;
		}
		if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) {
			rec.fault = 'errorRate';
			this.send(res, rec, 500, errorFormat(500, statusText(500), {}), {});
			return;
		}

		if (!match || relPath === null) {
			const msg = `Cannot ${method} ${url.pathname}`;
			this.send(res, rec, 404, this.def.error(404, msg, {}), {});
			return;
		}
		const { route, params } = match;

		const auth = route.auth(req.headers);
		if (!auth.ok) {
			this.send(res, rec, 401, errorFormat(401, auth.message, {}), {});
			return;
		}

		const waitMs = this.limiter.take(auth.rateKey, Date.now());
		if (waitMs !== null) {
			rec.rateLimited = true;
			const secs = retryAfterSeconds(waitMs);
			this.send(
				res,
				rec,
				429,
				errorFormat(429, `Rate limit exceeded, retry after ${secs} s`, { retryAfter: secs }),
				{ 'retry-after': String(secs) },
			);
			return;
		}

		if (route.authorize) {
			const denied = route.authorize(auth.principal);
			if (denied !== null) {
				this.send(res, rec, 403, errorFormat(403, denied, {}), {});
				return;
			}
		}

		try {
			const body = parseBody(route.body, req.headers, raw);
			const reply = await route.handle({
				method,
				path: relPath,
				params,
				query: url.searchParams,
				headers: req.headers,
				principal: auth.principal,
				state: this.currentState,
				body,
				rawBody: raw,
				now: Date.now(),
				setRecordedBody: (value: unknown) => {
					rec.body = value;
				},
			});
			const status = reply.status ?? 200;
			const queued = this.afterApplyQueue[0];
			const after = status < 300 && queued && (!queued.method || queued.method === req.method) ? this.afterApplyQueue.shift()?.kind : undefined;
			if (after) return this.answerBadly(req, res, rec, after);
			this.send(res, rec, status, reply.body, reply.headers ?? {});
		} catch (err) {
			if (err instanceof HttpError) {
				this.send(res, rec, err.status, errorFormat(err.status, err.message, err.details), err.headers);
			} else {
				const msg = err instanceof Error ? err.message : String(err);
				this.send(res, rec, 500, errorFormat(500, `Simulator error: ${msg}`, {}), {});
			}
		}
	}

	private answerBadly(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest, kind: AfterApply): void {
		rec.fault = `applied+${kind}`;
		if (kind === 'hang') return this.finish(rec);
		if (kind === 'reset') {
			this.finish(rec);
			req.socket.destroy();
			return;
		}
		const [type, payload] = kind === 'html' ? ['text/html', '<html><body>OK</body></html>'] : kind === 'truncated' ? ['application/json', '{"success":tr'] : ['application/json', ''];
		rec.status = 200;
		rec.answeredAt = Date.now();
		res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(payload)) });
		res.end(payload);
		this.finish(rec);
	}

	private match(method: string, relPath: string): { route: Route<P, S>; params: Record<string, string> } | null {
		const segs = splitPath(relPath);
		for (const c of this.compiled) {
			if (c.route.method !== method) continue;
			const params = matchSegments(c.segments, segs);
			if (params) return { route: c.route, params };
		}
		return null;
	}

	private send(
		res: ServerResponse,
		rec: RecordedRequest,
		status: number,
		body: unknown,
		headers: Record<string, string>,
	): void {
		rec.status = status;
		rec.answeredAt = Date.now();
		if (!res.destroyed && !res.writableEnded) {
			const payload = body === undefined ? '' : JSON.stringify(body);
			res.writeHead(status, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': String(Buffer.byteLength(payload)),
				...headers,
			});
			res.end(payload);
		}
		this.finish(rec);
	}

	private finish(rec: RecordedRequest): void {
		this.events.emit('done', rec);
		if (this.onRequest) {
			try {
				this.onRequest(rec);
			} catch {
				// a logging hook must not break the simulator
			}
		}
	}

	private delay(ms: number): Promise<boolean> {
		return new Promise<boolean>((resolve) => {
			const entry: PendingDelay = {
				timer: setTimeout(() => {
					this.delays.delete(entry);
					resolve(true);
				}, ms),
				resolve,
			};
			this.delays.add(entry);
		});
	}
}

// ---------------------------------------------------------------------------------------------
// internals

function splitPath(path: string): string[] {
	return path.split('/').filter((s) => s.length > 0);
}

function stripBase(pathname: string, basePath: string): string | null {
	if (!basePath) return pathname;
	if (pathname === basePath) return '/';
	return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
	if (pattern.length !== actual.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (p.startsWith(':')) {
			try {
				params[p.slice(1)] = decodeURIComponent(actual[i]);
			} catch {
				return null;
			}
		} else if (p !== actual[i]) {
			return null;
		}
	}
	return params;
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooBig = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > max) {
				tooBig = true;
				return;
			}
			if (!tooBig) chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooBig) reject(new HttpError(413, `Body larger than ${max} bytes`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', (err) => reject(err));
	});
}

function formToObject(text: string): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(text));
}

/** What the request log shows as the body, independent of the route. */
function recordableBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
	if (raw.length === 0) return undefined;
	const type = mediaType(headers);
	const text = raw.toString('utf8');
	if (isJsonMedia(type)) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text;
		}
	}
	if (type === 'application/x-www-form-urlencoded') return formToObject(text);
	if (type.startsWith('multipart/')) return { multipart: true, bytes: raw.length };
	return text;
}

function parseJson(raw: Buffer): unknown {
	const text = raw.toString('utf8');
	if (text.trim().length === 0) throw new HttpError(400, 'Request body is required');
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		const why = err instanceof Error ? err.message : String(err);
		throw new HttpError(400, `Malformed JSON body: ${why}`);
	}
}

function parseBody(mode: BodyMode, headers: IncomingHttpHeaders, raw: Buffer): unknown {
	switch (mode) {
		case 'none':
			return undefined;
		case 'raw':
			return raw.toString('utf8');
		case 'json': {
			const type = mediaType(headers);
			if (!isJsonMedia(type)) {
				throw new HttpError(400, `Content-Type must be application/json (got ${type || 'none'})`);
			}
			return parseJson(raw);
		}
		case 'json-or-form': {
			const type = mediaType(headers);
			if (raw.length === 0 && (type === '' || isJsonMedia(type) || type === 'application/x-www-form-urlencoded')) {
				return {};
			}
			if (isJsonMedia(type)) return parseJson(raw);
			if (type === 'application/x-www-form-urlencoded') return formToObject(raw.toString('utf8'));
			throw new HttpError(
				400,
				`Content-Type must be application/json or application/x-www-form-urlencoded (got ${type || 'none'})`,
			);
		}
	}
}
