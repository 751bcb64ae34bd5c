import type { NotifierFactory } from '../delivery/outbox';
import { shownText, translator, userLocale } from '../i18n';
import { operationFailure } from './failures';
import { tellUser } from './reply';

/**
 * How an agent hears, later, how a queued operation ended: ephemeral in the room it started in,
 * else a direct message from the app. Handed to delivery by the App (delivery never renders text).
 */
export const outcomeNotices: NotifierFactory =
	({ ctx, read, modify }) =>
	async (asker, op, outcome) => {
		if (outcome.state === 'queued') return;
		const user = await read.getUserReader().getById(asker.userId);
		if (!user) return;
		const tr = translator(userLocale(user));
		const label = shownText(tr, asker.label);
		const text =
			outcome.state === 'done'
				? tr('delivery_done_later', { label })
				: outcome.state === 'failed'
					? tr('delivery_failed_later', { label, reason: operationFailure(tr, outcome.error, op, { final: true }) })
					: tr('delivery_unknown_later', { label, reason: operationFailure(tr, outcome.error, op, { final: true }), id: outcome.id });
		if ((await tellUser(read, modify, user, asker.roomId, text)) === 'none') ctx.logger.warn(`outbox ${asker.id}: could not tell ${asker.username} the outcome`);
	};
