/** The simulators' shared vocabulary: routes, replies, fault kinds and the request log entry. */
import type { IncomingHttpHeaders } from 'node:http';

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
	/** Sent as given instead of `body` as JSON (with `headers` deciding its content type). */
	raw?: string | Buffer;
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
