import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { OffStatus } from '../../parse/st-hours';
import { StatusSync } from '../turn/turn';
import type { StatusDeps } from '../turn/deps';
import type { Boundary } from './hours';
import type { Applied, Source, Want } from '../model/types';

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
 * One boundary of an agent's working hours, inside the agent's turn on the status path (so it reaches
 * Rocket.Chat, Callbell and whatever else that path serves). The rules, in order:
 * 1. a timed status (`/st busy for 1h`) still running at the boundary is not cut off: the boundary's
 *    status becomes what the timer restores (unless the agent changes status before it ends);
 * 2. at the start of a shift, a status the agent set by hand after the previous shift ended (this
 *    morning's "busy — preparing", "offline — sick") wins until this shift ends;
 * 3. otherwise the boundary applies: online at the start, the off-hours status at the end (the text
 *    is cleared). The end of a shift always applies: whatever was set by hand during the day held
 *    until then, and the day's end is when the agent stops taking chats.
 */
export function applyBoundary(d: StatusDeps, sync: StatusSync, user: IUser, due: Boundary, previous: Boundary, off: OffStatus): Promise<BoundaryOutcome> {
	return sync.run(user, async (turn) => {
		const want: Want = { presence: due.state === 'in' ? 'online' : off, text: '' };
		const timer = await d.store.timer(user.id);
		if (timer && timer.token === StatusSync.token(turn.sync) && timer.until > due.at) {
			await d.store.saveTimer(user.id, { ...timer, restore: { rc: { status: want.presence, statusText: want.text } } });
			return { kind: 'deferred', until: timer.until, presence: want.presence };
		}
		const last = turn.sync.lastSource;
		if (due.state === 'in' && last !== undefined && BY_HAND.has(last) && (turn.sync.changedAt ?? 0) > previous.at) return { kind: 'kept' };
		const applied = await sync.apply(turn, want, { source: 'hours', requester: { userId: user.id, username: user.username } });
		return { kind: 'applied', applied };
	});
}
