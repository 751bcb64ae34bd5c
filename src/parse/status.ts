import { z } from 'zod';
import { CALLBELL_USER_UUID } from '../vendors/callbell';
import { clockSchema } from './clock';
import { type HoursParseError, type HoursRequest, parseStHours } from './st-hours';

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
 *   /st hours [off | default | <days> <start>-<end> [away|offline]]   (grammar: st-hours.ts)
 *
 * Pure: the clock and the agent's UTC offset come in, a typed request or a usage error goes out.
 */

export const ST_PRESENCES = ['online', 'away', 'busy', 'offline'] as const;
export type StPresence = (typeof ST_PRESENCES)[number];
const presenceSchema = z.enum(ST_PRESENCES);

/** Longest status text Rocket.Chat shows (and the app accepts). */
export const ST_TEXT_MAX = 120;
/** Longest timer: a week. */
export const ST_MAX_DURATION_MS = 7 * 24 * 60 * 60 * 1000;

export type StRequest =
	| { kind: 'form' }
	| { kind: 'help' }
	| { kind: 'list' }
	| { kind: 'clear' }
	| { kind: 'link'; uuid: string }
	| { kind: 'set'; presence: StPresence; text: string; until?: number }
	| { kind: 'preset'; name: string; until?: number }
	| { kind: 'preset.add' | 'preset.set'; name: string; statusType: StPresence }
	| { kind: 'preset.rename'; from: string; to: string }
	| { kind: 'preset.remove'; name: string }
	| HoursRequest;

export type StParseError =
	| { code: 'bad_duration'; value: string }
	| { code: 'duration_range' }
	| { code: 'text_too_long'; length: number; max: number }
	| { code: 'link_usage' }
	| { code: 'bad_uuid'; value: string }
	| { code: 'preset_usage' }
	| { code: 'bad_type'; value: string }
	| HoursParseError;

export type StParse = { ok: true; request: StRequest } | { ok: false; error: StParseError };

export interface StParseOptions {
	/** epoch ms; default Date.now() */
	now?: number;
	/** the agent's offset from UTC in hours (Rocket.Chat's `user.utcOffset`), for `until HH:MM` */
	utcOffset?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `90m`, `2h`, `1h30m`, `45min`, `1.5h`, `2d` → milliseconds. */
const durationSchema = z
	.string()
	.regex(/^(?:(\d+(?:[.,]\d+)?)\s*(?:d|days?))?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?))?\s*(?:(\d+)\s*(?:m|mins?|minutes?))?$/i)
	.refine((s) => s.trim().length > 0)
	.transform((s) => {
		const m = /^(?:(\d+(?:[.,]\d+)?)\s*(?:d|days?))?\s*(?:(\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?))?\s*(?:(\d+)\s*(?:m|mins?|minutes?))?$/i.exec(s) as RegExpExecArray;
		const num = (x: string | undefined) => (x ? Number(x.replace(',', '.')) : 0);
		return Math.round(num(m[1]) * 24 * HOUR + num(m[2]) * HOUR + num(m[3]) * MINUTE);
	});

/** `for 90m` / `90m` → ms from now; `until 17:30` → the next 17:30 in the agent's offset. Returns the expiry (epoch ms). */
export function parseExpiry(kind: 'for' | 'until', value: string, opts: StParseOptions = {}): { ok: true; until: number } | { ok: false; error: StParseError } {
	const now = opts.now ?? Date.now();
	if (kind === 'for') {
		const d = durationSchema.safeParse(value);
		if (!d.success) return { ok: false, error: { code: 'bad_duration', value } };
		if (d.data < MINUTE || d.data > ST_MAX_DURATION_MS) return { ok: false, error: { code: 'duration_range' } };
		return { ok: true, until: now + d.data };
	}
	const c = clockSchema.safeParse(value);
	if (!c.success) return { ok: false, error: { code: 'bad_duration', value: `until ${value}` } };
	const offsetMs = Math.round((Number.isFinite(opts.utcOffset) ? (opts.utcOffset as number) : 0) * HOUR);
	const localNow = now + offsetMs;
	const localMidnight = Math.floor(localNow / (24 * HOUR)) * 24 * HOUR;
	let localTarget = localMidnight + c.data * MINUTE;
	if (localTarget <= localNow) localTarget += 24 * HOUR;
	return { ok: true, until: localTarget - offsetMs };
}

/** Parses the `for …` / `until …` wording the bot endpoint accepts (`30m`, `for 2h`, `until 17:30`). */
export function parseExpiryPhrase(phrase: string, opts: StParseOptions = {}): { ok: true; until: number } | { ok: false; error: StParseError } {
	const words = phrase.trim().split(/\s+/).filter(Boolean);
	if (words.length === 2 && /^(for|until)$/i.test(words[0])) return parseExpiry(words[0].toLowerCase() as 'for' | 'until', words[1], opts);
	if (words.length === 1) return parseExpiry(/^\d{1,2}[:h]\d{2}$/.test(words[0]) ? 'until' : 'for', words[0], opts);
	return { ok: false, error: { code: 'bad_duration', value: phrase } };
}

/** A Callbell user uuid as an agent would paste it. */
export const uuidSchema = z.string().regex(CALLBELL_USER_UUID);

const textLength = (s: string) => Array.from(s).length;

export function parseSt(args: ReadonlyArray<string>, opts: StParseOptions = {}): StParse {
	const words = args.join(' ').split(/\s+/).filter(Boolean);
	if (words.length === 0) return { ok: true, request: { kind: 'form' } };
	const head = words[0].toLowerCase();
	const rest = words.slice(1);

	if (words.length === 1 && (head === 'help' || head === 'list' || head === 'clear')) return { ok: true, request: { kind: head } };
	if (head === 'link') {
		if (rest.length !== 1) return { ok: false, error: { code: 'link_usage' } };
		const uuid = uuidSchema.safeParse(rest[0]);
		return uuid.success ? { ok: true, request: { kind: 'link', uuid: uuid.data } } : { ok: false, error: { code: 'bad_uuid', value: rest[0] } };
	}
	if (head === 'hours') return parseStHours(rest);
	if (head === 'preset' && rest.length > 0 && /^(add|set|rename|remove|delete)$/i.test(rest[0])) return parsePresetAdmin(rest);

	// Trailing `for <d>` / `until <t>`: only when the word after looks like a time, so "waiting for Bob" stays text.
	let until: number | undefined;
	let body = words;
	if (words.length >= 2) {
		const kw = words[words.length - 2].toLowerCase();
		const value = words[words.length - 1];
		if ((kw === 'for' || kw === 'until') && /^\d/.test(value)) {
			const expiry = parseExpiry(kw, value, opts);
			if (!expiry.ok) return expiry;
			until = expiry.until;
			body = words.slice(0, -2);
		}
	}
	if (body.length === 0) return { ok: false, error: { code: 'bad_duration', value: words.join(' ') } };

	const presence = presenceSchema.safeParse(body[0].toLowerCase());
	if (presence.success) {
		const text = body.slice(1).join(' ');
		if (textLength(text) > ST_TEXT_MAX) return { ok: false, error: { code: 'text_too_long', length: textLength(text), max: ST_TEXT_MAX } };
		return { ok: true, request: { kind: 'set', presence: presence.data, text, ...(until !== undefined ? { until } : {}) } };
	}
	const name = body.join(' ');
	if (textLength(name) > ST_TEXT_MAX) return { ok: false, error: { code: 'text_too_long', length: textLength(name), max: ST_TEXT_MAX } };
	return { ok: true, request: { kind: 'preset', name, ...(until !== undefined ? { until } : {}) } };
}

function parsePresetAdmin(rest: string[]): StParse {
	const action = rest[0].toLowerCase();
	const words = rest.slice(1);
	if (action === 'add' || action === 'set') {
		if (words.length < 2) return { ok: false, error: { code: 'preset_usage' } };
		const type = presenceSchema.safeParse(words[words.length - 1].toLowerCase());
		if (!type.success) return { ok: false, error: { code: 'bad_type', value: words[words.length - 1] } };
		return { ok: true, request: { kind: action === 'add' ? 'preset.add' : 'preset.set', name: words.slice(0, -1).join(' '), statusType: type.data } };
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
