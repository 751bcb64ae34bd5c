import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import type { z } from 'zod';
import { fail, ok, type Vendor, type VendorFailure, type VendorResult } from './errors';
import { maskSecrets } from './masking';
import { bodyText, parseJson, RAW_BODY } from './safe-json';
import { checkBaseUrl, type UrlPolicy } from './url-policy';

/**
 * The one door to the network: every vendor call goes through `VendorHttp.request`, which never
 * throws and turns whatever happened (status, thrown error, hung bridge, odd body) into a
 * `VendorResult`. Failure messages are the vendor's own words with every secret masked.
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

/** `Retry-After` when absent or unreadable. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;
/** Longest vendor message kept in a failure. */
export const MAX_MESSAGE_LENGTH = 300;

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
		const responseHeaders = lowerCaseHeaders(response?.headers);
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

		const message = vendorMessage(body) ?? `HTTP ${status}`;
		switch (status) {
			case 400:
			case 409:
			case 422:
				return fail(this.failure(spec, { kind: 'invalid', status, message }));
			case 401:
			case 403:
				return fail(this.failure(spec, { kind: 'unauthorized', status, message }));
			case 404:
				return fail(this.failure(spec, { kind: 'not_found', status, message }));
			case 429:
				return fail(
					this.failure(spec, {
						kind: 'rate_limited',
						status,
						message,
						retryAfterMs: parseRetryAfter(responseHeaders['retry-after'], this.now()),
					}),
				);
			default:
				return fail(this.failure(spec, { kind: 'unavailable', cause: 'server', status, message }));
		}
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

	private failure(
		spec: RequestSpec,
		partial: DistributiveOmit<Exclude<VendorFailure, { kind: 'not_configured' }>, 'vendor'>,
	): VendorFailure {
		const message = cleanMessage(partial.message, spec.secrets);
		return { ...partial, vendor: spec.vendor, message };
	}
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date; 60 s when absent or unreadable.
 * A date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | undefined, now: number): number {
	if (typeof value !== 'string') return DEFAULT_RETRY_AFTER_MS;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		return Math.round(Number(text) * 1000);
	}
	if (/[a-z]/i.test(text)) {
		const at = Date.parse(text);
		if (Number.isFinite(at)) return Math.max(0, at - now);
	}
	return DEFAULT_RETRY_AFTER_MS;
}

/**
 * The vendor's own error words: BotPenguin `{message}` / `{error:{message}}`, Rocket.Chat
 * `{error:"…"}` / `{status:'error', message}`, Callbell `{error}` / `{message}` / `{errors:[…]}`.
 */
export function vendorMessage(body: unknown): string | undefined {
	if (!isRecord(body)) return undefined;
	const { error, message, errors } = body;
	if (typeof error === 'string' && error.trim()) return error.trim();
	if (isRecord(error)) {
		if (typeof error.message === 'string' && error.message.trim()) return error.message.trim();
	}
	if (typeof message === 'string' && message.trim()) return message.trim();
	if (Array.isArray(errors)) {
		const parts = errors
			.map((e) => (typeof e === 'string' ? e : isRecord(e) && typeof e.message === 'string' ? e.message : undefined))
			.filter((e): e is string => typeof e === 'string' && e.trim().length > 0);
		if (parts.length) return parts.join('; ');
	}
	if (isRecord(errors)) {
		// Rails-style `{errors: {field: ["is invalid"]}}`
		const parts = Object.entries(errors).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
		if (parts.length) return parts.join('; ');
	}
	if (isRecord(error) && typeof error.code === 'string' && error.code.trim()) return error.code.trim();
	return undefined;
}

/**
 * The answer's body: the raw bytes or text parsed here (JSON when it looks like JSON, `__proto__` keys
 * dropped; see safe-json.ts), else `data` for a server that ignored `encoding: null`.
 */
function readBody(response: IHttpResponse | undefined): unknown {
	if (!response) return undefined;
	const content = bodyText(response.content);
	if (content === undefined) return response.data ?? undefined;
	const trimmed = content.trim();
	if (!trimmed) return undefined;
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		try {
			return parseJson(trimmed);
		} catch {
			return content;
		}
	}
	return content;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	if (!isRecord(headers)) return out;
	for (const [name, value] of Object.entries(headers)) {
		if (typeof value === 'string') out[name.toLowerCase()] = value;
		else if (Array.isArray(value)) out[name.toLowerCase()] = value.map(String).join(', ');
		else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
	}
	return out;
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

/** A message fit for a failure: secrets masked, then cut to 300 characters. */
export function cleanMessage(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
	return truncate(maskSecrets(text, secrets));
}

function truncate(text: string): string {
	return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Shared by the clients: a required setting value, or `not_configured` naming it. */
export function requireSetting(vendor: Vendor, setting: string, value: string | undefined | null): VendorResult<string> {
	const text = typeof value === 'string' ? value.trim() : '';
	return text ? ok(text) : fail({ kind: 'not_configured', vendor, setting, message: `${setting} is not set` });
}

/** Shared by the clients: a base URL setting checked with `checkBaseUrl`, or `not_configured` naming it. */
export function requireBaseUrl(vendor: Vendor, setting: string, value: string | undefined | null, policy?: UrlPolicy): VendorResult<string> {
	const present = requireSetting(vendor, setting, value);
	if (!present.ok) return present;
	const checked = checkBaseUrl(present.value, policy);
	if (checked.ok) return ok(checked.url);
	const why = { insecure: 'must use https (http only to a loopback host)', private: `points at a private address (${checked.kind ?? 'private'}); allowed only when allow_private_hosts is on`, invalid: 'is not a valid URL' }[checked.reason];
	return fail({ kind: 'not_configured', vendor, setting, message: `${setting} ${why}` });
}
