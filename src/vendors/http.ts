import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { z } from 'zod';
import { type CallFailure, fail, failureOfStatus, ok, type Vendor, type VendorFailure, type VendorResult } from './errors';
import { vendorMessage } from './error-body';
import { cleanMessage } from './failure-message';
import { isRecord, RAW_BODY, readBody, readHeaders } from './safe-json';

/**
 * The one door to the network: every vendor call goes through `VendorHttp.request`, which never
 * throws and turns whatever happened (status, thrown error, hung bridge, odd body) into a
 * `VendorResult`. Its parts live next to it, one concern each: reading the answer (safe-json.ts), the
 * status taxonomy (errors.ts), `Retry-After` (retry-after.ts), the vendor's error words
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
export type BodySchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

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
			// Nothing above should throw; this keeps the promise of "never throws" anyway.
			return fail(this.failure(spec, { kind: 'unavailable', cause: 'network', message: errorText(error) }));
		}
	}

	private async send<T>(spec: RequestSpec & { schema?: BodySchema<T> }): Promise<VendorResult<HttpOk<T | unknown>>> {
		const headers: Record<string, string> = { Accept: 'application/json' };
		const options: IHttpRequest = { headers, timeout: this.timeoutMs, ...RAW_BODY, ...(this.ssrfValidation ? { ssrfValidation: true } : {}) };
		if (spec.body !== undefined) {
			let content: string | undefined;
			try {
				content = JSON.stringify(spec.body) as string | undefined;
			} catch (error) {
				return fail(this.failure(spec, { kind: 'invalid', status: 0, message: `request body is not JSON: ${errorText(error)}` }));
			}
			if (typeof content !== 'string') {
				return fail(this.failure(spec, { kind: 'invalid', status: 0, message: 'request body is not JSON' }));
			}
			headers['Content-Type'] = 'application/json';
			options.content = content;
		}
		Object.assign(headers, spec.headers ?? {});

		const settled = await this.race(() => this.invoke(spec.method, spec.url, options));
		if (settled === TIMED_OUT) {
			return fail(this.failure(spec, { kind: 'unavailable', cause: 'timeout', message: `no answer within ${this.timeoutMs} ms` }));
		}
		if ('error' in settled) {
			const text = errorText(settled.error);
			const cause = isTimeoutError(settled.error, text) ? 'timeout' : 'network';
			return fail(this.failure(spec, { kind: 'unavailable', cause, message: text || cause }));
		}

		const response = settled.response;
		const status = typeof response?.statusCode === 'number' ? response.statusCode : 0;
		const responseHeaders = readHeaders(response?.headers);
		const body = readBody(response);

		if (status >= 200 && status < 300) {
			if (!spec.schema) {
				return ok<HttpOk<unknown>>({ status, data: body, headers: responseHeaders }, status);
			}
			const parsed = spec.schema.safeParse(body);
			if (!parsed.success) {
				return fail(this.failure(spec, { kind: 'unavailable', cause: 'server', status, message: describeIssue(spec.vendor, parsed.error) }));
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
	private async race(call: () => Promise<IHttpResponse>): Promise<Settled> {
		let handle: unknown;
		const timer = new Promise<typeof TIMED_OUT>((resolve) => {
			handle = host.setTimeout(() => resolve(TIMED_OUT), this.timeoutMs);
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

	private failure(spec: RequestSpec, partial: CallFailure): VendorFailure {
		const message = cleanMessage(partial.message, spec.secrets);
		return { ...partial, vendor: spec.vendor, message };
	}
}

function describeIssue(vendor: Vendor, error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return `unexpected ${vendor} response`;
	const path = issue.path.length ? issue.path.join('.') : '(body)';
	return `unexpected ${vendor} response: ${path}: ${issue.message}`;
}

function isTimeoutError(error: unknown, text: string): boolean {
	const code = isRecord(error) && typeof error.code === 'string' ? error.code : '';
	const name = isRecord(error) && typeof error.name === 'string' ? error.name : '';
	return /time[d\s-]*out|ETIMEDOUT|ESOCKETTIMEDOUT|abort/i.test(`${text} ${code} ${name}`);
}

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

