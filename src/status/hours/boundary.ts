import type { OffStatus } from '../../parse/st-hours';
import { stateToken, type StatusStore } from '../model/store';
import type { Applied, ApplyFn, Source, Turn, Want } from '../model/types';
import type { Boundary } from './hours';

/** What a boundary did to the agent's status. */
export type BoundaryOutcome =
	/** online (start) or the off-hours status (end), through the one per-agent path */
	| { kind: 'applied'; applied: Applied }
	/** start: the agent set a status by hand after the last shift ended; it stays until this shift ends */
	| { kind: 'kept' }
	/** a timed status runs past the boundary: it is not cut off, and restores to the boundary's status when it ends */
	| { kind: 'deferred'; until: number; presence: Want['presence'] };

/** Changes the agent (or someone for them) made: not the app's own timers and boundaries. */
const BY_HAND: ReadonlySet<string> = new Set<Source>(['command', 'api', 'rocketchat', 'webhook']);

/**
 * One boundary of an agent's working hours, decided inside the agent's turn and applied on the status path (so it reaches
 * Rocket.Chat, Callbell and whatever else that path serves). The rules, in order:
 * 1. a timed status (`/st busy for 1h`) still running at the boundary is not cut off: the boundary's
 *    status becomes what the timer restores (unless the agent changes status before it ends);
 * 2. at the start of a shift, a status the agent set by hand after the previous shift ended (this
 *    morning's "busy — preparing", "offline — sick") wins until this shift ends;
 * 3. otherwise the boundary applies: online at the start, the off-hours status at the end (the text
 *    is cleared). The end of a shift always applies: whatever was set by hand during the day held
 *    until then, and the day's end is when the agent stops taking chats.
 */
export async function applyBoundary(store: StatusStore, turn: Turn, due: Boundary, previous: Boundary, off: OffStatus, apply: ApplyFn): Promise<BoundaryOutcome> {
	const { user } = turn;
	const want: Want = { presence: due.state === 'in' ? 'online' : off, text: '' };
	const timer = await store.timer(user.id);
	if (timer && timer.token === stateToken(turn.sync) && timer.until > due.at) {
		await store.saveTimer(user.id, { ...timer, restore: { rc: { status: want.presence, statusText: want.text } } });
		return { kind: 'deferred', until: timer.until, presence: want.presence };
	}
	const last = turn.sync.lastSource;
	if (due.state === 'in' && last !== undefined && BY_HAND.has(last) && (turn.sync.changedAt ?? 0) > previous.at) return { kind: 'kept' };
	const applied = await apply(turn, want, { source: 'hours', requester: { userId: user.id, username: user.username } });
	return { kind: 'applied', applied };
}
