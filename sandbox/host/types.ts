/** What a host is started with, and what one call as a user gives back. */
import type { UiRecord } from './bridges';
import type { Cluster } from './cluster';
import type { Delivered, World } from './world';

export interface HostOptions {
	/** The app package to install; default: the one `npm run build` wrote. */
	zip?: string | Buffer;
	/** Reuse a world to simulate a server restart (persistence, jobs and app state survive); with `cluster`, it must be the cluster's. */
	world?: World;
	/** App settings to set after install (fires onSettingUpdated like the admin UI). */
	settings?: Record<string, unknown>;
	/** `real`: scheduled jobs fire on their own; `manual`: only `jobs.runDue()` runs them. */
	timers?: 'real' | 'manual';
	/** Fire IPostUserStatusChanged after the app changes a status, as Rocket.Chat's presence broadcast does. */
	echoStatusEvents?: boolean;
	/** Install the zip (default) or only load what the world already has installed. */
	install?: boolean;
	/** Join this deployment as instance `instance` (its world, job table and setting relay); default: a deployment of one. */
	cluster?: Cluster;
	instance?: number;
}

export interface Reply {
	/** Ephemeral texts the app sent to the acting user during the call. */
	texts: string[];
	/** All of them joined by newlines, handy for `toContain`. */
	text: string;
	/** Every message or notification the app produced during the call. */
	delivered: Delivered[];
	/** Modals and other surfaces the app opened for the user during the call. */
	surfaces: UiRecord[];
	/** What the app's handler returned (for a view submission: success or the field errors). */
	response?: unknown;
}
