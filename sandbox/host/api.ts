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
		if (!m || !appId) return { status: 404 };
		const headers = Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...(opts.headers ?? {}) }).map(([k, v]) => [k.toLowerCase(), v]));
		const content = opts.raw !== undefined ? (JSON.parse(opts.raw) as unknown) : opts.body;
		return (await this.serve({ method, appId, privateHash: m[3], endpoint: m[4], headers, query: opts.query ?? {}, content })) ?? { status: 404 };
	};

	/**
	 * One request as Rocket.Chat's api bridge hands it to the engine (headers as received, the body as
	 * its parser left it); `undefined` when this host runs no such app. The sandbox's HTTP server
	 * (the Rocket.Chat simulator, at the URLs `/inbox-bridge health` prints) calls this.
	 */
	public readonly serve = async (req: { method: string; appId: string; privateHash?: string; endpoint: string; headers: Record<string, unknown>; query: Record<string, string>; content: unknown }): Promise<IApiResponse | undefined> => {
		if (![...this.h.apis.values()].some((a) => a.appId === req.appId)) return undefined;
		const request = { method: req.method.toLowerCase(), headers: req.headers, query: req.query, params: {}, content: req.content, privateHash: req.privateHash };
		const result = await this.h.track(this.h.manager().getApiManager().executeApi(req.appId, req.endpoint, request as never));
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
