import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import type { Presence } from '../../vendors/rocketchat';
import type { CbOutcome, OcOutcome, Source } from '../model/types';
import type { Recorded, TimelineStore } from '../timeline/store';
import type { CallbellSide, Transition, TransitionSource } from '../timeline/transition';

/** The timeline's name for who made a change (`/st` of one's own or a manager's: who asked). */
function sourceOf(source: Source, user: IUser, requester: Requester): TransitionSource {
	switch (source) {
		case 'command':
			return requester.userId === user.id ? 'self' : 'manager';
		case 'api':
			return 'bot';
		case 'webhook':
			return 'callbell';
		case 'rocketchat':
		case 'timer':
		case 'hours':
			return source;
	}
}

/** What Callbell has as far as the change knows (confirmed, or sent and waiting); nothing for a failed or unlinked half. */
function callbellSide(cb: CbOutcome | undefined, names: Record<string, string>): CallbellSide | undefined {
	if (!cb || (cb.state !== 'done' && cb.state !== 'unchanged' && cb.state !== 'queued')) return undefined;
	const id = cb.ledger.customStatusUuid;
	return { ...(cb.ledger.available !== undefined ? { available: cb.ledger.available } : {}), ...(id !== undefined ? { customStatus: id === null ? null : (names[id] ?? id) } : {}) };
}

export interface ChangeRecord {
	at: number;
	presence: Presence;
	text: string;
	preset?: string;
	source: Source;
	requester: Requester;
	callbell?: CbOutcome;
	callbellNames?: Record<string, string>;
	omnichannel?: OcOutcome;
}

/**
 * Writes one change into the agent's timeline (time in status, `/st report`): the whole state after
 * it, inside the agent's turn (the timeline store needs one agent's changes one at a time).
 */
export async function recordChange(timeline: TimelineStore, user: IUser, c: ChangeRecord): Promise<{ recorded: Recorded; transition: Transition }> {
	const source = sourceOf(c.source, user, c.requester);
	const cb = callbellSide(c.callbell, c.callbellNames ?? {});
	const oc = c.omnichannel && (c.omnichannel.state === 'done' || c.omnichannel.state === 'queued') ? c.omnichannel.status : undefined;
	const t: Transition = {
		at: c.at,
		presence: c.presence,
		text: c.text,
		...(c.preset !== undefined ? { preset: c.preset } : {}),
		...(cb ? { callbell: cb } : {}),
		...(oc ? { omnichannel: oc } : {}),
		source,
		...(source === 'manager' ? { by: c.requester.username } : {}),
	};
	return { recorded: await timeline.record(user.id, t), transition: t };
}
