/** The simulated Callbell's state and seeds, shared by its route files (callbell.ts, callbell-custom-statuses.ts). */

export interface CallbellUserSeed {
	uuid: string;
	email: string;
	name: string;
	available: boolean;
	customStatusId: string | null;
}

export interface CallbellCustomStatusSeed {
	id: string;
	name: string;
	emoji: string;
}

export interface CallbellUserState extends CallbellUserSeed {
	/** ISO timestamps of the last change of each part */
	availableUpdatedAt: string;
	customStatusUpdatedAt: string;
}

export interface CallbellCustomStatus extends CallbellCustomStatusSeed {
	createdAt: string;
	updatedAt: string;
}

export interface CallbellState {
	/** uuid → user */
	users: Map<string, CallbellUserState>;
	/** id → custom status */
	customStatuses: Map<string, CallbellCustomStatus>;
}
