import type { IHttp, IHttpRequest, IHttpResponse } from '@rocket.chat/apps-engine/definition/accessors';
import { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';

/** One call as the accessor saw it (options deep-copied at call time). */
export interface RecordedCall {
	method: 'get' | 'post' | 'put' | 'del' | 'patch';
	url: string;
	options: IHttpRequest;
	/** `options.content` parsed as JSON, when there is one. */
	json: unknown;
}

export type Script =
	| { status: number; json?: unknown; content?: string; headers?: Record<string, string>; noData?: boolean }
	| { throws: unknown }
	| { hang: true };

const METHODS: Record<RecordedCall['method'], RequestMethod> = {
	get: RequestMethod.GET,
	post: RequestMethod.POST,
	put: RequestMethod.PUT,
	del: RequestMethod.DELETE,
	patch: RequestMethod.PATCH,
};

/**
 * A scripted `IHttp`: answers calls in order from the queue (the last script repeats when the queue
 * runs dry; no script at all is a test error). `json` is served both as `data` and as `content` with a
 * JSON content type, as the engine does; `noData` leaves `data` out, as the engine does for other types.
 */
export class FakeHttp implements IHttp {
	readonly calls: RecordedCall[] = [];
	private readonly queue: Script[] = [];
	private last: Script | undefined;

	script(...scripts: Script[]): this {
		this.queue.push(...scripts);
		return this;
	}

	get(url: string, options?: IHttpRequest) {
		return this.answer('get', url, options);
	}
	post(url: string, options?: IHttpRequest) {
		return this.answer('post', url, options);
	}
	put(url: string, options?: IHttpRequest) {
		return this.answer('put', url, options);
	}
	del(url: string, options?: IHttpRequest) {
		return this.answer('del', url, options);
	}
	patch(url: string, options?: IHttpRequest) {
		return this.answer('patch', url, options);
	}

	private answer(method: RecordedCall['method'], url: string, options?: IHttpRequest): Promise<IHttpResponse> {
		const copy = JSON.parse(JSON.stringify(options ?? {})) as IHttpRequest;
		let json: unknown;
		if (typeof copy.content === 'string') {
			try {
				json = JSON.parse(copy.content);
			} catch {
				json = undefined;
			}
		}
		this.calls.push({ method, url, options: copy, json });
		const next = this.queue.shift() ?? this.last;
		if (!next) return Promise.reject(new Error(`FakeHttp: no script for ${method} ${url}`));
		this.last = next;
		if ('hang' in next) return new Promise<IHttpResponse>(() => undefined);
		if ('throws' in next) return Promise.reject(next.throws);
		const response: IHttpResponse = {
			url,
			method: METHODS[method],
			statusCode: next.status,
			headers: { ...(next.json !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...next.headers },
		};
		if (next.json !== undefined) {
			response.content = JSON.stringify(next.json);
			if (!next.noData) response.data = next.json;
		}
		if (next.content !== undefined) response.content = next.content;
		return Promise.resolve(response);
	}
}
