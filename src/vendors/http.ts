import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type * as z from '../zod';
import { type CallFailure, fail, failureOfStatus, ok, type Vendor, type VendorFailure, type VendorResult } from './errors';
import { vendorMessage } from './error-body';
import { cleanMessage } from './failure-message';
import { type AnswerLimit, answerSize, limitOfIssue, limitText, MAX_ANSWER_BYTES } from './limits';
import { isRecord, RAW_BODY, readBody, readHeaders } from './safe-json';

/**
 * The one door to the network: every vendor call goes through `VendorHttp.request`, which never
 * throws and turns whatever happened (status, thrown error, hung bridge, odd body) into a
 * `VendorResult`. Its parts live next to it, one concern each: reading the answer (safe-json.ts), the
 * status taxonomy (errors.ts), how much of an answer is read (limits.ts), `Retry-After` (retry-after.ts), the vendor's error words
 * (error-body.ts), failure messages with secrets masked (failure-message.ts); the settings a client
 * checks before calling are in required-settings.ts.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpOk<T> {
	status: number;
	data: T;
	/** Response headers, names lower-cased. */
	headers: Record<string, string>;
}

/** A schema for a 2xx body; its input is whatever the vendor sent. */
export type BodySchema<T> = z.Schema<T>;

/**
 * What a 2xx answer to a write says: the vendor's answer in the documented shape (`confirmed`), or
 * nothing the app can read (HTML, cut short, empty, another shape) — the vendor took the write anyway.
 */
export type Written<T> = { confirmed: true; data: T } | { confirmed: false };

export interface RequestSpec {
	vendor: Vendor;
	method: HttpMethod;
	url: string;
	headers?: Record<string, string>;
	/** Sent as JSON (`Content-Type: application/json`) when not undefined. */
	body?: unknown;
	/** Values masked as `***` in every failure message, in every encoding (see masking.ts). */
	secrets: string[];
	/**
	 * Epoch ms by which this call must be over (a list read across pages shares one HTTP timeout): the
	 * call gets what is left, at most the timeout; none left fails as a timeout without calling.
	 */
	deadline?: number;
}

export interface VendorHttpOptions {
	timeoutMs: number;
	/**
	 * Ask Rocket.Chat to refuse private, loopback and metadata addresses on every hop, redirects
	 * included (`IHttpRequest.ssrfValidation`; servers without it ignore the flag). Vendor calls set
	 * it; the call to the server's own Site_Url does not.
	 */
	ssrfValidation?: boolean;
	/** Clock for `Retry-After` dates; tests pin it. */
	now?: () => number;
}

// The app is type-checked without DOM or Node typings (`types: []`), yet the Deno runtime has these
// (declared in src/runtime-globals.d.ts). Never reach them through `globalThis`: the runtime hides it.
const host = { setTimeout: (cb: () => void, ms: number) => setTimeout(cb, ms), clearTimeout: (h: unknown) => clearTimeout(h) };

const TIMED_OUT = Symbol('timed out');
type Settled = { response: IHttpResponse } | { error: unknown } | typeof TIMED_OUT;

export class VendorHttp {
	private readonly timeoutMs: number;
	private readonly now: () => number;
	private readonly ssrfValidation: boolean;

	constructor(
		private readonly http: IHttp,
		opts: VendorHttpOptions,
	) {
		this.timeoutMs = Number.isFinite(opts.timeoutMs) && opts.timeoutMs > 0 ? Math.floor(opts.timeoutMs) : 10_000;
		this.now = opts.now ?? (() => Date.now());
		this.ssrfValidation = opts.ssrfValidation === true;
	}

	/**
	 * A write (every vendor write goes through here), and the one rule for a 2xx whose body cannot be
	 * read: the write is **delivered, unconfirmed** (`{confirmed: false}`) — the vendor took it, and
	 * sending it again could apply it twice. A read (`request` with a schema) fails on such a body
	 * instead (`unavailable/server`, retried): the app needs what it asked for. A write without a schema
	 * has no documented answer to confirm it: always `{confirmed: false}`.
	 */
	public async write<T = never>(spec: RequestSpec & { schema?: BodySchema<T> }): Promise<VendorResult<HttpOk<Written<T>>>> {
		const result = await this.request({ ...spec, schema: undefined });
		if (!result.ok) return result;
		const parsed = spec.schema?.safeParse(result.value.data);
		const data: Written<T> = parsed?.success ? { confirmed: true, data: parsed.data } : { confirmed: false };
		return ok({ ...result.value, data }, result.status);
	}

	request<T>(spec: RequestSpec & { schema: BodySchema<T> }): Promise<VendorResult<HttpOk<T>>>;
	request(spec: RequestSpec & { schema?: undefined }): Promise<VendorResult<HttpOk<unknown>>>;
	async request<T>(spec: RequestSpec & { schema?: BodySchema<T> }): Promise<VendorResult<HttpOk<T | unknown>>> {
		try {
			return await this.send(spec);
		} catch (error) {
			// Nothing above should throw; this keeps the promise of "never throws" anyway. Where it threw is
			// not known, so neither is whether the request left.
			return fail(this.failure(spec, { kind: 'unavailable', cause: 'network', sent: 'unknown', message: errorText(error) }));
		}
	}

	/** A deadline one HTTP timeout from now, for calls that must end together (`RequestSpec.deadline`). */
	deadline(): number {
		return this.now() + this.timeoutMs;
	}

	private async send<T>(spec: RequestSpec & { schema?: BodySchema<T> }): Promise<VendorResult<HttpOk<T | unknown>>> {
		const timeoutMs = spec.deadline === undefined ? this.timeoutMs : Math.min(this.timeoutMs, Math.floor(spec.deadline - this.now()));
		if (timeoutMs <= 0) return fail(this.failure(spec, { kind: 'unavailable', cause: 'timeout', sent: 'no', message: `no time left of ${this.timeoutMs} ms for the whole list` }));
		const headers: Record<string, string> = { Accept: 'application/json' };
		const options: IHttpRequest = { headers, timeout: timeoutMs, ...RAW_BODY, ...(this.ssrfValidation ? { ssrfValidation: true } : {}) };
		if (spec.body !== undefined) {
			let content: string | undefined;
			try {
				content = JSON.stringify(spec.body) as string | undefined;
			} catch (error) {
				return fail(this.failure(spec, { kind: 'invalid', sent: 'no', status: 0, message: `request body is not JSON: ${errorText(error)}` }));
			}
			if (typeof content !== 'string') {
				return fail(this.failure(spec, { kind: 'invalid', sent: 'no', status: 0, message: 'request body is not JSON' }));
			}
			headers['Content-Type'] = 'application/json';
			options.content = content;
		}
		Object.assign(headers, spec.headers ?? {});

		const settled = await this.race(() => this.invoke(spec.method, spec.url, options), timeoutMs);
		if (settled === TIMED_OUT) {
			return fail(this.failure(spec, { kind: 'unavailable', cause: 'timeout', sent: 'unknown', message: `no answer within ${timeoutMs} ms` }));
		}
		if ('error' in settled) {
			const text = errorText(settled.error);
			const thrown = classifyThrown(settled.error, text);
			return fail(this.failure(spec, { kind: 'unavailable', ...thrown, message: text || thrown.cause }));
		}

		const response = settled.response;
		const status = typeof response?.statusCode === 'number' ? response.statusCode : 0;
		const responseHeaders = readHeaders(response?.headers);
		// Measured before anything decodes or parses it: an oversized body is never read. A 2xx whose
		// body the caller needs is refused naming the limit; a write's 2xx stands (its body is not needed);
		// a non-2xx is classified by its status alone.
		const oversized = answerSize(response?.content) > MAX_ANSWER_BYTES;
		if (oversized && status >= 200 && status < 300 && spec.schema) return fail(this.tooLarge(spec, status, { what: 'bytes', max: MAX_ANSWER_BYTES }));
		const body = oversized ? undefined : readBody(response);

		if (status >= 200 && status < 300) {
			if (!spec.schema) {
				return ok<HttpOk<unknown>>({ status, data: body, headers: responseHeaders }, status);
			}
			const parsed = spec.schema.safeParse(body);
			const limit = parsed.success ? undefined : parsed.error.issues.map(limitOfIssue).find((l) => l !== undefined);
			if (limit) return fail(this.tooLarge(spec, status, limit));
			if (!parsed.success) {
				return fail(this.failure(spec, { kind: 'unavailable', cause: 'server', sent: 'yes', status, message: describeIssue(spec.vendor, parsed.error) }));
			}
			return ok<HttpOk<T>>({ status, data: parsed.data, headers: responseHeaders }, status);
		}

		return fail(this.failure(spec, failureOfStatus(status, vendorMessage(body) ?? `HTTP ${status}`, responseHeaders['retry-after'], this.now())));
	}

	/** Calls the accessor; a synchronous throw becomes a rejection. */
	private invoke(method: HttpMethod, url: string, options: IHttpRequest): Promise<IHttpResponse> {
		return Promise.resolve().then(() => {
			switch (method) {
				case 'GET':
					return this.http.get(url, options);
				case 'POST':
					return this.http.post(url, options);
				case 'PUT':
					return this.http.put(url, options);
				case 'DELETE':
					return this.http.del(url, options);
			}
		});
	}

	/** The bridge may ignore `timeout`: our own timer decides when a call is abandoned. */
	private async race(call: () => Promise<IHttpResponse>, timeoutMs: number): Promise<Settled> {
		let handle: unknown;
		const timer = new Promise<typeof TIMED_OUT>((resolve) => {
			handle = host.setTimeout(() => resolve(TIMED_OUT), timeoutMs);
		});
		const settled = call().then(
			(response): Settled => ({ response }),
			(error: unknown): Settled => ({ error }),
		);
		try {
			return await Promise.race([settled, timer]);
		} finally {
			host.clearTimeout(handle);
		}
	}

	/** A 2xx answer over one of the limits in limits.ts. */
	private tooLarge(spec: RequestSpec, status: number, limit: AnswerLimit): VendorFailure {
		return this.failure(spec, { kind: 'unavailable', cause: 'too_large', sent: 'yes', status, limit, message: limitText(limit) });
	}

	private failure(spec: RequestSpec, partial: CallFailure): VendorFailure {
		const message = cleanMessage(partial.message, spec.secrets);
		return { ...partial, vendor: spec.vendor, message };
	}
}

function describeIssue(vendor: Vendor, error: z.core.$ZodError): string {
	const issue = error.issues[0];
	if (!issue) return `unexpected ${vendor} response`;
	const path = issue.path.length ? issue.path.map(String).join('.') : '(body)';
	return `unexpected ${vendor} response: ${path}: ${issue.message}`;
}

/**
 * What an error thrown by the HTTP accessor says happened, judged here once from the error as thrown,
 * so that nothing downstream reads failure text: its code (and a name such as AbortError) when it has
 * one, else its whole unmasked words (Rocket.Chat's bridge may hand the app only a message) without
 * the URLs they quote (a host named "dns…" is no DNS failure). A timeout may come after the vendor
 * applied the request (`unknown`). A refused connection, a name that did not resolve, an unreachable
 * network or a failed TLS handshake stop the request before it leaves (`no`). Anything else — a
 * connection reset or hung up, the server's own URL check on a redirect's next hop, an error nobody
 * foresaw — may have come after the request left (`unknown`): that side never sends a note twice.
 */
function classifyThrown(error: unknown, text: string): { cause: 'timeout' | 'network'; sent: 'no' | 'unknown' } {
	const code = isRecord(error) && typeof error.code === 'string' ? error.code : '';
	const name = isRecord(error) && typeof error.name === 'string' ? error.name : '';
	const what = code ? `${code} ${name}` : `${name} ${text.replace(QUOTED_URL, ' ')}`;
	if (TIMED_OUT_WORDS.test(what)) return { cause: 'timeout', sent: 'unknown' };
	return { cause: 'network', sent: NEVER_LEFT_WORDS.test(what) ? 'no' : 'unknown' };
}

const QUOTED_URL = /\b[a-z][a-z\d+.-]*:\/\/\S*/gi;
const TIMED_OUT_WORDS = /time[d\s-]*out|ETIMEDOUT|ESOCKETTIMEDOUT|abort/i;
const NEVER_LEFT_WORDS = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|getaddrinfo|connection refused|\bdns\b|certificate|self[- ]signed|ERR_TLS|UNABLE_TO_VERIFY|CERT_/i;

function errorText(error: unknown): string {
	if (error instanceof Error) return error.message || error.name;
	if (typeof error === 'string') return error;
	if (isRecord(error) && typeof error.message === 'string') return error.message;
	try {
		return JSON.stringify(error) ?? String(error);
	} catch {
		return String(error);
	}
}

