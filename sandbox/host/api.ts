/**
 * The app's endpoints as Rocket.Chat serves them (apps/meteor/app/apps/server/bridges/api.ts):
 * `/api/apps/public/<appId>/<path>` and `/api/apps/private/<appId>/<hash>/<path>` both reach the
 * app's router; the engine then refuses a PRIVATE endpoint unless the hash is the installation's
 * (`AppApi.validateVisibility`, in the server, before the runtime sees the request). Bodies arrive
 * as Rocket.Chat's JSON body parser leaves them (`JSON.parse` of the raw text).
 */
import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ApiHooks {
	apis: Map<string, AppApi>;
	manager(): AppManager;
	appId(): string;
	track<T>(p: Promise<T>): Promise<T>;
	idle(): Promise<void>;
}

export class HostApi {
	constructor(private readonly h: ApiHooks) {}

	/** `fetch`-like: any URL path, a JS value as body (or `raw` text, parsed as the server would). */
	public readonly request = async (method: HttpMethod, urlPath: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<IApiResponse> => {
		const m = /^\/api\/apps\/(?:public\/([^/]+)|private\/([^/]+)\/([^/]+))\/(.+)$/.exec(urlPath);
		const appId = m ? (m[1] ?? m[2]) : undefined;
		if (!m || !appId || ![...this.h.apis.values()].some((a) => a.appId === appId)) return { status: 404 };
		const privateHash = m[3];
		const lower = Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...(opts.headers ?? {}) }).map(([k, v]) => [k.toLowerCase(), v]));
		const content = opts.raw !== undefined ? (JSON.parse(opts.raw) as unknown) : opts.body;
		const request = { method: method.toLowerCase(), headers: lower, query: opts.query ?? {}, params: {}, content, privateHash };
		const result = await this.h.track(this.h.manager().getApiManager().executeApi(appId, m[4], request as never));
		await this.h.idle();
		return result;
	};

	public readonly call = (method: HttpMethod, endpoint: string, body?: unknown, headers: Record<string, string> = {}, query: Record<string, string> = {}): Promise<IApiResponse> =>
		this.request(method, this.url(endpoint), { body, headers, query });

	public readonly post = (endpoint: string, body?: unknown, headers?: Record<string, string>, query?: Record<string, string>) => this.call('POST', endpoint, body, headers, query);

	public readonly get = (endpoint: string, headers?: Record<string, string>, query?: Record<string, string>) => this.call('GET', endpoint, undefined, headers, query);

	/** The URL path Rocket.Chat serves the endpoint at (private ones carry the installation's hash); the public form when none is registered. */
	public readonly url = (endpoint: string) => [...this.h.apis.values()].find((a) => a.endpoint.path === endpoint)?.computedPath ?? this.publicUrl(endpoint);

	/** The public form of an endpoint's URL, whatever its visibility. */
	public readonly publicUrl = (endpoint: string) => `/api/apps/public/${this.h.appId()}/${endpoint}`;
}
