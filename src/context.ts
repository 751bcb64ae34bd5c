import type { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';

/** What services get instead of the App: the app id and the logger of the current engine call. */
export interface AppContext {
	readonly appId: string;
	readonly logger: ILogger;
}

/** The App as handlers hold it: a small interface, so nothing imports the App class. */
export interface AppHandle {
	getID(): string;
	getLogger(): ILogger;
	/** For `providedApiEndpoints`: the exact URLs the engine serves the app's endpoints at. */
	getAccessors(): Pick<IAppAccessors, 'providedApiEndpoints'>;
}

/**
 * Why no handler reads the App from `this` (the one place that explains it).
 *
 * Engines do not agree on what `this` is when they call the app. Engines 1.53–1.59 (Rocket.Chat 7.0–8.3)
 * call a scheduler processor unbound (`processor.processor(job, read, …)`: `this` is undefined) and, before
 * every call, replace the App's own `logger` with that call's. Engine 1.62 (Rocket.Chat 8.4) calls it as
 * `processor.call(proxyOfApp, …)` and never replaces the App's logger: the call's logger is reachable only
 * through that per-call proxy (as `this` of a processor or an App method, as the App property of a command
 * or endpoint). Newer runtimes may differ again.
 *
 * So every handler is built by `onCall` at registration, closing over the App handle it was registered
 * with: the app id and everything the handler does come from that handle. The value the engine passed
 * as `this` is looked at for one thing only, the call's logger, and only when it answers as this very
 * app; anything else (undefined, another object) falls back to the registered App, whose logger is the
 * call's on the engines that replace it. Nothing depends on the binding: only where the log lines go.
 */
export function callContext(app: AppHandle, bound?: unknown): AppContext {
	const appId = app.getID();
	return { appId, logger: perCallApp(bound, appId)?.getLogger() ?? app.getLogger() };
}

/**
 * A handler for the engine: `run` receives the call's context first, then the engine's arguments.
 * `perCall` says where a per-call App proxy may sit in what the engine binds: the bound value itself
 * (processors, App methods) or a property of it (a command's or endpoint's `app`).
 */
export function onCall<A extends unknown[], R>(app: AppHandle, run: (ctx: AppContext, ...args: A) => R, perCall: (bound: unknown) => unknown = (b) => b): (this: unknown, ...args: A) => R {
	return function (this: unknown, ...args: A): R {
		let bound: unknown;
		try {
			bound = perCall(this);
		} catch {
			bound = undefined;
		}
		return run(callContext(app, bound), ...args);
	};
}

/** Where a command or endpoint object holds its App (the runtime swaps that property for a per-call proxy). */
export const heldApp = (bound: unknown): unknown => (typeof bound === 'object' && bound !== null ? (bound as { app?: unknown }).app : undefined);

function perCallApp(bound: unknown, appId: string): AppHandle | undefined {
	if (typeof bound !== 'object' || bound === null) return undefined;
	const candidate = bound as Partial<AppHandle>;
	if (typeof candidate.getID !== 'function' || typeof candidate.getLogger !== 'function') return undefined;
	try {
		return candidate.getID() === appId ? (candidate as AppHandle) : undefined;
	} catch {
		return undefined;
	}
}
