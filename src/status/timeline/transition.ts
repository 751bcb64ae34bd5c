import type { OmnichannelStatus, Presence } from '../../vendors/rocketchat';

/**
 * One change of an agent's status, as the per-agent turn records it: the whole state after the
 * change (not a diff), so any one transition tells what the agent was from then on.
 */
export const SOURCES = ['self', 'manager', 'hours', 'timer', 'callbell', 'rocketchat', 'bot'] as const;
export type TransitionSource = (typeof SOURCES)[number];

export interface CallbellSide {
	available?: boolean;
	/** the Callbell custom status (its name or uuid, as the turn knows it); null = none */
	customStatus?: string | null;
}

export interface Transition {
	/** epoch ms of the change */
	at: number;
	presence: Presence;
	/** the Rocket.Chat status text after the change ('' = none) */
	text: string;
	/** the preset the change applied, when it was one */
	preset?: string;
	callbell?: CallbellSide;
	omnichannel?: OmnichannelStatus;
	source: TransitionSource;
	/** the manager's username, when a manager made the change */
	by?: string;
}

/** What an agent was: a transition without its time. A day record's carried state is one. */
export type State = Omit<Transition, 'at'>;

export const stateOf = ({ at: _at, ...state }: Transition): State => state;

/** Whether two states read the same in a report (source and author aside): a repeat is no change. */
export function sameState(a: State, b: State): boolean {
	return (
		a.presence === b.presence &&
		a.text === b.text &&
		a.preset === b.preset &&
		a.omnichannel === b.omnichannel &&
		a.callbell?.available === b.callbell?.available &&
		(a.callbell?.customStatus ?? null) === (b.callbell?.customStatus ?? null)
	);
}
