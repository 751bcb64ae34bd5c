import type { Notice, NotifierFactory } from '../delivery/outbox';
import { shownText, type Translator, translator, userLocale } from '../i18n';
import { operationFailure } from './failures';
import { tellUser } from './reply';

/** A line names at most this many items; the rest are counted ("and 12 more"). */
export const LABELS_PER_LINE = 10;
/** At most this many lines of failures (one per reason) and of outcomes the app cannot know (one per item: each has its retry id). */
export const FAILED_LINES = 5;
export const UNKNOWN_LINES = 5;

/**
 * How an agent hears, later, how their queued operations ended: ephemeral in the room they started in,
 * else a direct message from the app. Handed to delivery by the App (delivery never renders text); it
 * gets one person's notices for one room (a drain run's), and says them in one message.
 */
export const outcomeNotices: NotifierFactory =
	({ ctx, read, modify }) =>
	async (notices) => {
		const told = notices.filter((n) => n.outcome.state !== 'queued');
		if (told.length === 0) return;
		const { asker } = told[0];
		const user = await read.getUserReader().getById(asker.userId);
		if (!user) return;
		const text = outcomesText(translator(userLocale(user)), told);
		if ((await tellUser(read, modify, user, asker.roomId, text)) === 'none') ctx.logger.warn(`outbox ${told.map((n) => n.asker.id).join(', ')}: could not tell ${asker.username} the outcome`);
	};

/**
 * One message for one person's outcomes, bounded in length: one item reads as it always did; several
 * read as one line naming every delivered item, one line per failure reason naming its items, and one
 * line per item whose outcome the app cannot know (each carries its own retry id). Items past a line's
 * share are counted, and what is counted but not named still waits in `/inbox-bridge queue` when it failed.
 */
export function outcomesText(tr: Translator, notices: Notice[]): string {
	if (notices.length === 1) return outcomeLine(tr, notices[0]);
	const label = (n: Notice) => shownText(tr, n.asker.label);
	const lines: string[] = [];
	const done = notices.filter((n) => n.outcome.state === 'done');
	if (done.length > 0) lines.push(tr('delivery_done_later', { label: listed(tr, done.map(label)) }));
	const failed = new Map<string, string[]>();
	for (const n of notices) {
		if (n.outcome.state !== 'failed') continue;
		const reason = operationFailure(tr, n.outcome.error, n.op, { final: true });
		failed.set(reason, [...(failed.get(reason) ?? []), label(n)]);
	}
	const reasons = [...failed.entries()];
	for (const [reason, labels] of reasons.slice(0, FAILED_LINES)) lines.push(tr('delivery_failed_later', { label: listed(tr, labels), reason }));
	const unsaidFailures = reasons.slice(FAILED_LINES).reduce((sum, [, labels]) => sum + labels.length, 0);
	if (unsaidFailures > 0) lines.push(tr('delivery_failed_more', { count: unsaidFailures }));
	const unknown = notices.filter((n) => n.outcome.state === 'unknown');
	for (const n of unknown.slice(0, UNKNOWN_LINES)) lines.push(outcomeLine(tr, n));
	if (unknown.length > UNKNOWN_LINES) lines.push(tr('delivery_unknown_more', { count: unknown.length - UNKNOWN_LINES }));
	return lines.join('\n');
}

/** The sentence for one item's outcome. */
function outcomeLine(tr: Translator, { asker, op, outcome }: Notice): string {
	const label = shownText(tr, asker.label);
	switch (outcome.state) {
		case 'failed':
			return tr('delivery_failed_later', { label, reason: operationFailure(tr, outcome.error, op, { final: true }) });
		case 'unknown':
			return tr('delivery_unknown_later', { label, reason: operationFailure(tr, outcome.error, op, { final: true }), id: outcome.id });
		default:
			return tr('delivery_done_later', { label });
	}
}

/** Labels as a list, the ones past LABELS_PER_LINE counted. */
function listed(tr: Translator, labels: string[]): string {
	if (labels.length <= LABELS_PER_LINE) return labels.join(', ');
	return tr('delivery_list_more', { list: labels.slice(0, LABELS_PER_LINE).join(', '), count: labels.length - LABELS_PER_LINE });
}
