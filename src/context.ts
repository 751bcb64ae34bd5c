import type { IAppAccessors, ILogger } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * What services get instead of the App: the app id and the logger of the current engine call.
 * Built per call with `contextOf`, because the Apps-Engine runtime gives each call its own logger
 * (the one handed to the App constructor is only valid during construction: entries written to it
 * later never reach the app's log).
 */
export interface AppContext {
	readonly appId: string;
	readonly logger: ILogger;
}

/**
 * The App as commands, endpoints and processors hold it. The runtime recognises an App held as a
 * top-level property of a command or endpoint and swaps in the current call's logger, so read the
 * logger through it at call time (`contextOf(this.app)`), never once at construction. Typed as this
 * small interface so nothing imports the App class.
 */
export interface AppHandle {
	getID(): string;
	getLogger(): ILogger;
	/** For `providedApiEndpoints`: the exact URLs the engine serves the app's endpoints at. */
	getAccessors(): Pick<IAppAccessors, 'providedApiEndpoints'>;
}

export const contextOf = (app: AppHandle): AppContext => ({ appId: app.getID(), logger: app.getLogger() });
