import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { type AppContext, type AppHandle, heldApp, onCall } from '../context';
import type { Accessors } from '../accessors';
import { refuse } from './answers';
import { bodySize, MAX_BODY_BYTES } from './auth';

/**
 * A POST endpoint of the app (served at a private URL unless `public_endpoints` is on; see
 * visibility.ts): refuses oversized bodies before anything else, then hands the request to `handle`
 * with this call's context. `post` is a closure over the App it was registered with, never the engine's
 * `this` (see src/context.ts); `app` stays a property because the 1.62 runtime hands each call's logger through it.
 */
export abstract class AppEndpoint implements IApiEndpoint {
	public abstract path: string;
	public readonly post: NonNullable<IApiEndpoint['post']>;

	constructor(protected readonly app: AppHandle) {
		this.post = onCall(
			app,
			async (ctx, request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<IApiResponse> => {
				if (bodySize(request.content) > MAX_BODY_BYTES) return refuse('body_too_large');
				return this.handle(request, ctx, { read, modify, http, persis });
			},
			heldApp,
		);
	}

	protected abstract handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse>;
}
