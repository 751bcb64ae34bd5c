/**
 * One request, start to answer. The order:
 *   read body → record → latency → reset / hang → route match (404) → failNext / errorRate →
 *   auth (401) → rate limit (429) → authorize (403) → body parse (400) → handler.
 * Faulted requests (failNext, errorRate, hang, reset) and unmatched routes do not count towards the
 * rate limit; anything answered after auth (2xx, 400, 403, 404 …) does. Requests answered 429 are not
 * counted either, so a client that backs off recovers once the window has passed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseBody, readBody, recordableBody } from './body';
import type { FaultKnobs } from './faults';
import { statusText } from './helpers';
import { retryAfterSeconds, type SlidingWindowLimiter } from './limiter';
import type { Router } from './router';
import { type AfterApply, type ErrorFormat, HttpError, type RecordedRequest, type SimDefinition } from './types';

/** What the pipeline needs from its server. */
export interface PipelineHost<P, S> {
	readonly name: string;
	readonly def: SimDefinition<P, S>;
	readonly router: Router<P, S>;
	readonly limiter: SlidingWindowLimiter;
	readonly knobs: FaultKnobs;
	readonly maxBodyBytes: number;
	readonly requests: RecordedRequest[];
	state(): S;
	closed(): boolean;
	/** Resolves true after `ms`, false when the server closes first. */
	delay(ms: number): Promise<boolean>;
	/** A request is answered or faulted: tell whoever waits for it. */
	finish(rec: RecordedRequest): void;
}

export class RequestPipeline<P, S> {
	constructor(private readonly h: PipelineHost<P, S>) {}

	async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = Date.now();
		const url = new URL(req.url ?? '/', 'http://sim.local');
		const method = (req.method ?? 'GET').toUpperCase();
		const rec: RecordedRequest = {
			sim: this.h.name,
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
		this.h.requests.push(rec);

		let raw: Buffer;
		try {
			raw = await readBody(req, this.h.maxBodyBytes);
		} catch (err) {
			if (err instanceof HttpError) {
				this.send(res, rec, err.status, this.h.def.error(err.status, err.message, {}), {});
			} else {
				req.socket.destroy();
			}
			return;
		}
		rec.body = recordableBody(req.headers, raw);

		if (this.h.knobs.faults.latencyMs > 0) {
			const ok = await this.h.delay(this.h.knobs.faults.latencyMs);
			if (!ok) return; // closing
		}
		if (this.h.closed()) return;

		if (this.h.knobs.takeReset()) {
			rec.fault = 'reset';
			this.h.finish(rec);
			req.socket.destroy();
			return;
		}
		if (this.h.knobs.takeHang()) {
			rec.fault = 'hang';
			this.h.finish(rec);
			return; // never answered; close() destroys the socket
		}

		const { relPath, match } = this.h.router.resolve(method, url.pathname);
		const errorFormat: ErrorFormat = match?.route.error ?? this.h.def.error;

		const verbatim = this.h.knobs.takeRawAnswer();
		if (verbatim) {
			rec.fault = 'answerNext';
			rec.status = verbatim.status;
			rec.answeredAt = Date.now();
			const payload = verbatim.body ?? '';
			res.writeHead(verbatim.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(payload)), ...(verbatim.headers ?? {}) });
			res.end(payload);
			this.h.finish(rec);
			return;
		}

		const failure = this.h.knobs.takeFailure();
		if (failure) {
			rec.fault = 'failNext';
			const headers: Record<string, string> =
				failure.status === 429 ? { 'retry-after': String(failure.retryAfterSec) } : {};
			const message = failure.message ?? statusText(failure.status);
			this.send(res, rec, failure.status, errorFormat(failure.status, message, {}), headers);
			return;
		}
		if (this.h.knobs.takeRandomError()) {
			rec.fault = 'errorRate';
			this.send(res, rec, 500, errorFormat(500, statusText(500), {}), {});
			return;
		}

		if (!match || relPath === null) {
			const msg = `Cannot ${method} ${url.pathname}`;
			this.send(res, rec, 404, this.h.def.error(404, msg, {}), {});
			return;
		}
		const { route, params } = match;

		const auth = route.auth(req.headers);
		if (!auth.ok) {
			this.send(res, rec, 401, errorFormat(401, auth.message, {}), {});
			return;
		}

		const waitMs = this.h.limiter.take(auth.rateKey, Date.now());
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
				state: this.h.state(),
				body,
				rawBody: raw,
				now: Date.now(),
				setRecordedBody: (value: unknown) => {
					rec.body = value;
				},
			});
			const status = reply.status ?? 200;
			const after = status < 300 ? this.h.knobs.takeAfterApply(req.method) : undefined;
			if (after) return this.answerBadly(req, res, rec, after);
			this.send(res, rec, status, reply.body, reply.headers ?? {}, reply.raw);
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
		if (kind === 'hang') return this.h.finish(rec);
		if (kind === 'reset') {
			this.h.finish(rec);
			req.socket.destroy();
			return;
		}
		const [type, payload] = kind === 'html' ? ['text/html', '<html><body>OK</body></html>'] : kind === 'truncated' ? ['application/json', '{"success":tr'] : ['application/json', ''];
		rec.status = 200;
		rec.answeredAt = Date.now();
		res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(payload)) });
		res.end(payload);
		this.h.finish(rec);
	}

	private send(
		res: ServerResponse,
		rec: RecordedRequest,
		status: number,
		body: unknown,
		headers: Record<string, string>,
		raw?: string | Buffer,
	): void {
		rec.status = status;
		rec.answeredAt = Date.now();
		if (!res.destroyed && !res.writableEnded) {
			const payload = raw ?? (body === undefined ? '' : JSON.stringify(body));
			res.writeHead(status, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': String(Buffer.byteLength(payload)),
				...headers,
			});
			res.end(payload);
		}
		this.h.finish(rec);
	}
}
