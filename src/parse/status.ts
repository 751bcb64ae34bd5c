import * as z from '../zod';
import { CALLBELL_USER_UUID } from '../vendors/callbell';
import { parseStTarget } from './st-target';
import { isReportWord, parseStReport } from './st-report';
import { parseStTeam } from './st-team';
import { PRESENCES, STATUS_TEXT_MAX, statusTextLength as textLength } from '../vendors/rocketchat';
import { splitExpiry } from './st-expiry';
import { matchWhole, normalizeWord, presenceAt, presenceOf, stWords, ST_COMMAND_WORDS, type StWords } from './st-words';
import { parseStHours } from './st-hours';

/**
 * The `/st` grammar (also used by the bot endpoint for its `for` field):
 *
 *   /st                                   → open the form (usage where there is no trigger)
 *   /st help | list | clear
 *   /st link <callbell-user-uuid>
 *   /st online|away|busy|offline [text…] [for 90m | for 2h | for 1h30m | until 17:30]
 *   /st <preset name…> [for … | until …]
 *   /st preset add|set <name…> <online|away|busy|offline>
 *   /st preset rename <old…> -> <new…>    (or exactly two one-word names)
 *   /st preset remove <name…>
 *   /st @user <a change as above: presence…, preset…, clear>   (st-target.ts)
 *   /st team [#room | @team-name]                             (st-team.ts)
 *   /st report [@agent | #room | @team] [today | yesterday | week | <date>..<date>]   (st-report.ts)
 *   /st preset sync                      (compare with Callbell, offer a fix)
 *   /st hours [off | default | <days> <start>-<end> [away|offline]]   (grammar: st-hours.ts)
 *
 * The words (presences, `for`, `until`, units, help/list/clear) are English plus the agent's own
 * language, from the catalogues (st-words.ts): `/st ocupado Almoço por 30m`, `/st ocupada hasta 18:00`.
 *
 * Pure: the clock, the agent's UTC offset and the keyword table come in, a typed request or a usage error goes out.
 */

/** The presences, as Rocket.Chat has them (one home: src/vendors/rocketchat.ts). */
export const ST_PRESENCES = PRESENCES;
export type { StPresence } from './st-request';

/** Longest status text (and preset name): Rocket.Chat's limit, src/vendors/rocketchat.ts. */
export const ST_TEXT_MAX = STATUS_TEXT_MAX;
export { ST_MAX_DURATION_MS, parseExpiry, parseExpiryPhrase } from './st-expiry';

export type { StChange, BoardTarget, StRequest, StParseError, StParse, StParseOptions } from './st-request';
import type { StParse, StParseOptions } from './st-request';

/** A Callbell user uuid as an agent would paste it. */
export const callbellUuidSchema = z.string().check(z.regex(CALLBELL_USER_UUID));

export function parseSt(args: ReadonlyArray<string>, opts: StParseOptions = {}): StParse {
	const words = args.join(' ').split(/\s+/).filter(Boolean);
	if (words.length === 0) return { ok: true, request: { kind: 'form' } };
	const head = words[0].toLowerCase();
	const rest = words.slice(1);
	const table = opts.words ?? stWords();
	const norm = words.map(normalizeWord);

	const command = ST_COMMAND_WORDS.find((c) => matchWhole(norm, table.command[c])); // help | list | clear, in the agent's words too
	if (command) return { ok: true, request: { kind: command } };
	if (head === 'link') {
		if (rest.length !== 1) return { ok: false, error: { code: 'link_usage' } };
		const uuid = callbellUuidSchema.safeParse(rest[0]);
		return uuid.success ? { ok: true, request: { kind: 'link', uuid: uuid.data } } : { ok: false, error: { code: 'bad_uuid', value: rest[0] } };
	}
	if (head.startsWith('@')) return parseStTarget(words, (after) => parseSt(after, opts));
	const team = head === 'team' ? parseStTeam(rest) : undefined;
	if (team) return team;
	if (isReportWord(head, opts.locale)) return parseStReport(rest, opts.locale);
	if (head === 'hours') return parseStHours(rest);
	if (head === 'preset' && rest.length > 0 && /^(add|set|rename|remove|delete|sync)$/i.test(rest[0])) return parsePresetAdmin(rest, table);

	// A trailing `for <d>` / `until <t>` (in any of the agent's words), only when what follows is a time, so "waiting for Bob" stays text.
	const expiry = splitExpiry(words, opts);
	if (!expiry.ok) return expiry;
	const { body, until } = expiry;
	if (body.length === 0) return { ok: false, error: { code: 'bad_duration', value: words.join(' ') } };

	const presence = presenceAt(norm.slice(0, body.length), 0, table);
	if (presence) {
		const text = body.slice(presence.length).join(' ');
		if (textLength(text) > ST_TEXT_MAX) return { ok: false, error: { code: 'text_too_long', length: textLength(text), max: ST_TEXT_MAX } };
		// the agent's own word for it (`ocupada`), said back in the reply; not the presence's own name (`busy`)
		const word = presence.word.own && presence.word.text !== presence.presence ? { word: presence.word.text } : {};
		return { ok: true, request: { kind: 'set', presence: presence.presence, text, ...(until !== undefined ? { until } : {}), ...word } };
	}
	const name = body.join(' ');
	if (textLength(name) > ST_TEXT_MAX) return { ok: false, error: { code: 'text_too_long', length: textLength(name), max: ST_TEXT_MAX } };
	return { ok: true, request: { kind: 'preset', name, ...(until !== undefined ? { until } : {}) } };
}

function parsePresetAdmin(rest: string[], table: StWords): StParse {
	const action = rest[0].toLowerCase();
	const words = rest.slice(1);
	if (action === 'sync') return words.length === 0 ? { ok: true, request: { kind: 'preset.sync' } } : { ok: false, error: { code: 'preset_usage' } };
	if (action === 'add' || action === 'set') {
		if (words.length < 2) return { ok: false, error: { code: 'preset_usage' } };
		// the type is the last word, or the last two (`en línea`), as long as a name is left before it
		const norm = words.map(normalizeWord);
		for (const n of [2, 1]) {
			const type = words.length > n ? presenceOf(norm.slice(-n), table) : undefined;
			if (type) return { ok: true, request: { kind: action === 'add' ? 'preset.add' : 'preset.set', name: words.slice(0, -n).join(' '), statusType: type } };
		}
		return { ok: false, error: { code: 'bad_type', value: words[words.length - 1] } };
	}
	if (action === 'rename') {
		const arrow = words.findIndex((w) => w === '->' || w === '=>' || w === '→');
		if (arrow > 0 && arrow < words.length - 1) {
			return { ok: true, request: { kind: 'preset.rename', from: words.slice(0, arrow).join(' '), to: words.slice(arrow + 1).join(' ') } };
		}
		if (arrow === -1 && words.length === 2) return { ok: true, request: { kind: 'preset.rename', from: words[0], to: words[1] } };
		return { ok: false, error: { code: 'preset_usage' } };
	}
	// remove / delete
	if (words.length === 0) return { ok: false, error: { code: 'preset_usage' } };
	return { ok: true, request: { kind: 'preset.remove', name: words.join(' ') } };
}
