/**
 * The simulated Rocket.Chat's state and seeds, shared by its route files (rocketchat.ts,
 * rocketchat-apps.ts, rocketchat-omnichannel.ts), so none of them imports another's types.
 */

export const RC_STATUS_TYPES = ['online', 'away', 'busy', 'offline'] as const;
export type RcStatusType = (typeof RC_STATUS_TYPES)[number];

export const RC_UNAUTHORIZED_PERMISSION_ERROR =
	'User does not have the permissions required for this action [error-unauthorized]';

export interface RcUserSeed {
	_id: string;
	username: string;
	name?: string;
	/** the X-Auth-Token (personal access token) accepted for this user */
	authToken: string;
	/** e.g. ['manage-user-status', 'manage-apps'] */
	permissions: string[];
	roles?: string[];
}

export interface RcCustomStatusSeed {
	_id?: string;
	name: string;
	statusType: RcStatusType;
}

export interface RcCustomStatus {
	_id: string;
	name: string;
	statusType: RcStatusType;
	/** ISO */
	_updatedAt: string;
}

export interface RocketChatState {
	/** _id → custom status */
	statuses: Map<string, RcCustomStatus>;
	/** app id → installed app */
	apps: Map<string, RcApp>;
	uploads: RcUpload[];
	/** agent id → Omnichannel availability (`statusLivechat`) */
	livechat: Map<string, LivechatStatus>;
}


export interface RcApp {
	id: string;
	name: string;
	version: string;
	status: 'initialized';
	/** number of uploads (install + updates) */
	uploads: number;
}

export interface RcUpload {
	mode: 'install' | 'update';
	appId: string;
	name: string;
	version: string;
	/** file name sent with the `app` part */
	filename: string;
	size: number;
	bytes: Buffer;
	/** other (string) form fields */
	fields: Record<string, string>;
	/** parsed app.json of the zip, null when it has none */
	appJson: Record<string, unknown> | null;
	userId: string;
	at: number;
}

export type LivechatStatus = 'available' | 'not-available';

/** A user as the Omnichannel route sees one. */
export interface RcPerson {
	_id: string;
	roles: string[];
	active: boolean;
}

/** Live knobs of the Omnichannel routes (owned by the simulator, changed by tests). */
export interface OmnichannelKnobs {
	/** users beyond the simulator's own (the sandbox host's) */
	directory?: (id: string) => RcPerson | undefined;
	businessHoursClosed: boolean;
}
