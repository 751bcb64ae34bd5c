import type { BoardTarget, StParse } from './st-request';

/**
 * `/st team [#room | @team-name]`: whose board. Without an argument, the room the command is typed in.
 * A team is named by its handle (`@support`); the app finds it by its main room (see status/board/members.ts).
 */
export type { BoardTarget };

const NAME = /^[^\s@#]{1,100}$/;

/**
 * `rest` = the words after `team`. Undefined when they do not name a room or team (`/st Team meeting`
 * stays a preset or text, as before the board existed).
 */
export function parseStTeam(rest: ReadonlyArray<string>): StParse | undefined {
	if (rest.length === 0) return { ok: true, request: { kind: 'team', target: { kind: 'here' } } };
	const word = rest[0];
	if (!word.startsWith('#') && !word.startsWith('@')) return undefined;
	const name = word.slice(1);
	if (rest.length !== 1 || !NAME.test(name)) return { ok: false, error: { code: 'team_usage' } };
	return { ok: true, request: { kind: 'team', target: word.startsWith('#') ? { kind: 'room', name } : { kind: 'team', name } } };
}
