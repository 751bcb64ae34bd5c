import { OBJECT_ID_RE } from '../vendors/lead-fields';
import { addUnique, bad, type Parsed, type Problem } from './problems';
import { argumentLine } from './tokens';

/** The grammar of `/contact-delete`: nothing here reads settings or sends. */

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
			if (OBJECT_ID_RE.test(sub[1])) addUnique(subscriberIds, sub[1]);
			else problems.push({ field: w, problem: 'bad_subscriber', value: w });
		} else if (OBJECT_ID_RE.test(w)) addUnique(ids, w);
		else problems.push({ field: w, problem: 'bad_id', value: w });
	}
	if (problems.length) return bad(problems);
	if (ids.length === 0) return bad([{ field: 'ids', problem: 'missing_ids' }]);
	return { ok: true, value: { ids, subscriberIds } };
}
