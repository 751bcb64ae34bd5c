import * as z from '../zod';
import { attributeNameSchema, type LeadFieldRow, type LeadFields, leadFieldOf, MAX_TEXT } from '../vendors/lead-fields';
import { addUnique, bad, type LeadProblem, type Parsed, type Problem } from './problems';
import { argumentLine, tokenize } from './tokens';

/**
 * Grammars of `/lead-close` and `/lead` (its fields come from the field table, lead-fields.ts). Each
 * returns a typed request or a list of problems (each naming the argument or field at fault);
 * nothing here reads settings or sends.
 */

/** A BotPenguin lead uuid: the 8-4-4-4-12 hex form (BotPenguin issues v4 uuids; any version is accepted). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Looks like an attempt at a uuid (8 hex, a dash, more hex/dashes), so a typo is reported rather than taken as note text; a date such as 2024-05-01 is not. */
const UUID_LIKE_RE = /^[0-9a-f]{8}-[0-9a-f-]*$/i;

// ------------------------------------------------------------------ /lead-close

export interface LeadCloseRequest {
	uuids: string[];
	/** Free text after the uuids, as typed (quotes kept); absent when empty. */
	note?: string;
}

/** `/lead-close <uuid…> [note…]`: leading uuid(s), then the note as free text. */
export function parseLeadClose(args: ReadonlyArray<string>): Parsed<LeadCloseRequest> {
	const words = argumentLine(args).split(/\s+/).filter(Boolean);
	const uuids: string[] = [];
	const problems: Problem[] = [];
	let i = 0;
	for (; i < words.length; i++) {
		const w = words[i];
		if (UUID_RE.test(w)) addUnique(uuids, w);
		else if (UUID_LIKE_RE.test(w)) {
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

export interface LeadUpdateRequest {
	uuid: string;
	fields: LeadFields;
}

const problemOf = (error: z.core.$ZodError): LeadProblem => (error.issues[0]?.message as LeadProblem) ?? 'empty';

/**
 * Validates `key=value` pairs (from the command line or the form) into lead fields, each by its row
 * of `LEAD_FIELDS`: a `once` key given twice is a problem, `merge` values join a set, `append`
 * values a list, `keyed` values (`attr.<name>`) keep the last per name.
 */
export function parseLeadPairs(pairs: ReadonlyArray<{ key: string; value: string }>): Parsed<LeadFields> {
	const values = new Map<LeadFieldRow, unknown[]>();
	const keyed = new Map<LeadFieldRow, Map<string, unknown>>();
	const problems: Problem[] = [];
	const check = (field: string, schema: LeadFieldRow['schema'], value: string): { ok: true; value: unknown } | { ok: false } => {
		const r = schema.safeParse(value);
		if (r.success) return { ok: true, value: r.data };
		problems.push({ field, problem: problemOf(r.error), value });
		return { ok: false };
	};
	for (const { key: rawKey, value } of pairs) {
		const found = leadFieldOf(rawKey);
		if (!found) {
			problems.push({ field: rawKey, problem: 'unknown_field' });
			continue;
		}
		const { row } = found;
		if (found.name !== undefined) {
			const name = check(rawKey, attributeNameSchema, found.name);
			const checked = check(rawKey, row.schema, value);
			if (name.ok && checked.ok) keyed.set(row, (keyed.get(row) ?? new Map<string, unknown>()).set(name.value as string, checked.value));
			continue;
		}
		const seen = values.get(row);
		if (row.repeat === 'once' && seen) {
			problems.push({ field: row.key, problem: 'duplicate' });
			continue;
		}
		values.set(row, seen ?? []);
		const checked = check(row.key, row.schema, value);
		if (checked.ok) values.get(row)?.push(checked.value);
	}
	if (problems.length) return bad(problems);
	const fields: Record<string, unknown> = {};
	for (const [row, list] of values) {
		if (list.length === 0) continue;
		if (row.repeat === 'once') fields[row.field] = list[0];
		else if (row.repeat === 'merge') fields[row.field] = [...new Set((list as unknown[][]).flat())];
		else fields[row.field] = list;
	}
	for (const [row, byName] of keyed) fields[row.field] = [...byName].map(([key, value]) => ({ key, value }));
	return { ok: true, value: fields as LeadFields };
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
