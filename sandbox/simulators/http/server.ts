/**
 * A simulator's HTTP server (plain `node:http`): listens, keeps the request log, the domain state, the
 * rate limiter and the fault knobs, and hands each request to the pipeline (pipeline.ts). Each
 * simulator (botpenguin.ts, callbell.ts, rocketchat.ts) extends it with its routes, error shape and state.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultKnobs } from './faults';
import { SlidingWindowLimiter } from './limiter';
import { RequestPipeline } from './pipeline';
import { Router } from './router';
import type { AfterApply, CommonOptions, Faults, RateLimit, RawAnswer, RecordedRequest, SimDefinition } from './types';

interface PendingDelay {
	timer: NodeJS.Timeout;
	resolve(ok: boolean): void;
}

const DEFAULT_MAX_BODY = 50 * 1024 * 1024;

export class SimServer<P, S> {
	readonly name: string;
	readonly requests: RecordedRequest[] = [];
	onRequest: ((req: RecordedRequest) => void) | undefined;

	private readonly def: SimDefinition<P, S>;
	private readonly limiter: SlidingWindowLimiter;
	private readonly knobs: FaultKnobs;
	private readonly defaultLimit: RateLimit | null;
	private readonly host: string;
	private readonly requestedPort: number;
	private readonly server: http.Server;
	private readonly sockets = new Set<Socket>();
	private readonly delays = new Set<PendingDelay>();
	private readonly events = new EventEmitter();
	private currentState: S;
	private boundPort = 0;
	private closed = false;
	private closing: Promise<void> | null = null;

	constructor(def: SimDefinition<P, S>, opts: CommonOptions = {}) {
		this.def = def;
		this.name = def.name;
		this.defaultLimit = opts.rateLimit === undefined ? def.defaultRateLimit : opts.rateLimit;
		this.limiter = new SlidingWindowLimiter(this.defaultLimit ? { ...this.defaultLimit } : null);
		this.knobs = new FaultKnobs(opts.random ?? Math.random);
		this.host = opts.host ?? '127.0.0.1';
		this.requestedPort = opts.port ?? 0;
		this.onRequest = opts.onRequest;
		if (opts.faults) this.setFaults(opts.faults);
		this.currentState = def.initialState();
		this.events.setMaxListeners(0);
		const pipeline = new RequestPipeline<P, S>({
			name: this.name,
			def,
			router: new Router(def.routes, def.basePath),
			limiter: this.limiter,
			knobs: this.knobs,
			maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY,
			requests: this.requests,
			state: () => this.currentState,
			closed: () => this.closed,
			delay: (ms) => this.delay(ms),
			finish: (rec) => this.finish(rec),
		});
		this.server = http.createServer((req, res) => {
			pipeline.handle(req, res).catch((err: unknown) => {
				// Should not happen (the pipeline catches handler errors); never leave the socket dangling.
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

	/** fault knobs; mutate directly or through setFaults() */
	get faults(): Faults {
		return this.knobs.faults;
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

	// ----- knobs (see faults.ts) ---------------------------------------------------------------

	/** null disables limiting; clears the per-token history. */
	setRateLimit(config: RateLimit | null): void {
		if (config && (!(config.limit >= 0) || !(config.windowMs > 0))) {
			throw new Error(`invalid rate limit ${JSON.stringify(config)}`);
		}
		this.limiter.config = config ? { ...config } : null;
		this.limiter.clear();
	}

	setFaults(patch: Partial<Faults>): void {
		this.knobs.setFaults(patch);
	}

	/** The next `n` requests (that reach routing) answer `status` in the endpoint's error shape; 429 carries Retry-After. */
	failNext(n: number, status: number, opts: { retryAfterSec?: number; message?: string } = {}): void {
		this.knobs.failNext(n, status, opts);
	}

	/** The next `n` requests (that reach routing) get exactly this answer (see FaultKnobs.answerNext). */
	answerNext(n: number, answer: RawAnswer): void {
		this.knobs.answerNext(n, answer);
	}

	/** The next `n` requests get a huge (`bytes`) or an endless 200 answer (see FaultKnobs.floodNext). */
	floodNext(n: number, size: number | 'endless', opts: { intervalMs?: number; status?: number } = {}): void {
		this.knobs.floodNext(n, size, opts);
	}

	/** The next `n` requests are accepted and never answered. */
	hangNext(n = 1): void {
		this.knobs.hangNext(n);
	}

	/** The next `n` requests get their socket destroyed without an answer. */
	resetNext(n = 1): void {
		this.knobs.resetNext(n);
	}

	/** The next `n` accepted requests are applied, then answered badly (see FaultKnobs.afterApplyNext). */
	afterApplyNext(n: number, kind: AfterApply, opts: { method?: string } = {}): void {
		this.knobs.afterApplyNext(n, kind, opts);
	}

	/** All fault knobs back to off (latency 0, errorRate 0, no hang/reset, empty failNext queue). */
	clearFaults(): void {
		this.knobs.clearFaults();
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
