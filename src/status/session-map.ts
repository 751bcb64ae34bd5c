import { isPresence, type Presence } from '../vendors/rocketchat';
import type { MapProblem } from './maps';

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
	const problems: MapProblem[] = [];
	const seen = new Set<SessionAction>();
	String(text ?? '')
		.split('\n')
		.forEach((raw, i) => {
			const line = i + 1;
			const clean = raw.replace(/#.*/, '').trim();
			if (!clean) return;
			const eq = clean.indexOf('=');
			if (eq <= 0) return void problems.push({ line, reason: 'syntax' });
			const action = clean.slice(0, eq).trim().toLowerCase();
			const value = clean.slice(eq + 1).trim().toLowerCase();
			const target = PRESENCE_ALIASES[value] ?? (isPresence(value) ? value : undefined);
			if (!isSessionAction(action)) problems.push({ line, reason: 'action' });
			else if (!target) problems.push({ line, reason: 'presence' });
			else if (seen.has(action)) problems.push({ line, reason: 'duplicate' });
			else {
				seen.add(action);
				if (target !== 'ignore') map[action] = target;
			}
		});
	return { map, problems };
}
