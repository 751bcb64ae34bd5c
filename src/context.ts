import type { ILogger } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * What the App hands down to commands, endpoints and handlers instead of itself, so nothing
 * imports the App class (no import loop) and services stay testable.
 */
export interface AppContext {
	readonly appId: string;
	readonly logger: ILogger;
}
