/**
 * What the lead and contact grammars report: a list of problems, each naming the argument or field at
 * fault, or the typed request. Every problem has a message `lead_problem_<problem>` in each language.
 */

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
	'bad_attr_key',
	'bad_picture',
	'too_long',
	'missing_ids',
	'bad_id',
	'bad_subscriber',
] as const;
export type LeadProblem = (typeof LEAD_PROBLEMS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export const bad = <T>(problems: Problem[]): Parsed<T> => ({ ok: false, problems });

/** Ids are kept as typed; duplicates (ignoring case) are dropped. */
export function addUnique(list: string[], id: string): void {
	if (!list.some((x) => x.toLowerCase() === id.toLowerCase())) list.push(id);
}
