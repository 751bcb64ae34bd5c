import { isPresence, type Presence } from '../../vendors/rocketchat';
import { eachMapLine, type MapProblem } from './maps';

/**
 * `callbell_session_map`: which Rocket.Chat presence each Callbell session action sets, one
 * `action = presence` per line (`#` starts a comment; `invisible` names `offline`, as Rocket.Chat's
 * menu calls it; `ignore` leaves the presence alone). An action not named is ignored. A line that does
 * not parse is left out (and refused when saved: settings-guard.ts).
 */

export const SESSION_ACTIONS = ['user_logged_in', 'user_logged_out', 'system_logged_out'] as const;
export type SessionAction = (typeof SESSION_ACTIONS)[number];
export type SessionMap = Partial<Record<SessionAction, Presence>>;

export const isSessionAction = (v: unknown): v is SessionAction => typeof v === 'string' && (SESSION_ACTIONS as ReadonlyArray<string>).includes(v);

const PRESENCE_ALIASES: Record<string, Presence | 'ignore'> = { invisible: 'offline', ignore: 'ignore', none: 'ignore' };

export function parseSessionMap(text: string): { map: SessionMap; problems: MapProblem[] } {
	const map: SessionMap = {};
	const seen = new Set<SessionAction>();
	const problems = eachMapLine(text, (action, value) => {
		const target = PRESENCE_ALIASES[value] ?? (isPresence(value) ? value : undefined);
		if (!isSessionAction(action)) return 'action';
		if (!target) return 'presence';
		if (seen.has(action)) return 'duplicate';
		seen.add(action);
		if (target !== 'ignore') map[action] = target;
		return undefined;
	});
	return { map, problems };
}
