import { z } from 'zod';
import { LEAD_STATUSES, type LeadAttribute, type LeadNote, type LeadStatus } from '../vendors/botpenguin';
import { argumentLine, tokenize } from './tokens';

/**
 * Grammars of `/lead-close`, `/lead` and `/contact-delete`. Each returns a typed request or a list
 * of problems (each naming the argument or field at fault); nothing here reads settings or sends.
 */

/** A BotPenguin lead uuid: the 8-4-4-4-12 hex form (BotPenguin issues v4 uuids; any version is accepted). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Looks like an attempt at a uuid (8 hex, a dash, more hex/dashes), so a typo is reported rather than taken as note text; a date such as 2024-05-01 is not. */
const UUID_LIKE_RE = /^[0-9a-f]{8}-[0-9a-f-]*$/i;
/** A Mongo ObjectId: BotPenguin contact, subscriber and agent ids. */
export const OBJECT_ID_RE = /^[0-9a-f]{24}$/i;

export const uuidSchema = z.string().regex(UUID_RE);
export const objectIdSchema = z.string().regex(OBJECT_ID_RE);

/** One thing wrong with the input: `field` names the argument (`email`, `attr.plan`, a uuid…), `problem` is a message key suffix. */
export interface Problem {
	field: string;
	problem: LeadProblem;
	value?: string;
}
export const LEAD_PROBLEMS = [
	'unterminated_quote',
	'missing_uuid',
	'bad_uuid',
	'not_key_value',
	'unknown_field',
	'duplicate',
	'bad_status',
	'empty',
	'bad_email',
	'bad_phone',
	'bad_dial',
	'bad_agent',
	'unknown_agent',
	'bad_tag',
	'bad_note',
	'bad_attr_key',
	'bad_picture',
	'too_long',
	'missing_ids',
	'bad_id',
	'bad_subscriber',
] as const;
export type LeadProblem = (typeof LEAD_PROBLEMS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

const bad = <T>(problems: Problem[]): Parsed<T> => ({ ok: false, problems });

// ------------------------------------------------------------------ /lead-close

export interface LeadCloseRequest {
	uuids: string[];
	/** Free text after the uuids, as typed (quotes kept); absent when empty. */
	note?: string;
}

/** Longest note/field text accepted (BotPenguin documents no limit; this keeps requests sane). */
export const MAX_TEXT = 2000;

/** `/lead-close <uuid…> [note…]`: leading uuid(s), then the note as free text. */
export function parseLeadClose(args: ReadonlyArray<string>): Parsed<LeadCloseRequest> {
	const words = argumentLine(args).split(/\s+/).filter(Boolean);
	const uuids: string[] = [];
	const problems: Problem[] = [];
	let i = 0;
	for (; i < words.length; i++) {
		const w = words[i];
		if (UUID_RE.test(w)) {
			if (!uuids.some((u) => u.toLowerCase() === w.toLowerCase())) uuids.push(w);
		} else if (UUID_LIKE_RE.test(w)) {
			problems.push({ field: w, problem: 'bad_uuid', value: w });
		} else break;
	}
	if (uuids.length === 0 && problems.length === 0) {
		return bad([{ field: 'uuid', problem: words.length ? 'bad_uuid' : 'missing_uuid', value: words[0] }]);
	}
	if (problems.length) return bad(problems);
	const note = words.slice(i).join(' ').trim();
	if (note.length > MAX_TEXT) return bad([{ field: 'note', problem: 'too_long' }]);
	return { ok: true, value: { uuids, ...(note ? { note } : {}) } };
}

// ------------------------------------------------------------------ /lead

/** `agent=` before it is resolved: a BotPenguin agent id, or a Rocket.Chat username looked up in `botpenguin_agent_map`. */
export type AgentRef = { kind: 'id'; id: string } | { kind: 'user'; username: string };

/** The validated fields of one lead update (agent still a reference). */
export interface LeadFields {
	status?: LeadStatus;
	name?: string;
	email?: string;
	phone?: string;
	dialCode?: string;
	agent?: AgentRef;
	tags?: string[];
	notes?: LeadNote[];
	attributes?: LeadAttribute[];
	picture?: string;
}

export interface LeadUpdateRequest {
	uuid: string;
	fields: LeadFields;
}

/** The keys `/lead` understands (and the modal's fields), with aliases. */
export const LEAD_KEYS = ['status', 'name', 'email', 'phone', 'dial', 'agent', 'tag', 'note', 'attr.<key>', 'picture'] as const;
const ALIASES: Record<string, string> = { tags: 'tag', notes: 'note', dialcode: 'dial', dial_code: 'dial', agentid: 'agent', image: 'picture', avatar: 'picture' };

const text = z.string().trim().min(1, 'empty').max(MAX_TEXT, 'too_long');
const fieldSchemas = {
	status: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase().replace(/[\s_-]+/g, '') : v), z.enum(LEAD_STATUSES, { message: 'bad_status' })),
	name: text,
	email: z.string().trim().email('bad_email').max(320, 'too_long'),
	// digits with the usual separators; sent with the separators removed
	phone: z
		.string()
		.trim()
		.regex(/^\+?[\d\s().-]+$/, 'bad_phone')
		.transform((s) => s.replace(/[\s().-]/g, ''))
		.refine((s) => /^\+?\d{4,20}$/.test(s), 'bad_phone'),
	dial: z.string().trim().regex(/^\+\d{1,4}$/, 'bad_dial'),
	agent: z
		.string()
		.trim()
		.transform((s, ctx): AgentRef => {
			if (OBJECT_ID_RE.test(s)) return { kind: 'id', id: s };
			const m = /^@([\w.-]+)$/.exec(s);
			if (m) return { kind: 'user', username: m[1] };
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'bad_agent' });
			return z.NEVER;
		}),
	tag: z
		.string()
		.transform((s) => s.split(',').map((t) => t.trim()))
		.refine((list) => list.length > 0 && list.every((t) => t.length > 0 && t.length <= 100), 'bad_tag'),
	note: z
		.string()
		.transform((s, ctx): LeadNote => {
			const colon = s.indexOf(':');
			const title = colon > 0 ? s.slice(0, colon).trim() : '';
			const description = colon > 0 ? s.slice(colon + 1).trim() : '';
			if (!title || !description) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'bad_note' });
				return z.NEVER;
			}
			if (title.length > 200 || description.length > MAX_TEXT) {
				ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'too_long' });
				return z.NEVER;
			}
			return { title, description };
		}),
	attrKey: z.string().trim().min(1, 'bad_attr_key').max(100, 'bad_attr_key'),
	attrValue: z.string().max(MAX_TEXT, 'too_long'),
	picture: z
		.string()
		.trim()
		.url('bad_picture')
		.refine((s) => /^https?:\/\/[^/\s]+/i.test(s), 'bad_picture'),
};

const problemOf = (error: z.ZodError): LeadProblem => (error.issues[0]?.message as LeadProblem) ?? 'empty';

/**
 * Validates `key=value` pairs (from the command line or the modal) into lead fields. Repeatable:
 * `tag` (merged), `note` (appended), `attr.<key>` (last wins); any other key given twice is a problem.
 */
export function parseLeadPairs(pairs: ReadonlyArray<{ key: string; value: string }>): Parsed<LeadFields> {
	const fields: LeadFields = {};
	const problems: Problem[] = [];
	const seen = new Set<string>();
	const attributes = new Map<string, string>();
	const check = <S extends z.ZodTypeAny>(field: string, schema: S, value: string): z.output<S> | undefined => {
		const r = schema.safeParse(value);
		if (r.success) return r.data as z.output<S>;
		problems.push({ field, problem: problemOf(r.error), value });
		return undefined;
	};
	for (const { key: rawKey, value } of pairs) {
		const lower = rawKey.trim().toLowerCase();
		const key = ALIASES[lower] ?? lower;
		if (key.startsWith('attr.') || key.startsWith('attribute.')) {
			const attrKey = check(rawKey, fieldSchemas.attrKey, rawKey.slice(rawKey.indexOf('.') + 1));
			const attrValue = check(rawKey, fieldSchemas.attrValue, value);
			if (attrKey !== undefined && attrValue !== undefined) attributes.set(attrKey, attrValue);
			continue;
		}
		const single = ['status', 'name', 'email', 'phone', 'dial', 'agent', 'picture'];
		if (single.includes(key)) {
			if (seen.has(key)) {
				problems.push({ field: key, problem: 'duplicate' });
				continue;
			}
			seen.add(key);
		}
		switch (key) {
			case 'status': {
				const v = check(key, fieldSchemas.status, value);
				if (v !== undefined) fields.status = v;
				break;
			}
			case 'name': {
				const v = check(key, fieldSchemas.name, value);
				if (v !== undefined) fields.name = v;
				break;
			}
			case 'email': {
				const v = check(key, fieldSchemas.email, value);
				if (v !== undefined) fields.email = v;
				break;
			}
			case 'phone': {
				const v = check(key, fieldSchemas.phone, value);
				if (v !== undefined) fields.phone = v;
				break;
			}
			case 'dial': {
				const v = check(key, fieldSchemas.dial, value);
				if (v !== undefined) fields.dialCode = v;
				break;
			}
			case 'agent': {
				const v = check(key, fieldSchemas.agent, value);
				if (v !== undefined) fields.agent = v;
				break;
			}
			case 'picture': {
				const v = check(key, fieldSchemas.picture, value);
				if (v !== undefined) fields.picture = v;
				break;
			}
			case 'tag': {
				const v = check(key, fieldSchemas.tag, value);
				if (v !== undefined) fields.tags = [...new Set([...(fields.tags ?? []), ...v])];
				break;
			}
			case 'note': {
				const v = check(key, fieldSchemas.note, value);
				if (v !== undefined) fields.notes = [...(fields.notes ?? []), v];
				break;
			}
			default:
				problems.push({ field: rawKey, problem: 'unknown_field' });
		}
	}
	if (attributes.size > 0) fields.attributes = [...attributes].map(([key, value]) => ({ key, value }));
	return problems.length ? bad(problems) : { ok: true, value: fields };
}

/** `/lead <uuid> key=value…`; with no pairs, `fields` is empty (the command then opens the modal). */
export function parseLeadUpdate(args: ReadonlyArray<string>): Parsed<LeadUpdateRequest> {
	const tokenized = tokenize(argumentLine(args));
	if (!tokenized.ok) return bad([{ field: 'text', problem: 'unterminated_quote' }]);
	const [first, ...rest] = tokenized.tokens;
	if (first === undefined) return bad([{ field: 'uuid', problem: 'missing_uuid' }]);
	const problems: Problem[] = [];
	if (!UUID_RE.test(first)) problems.push({ field: 'uuid', problem: 'bad_uuid', value: first });
	const pairs: Array<{ key: string; value: string }> = [];
	for (const token of rest) {
		const eq = token.indexOf('=');
		if (eq <= 0) problems.push({ field: token, problem: 'not_key_value', value: token });
		else pairs.push({ key: token.slice(0, eq), value: token.slice(eq + 1) });
	}
	const fields = parseLeadPairs(pairs);
	if (!fields.ok) problems.push(...fields.problems);
	if (problems.length || !fields.ok) return bad(problems);
	return { ok: true, value: { uuid: first, fields: fields.value } };
}

export const hasAnyField = (fields: LeadFields): boolean => Object.values(fields).some((v) => v !== undefined);

// ------------------------------------------------------------------ /contact-delete

export interface ContactDeleteRequest {
	ids: string[];
	subscriberIds: string[];
}

/** `/contact-delete <id…> [sub:<subscriberId>…]`: every id a 24-hex ObjectId; bad ones are all listed. */
export function parseContactDelete(args: ReadonlyArray<string>): Parsed<ContactDeleteRequest> {
	const words = argumentLine(args)
		.split(/[\s,]+/)
		.filter(Boolean);
	const ids: string[] = [];
	const subscriberIds: string[] = [];
	const problems: Problem[] = [];
	for (const w of words) {
		const sub = /^sub(?:scriber)?:(.*)$/i.exec(w);
		if (sub) {
			if (objectIdSchema.safeParse(sub[1]).success) addUnique(subscriberIds, sub[1]);
			else problems.push({ field: w, problem: 'bad_subscriber', value: w });
		} else if (objectIdSchema.safeParse(w).success) addUnique(ids, w);
		else problems.push({ field: w, problem: 'bad_id', value: w });
	}
	if (problems.length) return bad(problems);
	if (ids.length === 0) return bad([{ field: 'ids', problem: 'missing_ids' }]);
	return { ok: true, value: { ids, subscriberIds } };
}

/** Ids are kept as typed; duplicates (ignoring case) are dropped. */
function addUnique(list: string[], id: string): void {
	if (!list.some((x) => x.toLowerCase() === id.toLowerCase())) list.push(id);
}
