import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { type AppContext, type AppHandle, contextOf } from '../context';
import type { Accessors } from '../accessors';
import { refuse } from './answers';
import { bodySize, MAX_BODY_BYTES } from './auth';

/**
 * A POST endpoint of the app (served at a private URL unless `public_endpoints` is on; see
 * visibility.ts): refuses oversized bodies before anything else, then hands the
 * request to `handle` with this call's context. Holds the App (as a small handle) so the runtime can
 * give each call its own logger; see src/context.ts.
 */
export abstract class AppEndpoint implements IApiEndpoint {
	public abstract path: string;

	constructor(protected readonly app: AppHandle) {}

	protected abstract handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse>;

	public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, http: IHttp, persis: IPersistence): Promise<IApiResponse> {
		if (bodySize(request.content) > MAX_BODY_BYTES) return refuse('body_too_large');
		return this.handle(request, contextOf(this.app), { read, modify, http, persis });
	}
}
