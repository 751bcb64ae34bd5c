import type { Translator } from '../i18n';
import type { Problem } from '../parse/problems';
import type { Operation, Outcome } from '../delivery/outbox';
import { operationFailure } from '../ui/failures';
import { LEAD_KEYS_TEXT, LEAD_STATUSES } from '../vendors/lead-fields';

/** One problem as a sentence naming the field or argument (and, where it helps, what is accepted). */
export function problemText(tr: Translator, p: Problem): string {
	return tr(`lead_problem_${p.problem}`, { field: p.field, value: p.value ?? '', keys: LEAD_KEYS_TEXT, statuses: LEAD_STATUSES.join(', ') });
}

/** "Nothing was sent" followed by one bullet per problem. */
export function problemsText(tr: Translator, problems: ReadonlyArray<Problem>): string {
	return [tr('lead_invalid'), ...problems.map((p) => `• ${problemText(tr, p)}`)].join('\n');
}

/** One reply line for one submitted operation: done, queued (with why and when), failed (with what to fix) or unknown (what to check). */
export function outcomeLine(tr: Translator, label: string, what: string, op: Operation, outcome: Outcome, now = Date.now()): string {
	switch (outcome.state) {
		case 'done':
			return tr('lead_line_done', { label, what });
		case 'queued': {
			const seconds = Math.max(1, Math.ceil((outcome.at - now) / 1000));
			return outcome.error
				? tr('lead_line_queued_reason', { label, seconds, reason: operationFailure(tr, outcome.error, op) })
				: tr('lead_line_queued', { label, seconds });
		}
		case 'failed':
			return tr('lead_line_failed', { label, reason: operationFailure(tr, outcome.error, op, { final: true }) });
		case 'unknown': {
			const reason = operationFailure(tr, outcome.error, op, { final: true });
			const unknown = tr('lead_line_unknown', { label, reason, id: outcome.id });
			return outcome.resentAt !== undefined ? `${unknown}\n${tr('lead_line_unknown_rest', { seconds: Math.max(1, Math.ceil((outcome.resentAt - now) / 1000)) })}` : unknown;
		}
	}
}
