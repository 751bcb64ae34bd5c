import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import type { OmnichannelStatus, Presence } from '../../vendors/rocketchat';
import type { VendorFailure } from '../../vendors/errors';
import type { Target } from './callbell-map';
import type { Ledger, SyncRecord } from './store';

/** Where a change came from: decides what is written where (and what is never sent back). */
export type Source = 'command' | 'api' | 'webhook' | 'rocketchat' | 'timer' | 'hours';

export interface Want {
	presence: Presence;
	text: string;
	until?: number;
}

/** What the Callbell half of a change ended in. */
export type CbOutcome =
	| { state: 'done'; ledger: Ledger }
	| { state: 'unchanged'; ledger: Ledger }
	| { state: 'not_linked' }
	| { state: 'queued'; ledger: Ledger; outboxId: string; error?: VendorFailure }
	/** `step: 'custom_statuses'`: the list of Callbell custom statuses could not be read, so nothing was sent */
	| { state: 'failed'; error: VendorFailure; step?: 'custom_statuses'; outboxId?: string; target?: Ledger };

/** What the Omnichannel half of a change ended in (`off`: omnichannel_follow_status is off; `not_agent`: skipped, no call). */
export type OcOutcome =
	| { state: 'off' }
	| { state: 'not_agent' }
	| { state: 'done'; status: OmnichannelStatus }
	| { state: 'queued'; status: OmnichannelStatus; error?: VendorFailure }
	| { state: 'failed'; status: OmnichannelStatus; error: VendorFailure };

/**
 * What the Rocket.Chat half ended in. On servers with presence claims (8.6+) a change can wait behind a
 * stronger claim (`waits`: a call or meeting, or the person's own status) and Away is claimed as busy
 * (`shownAs`); src/status/claims/.
 */
export type RcOutcome =
	| { state: 'done'; status: Presence; statusText: string; until?: number; waits?: 'internal' | 'manual'; shownAs?: Presence }
	/** `retryAt`: refused until then (8.6+: another integration's claim shows until its end); the app applies it again at that time */
	| { state: 'failed'; reason: string; retryAt?: number };

export interface Applied {
	rocketchat: RcOutcome;
	callbell: CbOutcome;
	omnichannel: OcOutcome;
	/** Callbell custom status names by id, for replies. */
	callbellNames: Record<string, string>;
}

/**
 * What the Callbell half of a change is told besides the wanted state; a source that needs one sets
 * exactly one (declared once: the turn passes it to the Callbell half as it is).
 */
export type CallbellIntent =
	/** a timer restore: this target instead of the mapping */
	| { kind: 'target'; target: Target }
	/** Callbell already has this (its webhook): record it, send nothing */
	| { kind: 'confirmed'; state: CallbellState }
	/** Callbell told part of its state (a session event): a queued change of ours is taken back, nothing is sent */
	| { kind: 'seen'; available?: boolean }
	/** Rocket.Chat's half alone, again (turn/retry.ts): Callbell followed the change when it was made; nothing is sent or recorded */
	| { kind: 'none' };

/** A Callbell user's state as far as the app knows it (`customStatusUuid: null` = none; absent = unknown). */
export interface CallbellState {
	available?: boolean;
	customStatusUuid?: string | null;
}

export interface ApplyOptions {
	source: Source;
	requester: Requester;
	callbell?: CallbellIntent;
	/** When the change happened (Callbell's `lastUpdatedAt` for its events); default now. */
	at?: number;
	/** A timer's restore: the state token of the timed change it ends (on 8.6+ its claim is ended instead of written over). */
	ends?: string;
	/** The preset the change applies, when it is one (time in status counts per preset). */
	preset?: string;
}

/** One agent's turn (turn/turn.ts): the user as Rocket.Chat has it now, and the sync record to update. */
export interface Turn {
	user: IUser;
	sync: SyncRecord;
	/**
	 * The agent's previous turn never ended (its instance died holding it): a change it was making may
	 * have reached Callbell or not, and may have left a queued change the ledger does not know. This
	 * turn takes nothing the ledger says about Callbell for granted (callbell/ledger.ts).
	 */
	inDoubt?: boolean;
}

/** The apply step of a turn, handed to the steps that decide what a source's event means (callbell/inbound.ts, hours/boundary.ts). */
export type ApplyFn = (turn: Turn, want: Want, opts: ApplyOptions) => Promise<Applied>;
