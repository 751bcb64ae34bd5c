/**
 * The simulated Rocket.Chat server's app endpoints, at the URLs Rocket.Chat serves them
 * (apps/meteor/app/apps/server/bridges/api.ts and router.ts):
 *
 *   ANY /api/apps/private/:appId/:hash/:path   the hash goes to the engine, which refuses a wrong one (404)
 *   ANY /api/apps/public/:appId/:path
 *
 * No login is needed (an app endpoint checks its own secrets). The body is what Express 4's
 * `express.json()` and `express.urlencoded({ extended: false })` leave in `req.body`: parsed JSON for
 * `application/json` (an object or array only, at most 100 KB: otherwise 400 / 413), a flat object for
 * a form, and `{}` for any other or no content type. The app's answer is sent as Express's
 * `res.set(headers).status(status).send(content)` sends it: an object as JSON, a string as text/html,
 * nothing as an empty body; a failed call answers 500 with its message.
 *
 * Who runs the endpoint is plugged in (`useAppEndpoints`): the sandbox host's engine, the same way
 * `useDirectory` gives the Omnichannel routes the host's users. Without it every app is unknown (404).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type AuthOutcome, type HandlerContext, HttpError, isJsonMedia, mediaType, type Reply, type Route } from './base';
import type { RcUserSeed, RocketChatState } from './rocketchat-state';

/** What the app's router hands the engine (IApiRequest, as Rocket.Chat's api bridge builds it). */
export interface AppEndpointRequest {
	method: string;
	appId: string;
	/** Set on the private URL form only. */
	privateHash?: string;
	/** The endpoint's path as the app registered it (`status`, `callbell-webhook`). */
	endpoint: string;
	headers: IncomingHttpHeaders;
	query: Record<string, string>;
	content: unknown;
}

/** What the engine answered (IApiResponse); `undefined`: no such app here (404). */
export interface AppEndpointAnswer {
	status: number;
	headers?: Record<string, string>;
	content?: unknown;
}

export type AppEndpointServer = (req: AppEndpointRequest) => Promise<AppEndpointAnswer | undefined>;

export interface AppEndpointKnobs {
	serve?: AppEndpointServer;
}

/** Express's `bodyParser.json()` default limit. */
const JSON_LIMIT_BYTES = 100 * 1024;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** `req.body` as Express 4's json and urlencoded parsers leave it. */
function expressBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
	const type = mediaType(headers);
	if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
	if (type !== 'application/json' && !isJsonMedia(type)) return {};
	if (raw.length > JSON_LIMIT_BYTES) throw new HttpError(413, 'request entity too large');
	const text = raw.toString('utf8');
	if (text.trim() === '') return {};
	// strict mode: only an object or an array at the top
	if (!/^[\s]*[[{]/.test(text)) throw new HttpError(400, `Unexpected token in JSON at position 0`);
	try {
		return JSON.parse(text) as unknown;
	} catch (e) {
		throw new HttpError(400, e instanceof Error ? e.message : String(e));
	}
}

/** Express's `res.send(content)`: objects as JSON, strings as HTML, nothing as an empty body. */
function expressSend(answer: AppEndpointAnswer): Reply {
	const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
	const { content } = answer;
	if (content === undefined || content === null) return { status: answer.status, body: undefined, headers, raw: '' };
	if (typeof content === 'string') return { status: answer.status, body: undefined, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, raw: content };
	return { status: answer.status, body: undefined, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, raw: JSON.stringify(content) };
}

const notFound: Reply = { status: 404, body: undefined, headers: { 'content-type': 'text/plain; charset=utf-8' }, raw: 'Not Found' };

export function appEndpointRoutes(knobs: AppEndpointKnobs): Array<Route<RcUserSeed, RocketChatState>> {
	// The app's router sits before Rocket.Chat's login check: anyone may call it.
	const anyone = (): AuthOutcome<RcUserSeed> => ({ ok: true, principal: { _id: '', username: '', authToken: '', permissions: [] }, rateKey: 'app-endpoints' });
	const handle = async (ctx: HandlerContext<RcUserSeed, RocketChatState>): Promise<Reply> => {
		if (!knobs.serve) return notFound;
		const content = expressBody(ctx.headers, ctx.rawBody);
		let answer: AppEndpointAnswer | undefined;
		try {
			answer = await knobs.serve({
				method: ctx.method,
				appId: ctx.params.appId,
				privateHash: ctx.params.hash,
				endpoint: ctx.params.path,
				headers: ctx.headers,
				query: Object.fromEntries(ctx.query),
				content,
			});
		} catch (e) {
			return { status: 500, body: undefined, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: e instanceof Error ? e.message : String(e) };
		}
		return answer ? expressSend(answer) : notFound;
	};
	const error = (status: number, message: string) => message || String(status);
	return METHODS.flatMap((method) => [
		{ method, path: '/api/apps/private/:appId/:hash/:path', body: 'raw' as const, auth: anyone, error, handle },
		{ method, path: '/api/apps/public/:appId/:path', body: 'raw' as const, auth: anyone, error, handle },
	]);
}
