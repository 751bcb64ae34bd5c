import { credentialSettingOf, objectsOf, type Operation } from '../delivery/outbox';
import type { Translator } from '../i18n';
import type { VendorFailure } from '../vendors/errors';
import type { AnswerLimit } from '../vendors/limits';

/** As replies name them: Rocket.Chat's clients turn a bare `Rocket.Chat` into a link (test/unit/autolink.test.ts), bold they leave it a name. */
const VENDOR_NAMES: Record<VendorFailure['vendor'], string> = { botpenguin: 'BotPenguin', callbell: 'Callbell', rocketchat: '*Rocket.Chat*' };

export const vendorName = (vendor: VendorFailure['vendor']): string => VENDOR_NAMES[vendor];

/**
 * One translated sentence for a vendor failure, naming what to fix (the setting or the field).
 * `credentialSetting` is the setting whose token the failed call used; `final` when nothing more will be
 * tried (the sentence then never promises a retry); `count` how many objects the call was about. Never contains a secret:
 * vendor messages were masked by the HTTP wrapper.
 */
export function describeFailure(tr: Translator, failure: VendorFailure, credentialSetting?: string, opts: { final?: boolean; count?: number } = {}): string {
	const vendor = vendorName(failure.vendor);
	switch (failure.kind) {
		case 'not_configured':
			return tr('failure_not_configured', { vendor, setting: failure.setting });
		case 'unauthorized':
			return tr('failure_unauthorized', { vendor, setting: credentialSetting ?? '-', message: failure.message });
		case 'not_found':
			// `count`: how many objects the call was about ("did not find it" / "them")
			return tr('failure_not_found', { vendor, message: failure.message, count: opts.count ?? 1 });
		case 'invalid':
			return tr('failure_invalid', { vendor, message: failure.message });
		case 'rate_limited':
			// A final one gave up: the vendor asked for a wait beyond the retry limit; never "will be retried".
			return tr(opts.final ? 'failure_rate_limited_final' : 'failure_rate_limited', { vendor, seconds: Math.ceil(failure.retryAfterMs / 1000) });
		case 'unavailable':
			if (failure.cause === 'too_large') return describeLimit(tr, vendor, failure.limit);
			return failure.cause === 'timeout'
				? tr(opts.final ? 'failure_timeout_final' : 'failure_timeout', { vendor })
				: failure.cause === 'network'
					? tr('failure_network', { vendor, message: failure.message })
					: tr('failure_server', { vendor, message: failure.message });
	}
}

/** The failure of one outbox operation: the credential it used and how many objects it was about come from the operation. */
export const operationFailure = (tr: Translator, failure: VendorFailure, op: Operation, opts: { final?: boolean } = {}): string =>
	describeFailure(tr, failure, credentialSettingOf(op), { ...opts, count: objectsOf(op) });

/** A vendor answer the app refused for its size (src/vendors/limits.ts), naming the limit. */
function describeLimit(tr: Translator, vendor: string, limit: AnswerLimit | undefined): string {
	switch (limit?.what) {
		case 'bytes':
			return tr('failure_too_large_bytes', { vendor, kb: Math.round(limit.max / 1024) });
		case 'items':
			return tr('failure_too_many_items', { vendor, max: limit.max });
		case 'pages':
			return tr('failure_too_many_pages', { vendor, max: limit.max });
		case 'length':
			return tr('failure_too_long', { vendor, field: limit.field, max: limit.max });
		default:
			// a record written before limits existed, or one that lost its limit on the way
			return tr('failure_too_large', { vendor });
	}
}
