import * as z from '../../zod';
import { callbellUuidSchema } from '../../parse/status';

/**
 * The admin's maps, validated both when saved (settings-guard refuses a bad value) and whenever
 * read (a value saved by an older version, or written around the guard, is never trusted): a
 * Callbell uuid must match `callbellUuidSchema` (letters, digits, `-`, `_`), so it can never be a path
 * segment such as `..`; one uuid belongs to one email.
 */

export interface MapProblem {
	line: number;
	reason: 'syntax' | 'email' | 'uuid' | 'duplicate_uuid' | 'duplicate_email' | 'rule' | 'presence' | 'availability' | 'duplicate' | 'action';
}

const emailSchema = z.string().check(z.email());

/**
 * The `key = value` lines of a map setting (`#` starts a comment, blank lines skipped), key and value
 * trimmed and lower-cased: `take` returns the problem of a line, or nothing when it took it. A line
 * without `key =` is a syntax problem.
 */
export function eachMapLine(text: string, take: (key: string, value: string) => MapProblem['reason'] | undefined): MapProblem[] {
	const problems: MapProblem[] = [];
	String(text ?? '')
		.split('\n')
		.forEach((raw, i) => {
			const clean = raw.replace(/#.*/, '').trim();
			if (!clean) return;
			const eq = clean.indexOf('=');
			const reason = eq <= 0 ? 'syntax' : take(clean.slice(0, eq).trim().toLowerCase(), clean.slice(eq + 1).trim().toLowerCase());
			if (reason) problems.push({ line: i + 1, reason });
		});
	return problems;
}

/** `callbell_user_map`: `email = callbell-user-uuid` per line (`#` starts a comment). Bad lines are left out. */
export function parseUserMap(text: string): { map: Map<string, string>; problems: MapProblem[] } {
	const problems: MapProblem[] = [];
	const entries: Array<{ line: number; email: string; uuid: string }> = [];
	text.split('\n').forEach((raw, i) => {
		const clean = raw.replace(/#.*/, '').trim();
		if (!clean) return;
		const eq = clean.indexOf('=');
		const email = clean.slice(0, Math.max(eq, 0)).trim().toLowerCase();
		const uuid = clean.slice(eq + 1).trim();
		if (eq <= 0) problems.push({ line: i + 1, reason: 'syntax' });
		else if (!emailSchema.safeParse(email).success) problems.push({ line: i + 1, reason: 'email' });
		else if (!callbellUuidSchema.safeParse(uuid).success) problems.push({ line: i + 1, reason: 'uuid' });
		else entries.push({ line: i + 1, email, uuid });
	});
	const count = (pick: (e: (typeof entries)[number]) => string) => entries.reduce((m, e) => m.set(pick(e), (m.get(pick(e)) ?? 0) + 1), new Map<string, number>());
	const uuids = count((e) => e.uuid);
	const emails = count((e) => e.email);
	const map = new Map<string, string>();
	for (const e of entries) {
		// ambiguous lines are dropped whole: guessing which agent a uuid belongs to is how one drives another's status
		if ((uuids.get(e.uuid) ?? 0) > 1) problems.push({ line: e.line, reason: 'duplicate_uuid' });
		else if ((emails.get(e.email) ?? 0) > 1) problems.push({ line: e.line, reason: 'duplicate_email' });
		else map.set(e.email, e.uuid);
	}
	return { map, problems };
}

/** `callbell_status_map` lines whose `custom:` value is not a Callbell uuid (or `none`), or that have no rule. */
export function statusMapProblems(text: string): MapProblem[] {
	const problems: MapProblem[] = [];
	text.split('\n').forEach((raw, i) => {
		const clean = raw.replace(/#.*/, '').trim();
		if (!clean) return;
		const eq = clean.indexOf('=');
		if (eq <= 0 || !clean.slice(eq + 1).trim()) {
			problems.push({ line: i + 1, reason: 'syntax' });
			return;
		}
		const rules = clean
			.slice(eq + 1)
			.split(',')
			.map((p) => /^(available|custom)\s*:\s*(.+)$/i.exec(p.trim()));
		if (rules.some((m) => !m)) problems.push({ line: i + 1, reason: 'rule' });
		else if (rules.some((m) => m && m[1].toLowerCase() === 'custom' && !/^(none|null|-)$/i.test(m[2].trim()) && !callbellUuidSchema.safeParse(m[2].trim()).success)) problems.push({ line: i + 1, reason: 'uuid' });
	});
	return problems;
}

/** A Callbell uuid the app may put in a URL path. */
export const isCallbellUuid = (v: unknown): v is string => callbellUuidSchema.safeParse(v).success;
