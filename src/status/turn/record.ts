import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { Requester } from '../../delivery/outbox';
import { readSettings, SettingId } from '../../settings';
import type { Presence } from '../../vendors/rocketchat';
import type { CbOutcome, OcOutcome, Source } from '../model/types';
import type { TimelineStore } from '../timeline/store';
import { holdStarted, parsePresetLimits } from '../timeline/limits';
import { armOverrun } from '../timeline/overrun';
import type { CallbellSide, Transition } from '../timeline/transition';
import { askerOf } from './asker';

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
 * it, inside the agent's turn (the timeline store needs one agent's changes one at a time); a hold of a
 * preset with an allowed time arms its one notice.
 */
export async function recordChange(d: { a: Accessors; timeline: TimelineStore; now: () => number }, user: IUser, c: ChangeRecord): Promise<void> {
	const source = askerOf(c.source, user, c.requester);
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
	const recorded = await d.timeline.record(user.id, t);
	// a preset with an allowed time (status_preset_limits): one notice when this hold passes it
	if (recorded.outcome === 'recorded' && holdStarted(recorded.previous, t)) {
		const limits = parsePresetLimits((await readSettings(d.a.read, 'team'))[SettingId.StatusPresetLimits]).limits;
		await armOverrun(d.a.modify.getScheduler(), user.id, t, t.at, limits, d.now());
	}
}
