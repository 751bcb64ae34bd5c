import type { StChange, StParse } from './st-request';

/**
 * `/st @bob <what bob's own /st takes>`: a manager sets another agent's status. The words after the
 * username are parsed by the `/st` grammar itself (`inner`), so a presence with text and `for`/`until`,
 * a preset or `clear` mean exactly what they mean in bob's own `/st`; anything else (`list`, `link`,
 * `team`, preset admin, another `@user`) is not a change of bob's status and gets the usage.
 */

/** What a manager may do to another agent's status. */
export type { StChange };

/** A Rocket.Chat username as typed after `@` (the server's own rules are wider or narrower by setting; the lookup decides). */
const USERNAME = /^[^\s@#:,;/]{1,100}$/;

/** `words[0]` starts with `@`. */
export function parseStTarget(words: ReadonlyArray<string>, inner: (rest: string[]) => StParse): StParse {
	const username = words[0].slice(1);
	if (!USERNAME.test(username) || words.length < 2) return { ok: false, error: { code: 'target_usage' } };
	const parsed = inner(words.slice(1));
	if (!parsed.ok) return parsed;
	const change = parsed.request;
	if (change.kind !== 'set' && change.kind !== 'preset' && change.kind !== 'clear') return { ok: false, error: { code: 'target_usage' } };
	return { ok: true, request: { kind: 'for-user', username, change } };
}
