import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { Translator } from './i18n';
import { readSettings, SettingId } from './settings';
import { WebhookSignatureLog } from './store/webhook-signatures';

/**
 * The `/inbox-bridge health` lines on Callbell's webhook signatures (endpoints/callbell-gate.ts): off,
 * or what became of the events checked so far (verified, did not verify, the last failure and why),
 * and — while they are not enforced — why an event that does not verify may still be genuine.
 */

const REASONS = ['missing', 'malformed', 'expired', 'mismatch'] as const;
const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export async function signatureHealth(read: IRead, tr: Translator): Promise<string[]> {
	const settings = await readSettings(read, 'callbell');
	if (!settings[SettingId.CallbellSigningSecret]) return [tr('health_cb_signature_off', { setting: SettingId.CallbellSigningSecret })];
	const enforced = settings[SettingId.CallbellSignatureEnforce];
	const mode = tr(enforced ? 'health_cb_signature_mode_enforce' : 'health_cb_signature_mode_observe');
	const log = await new WebhookSignatureLog(read.getPersistenceReader()).read();
	const lines: string[] = [];
	if (!log) lines.push(tr('health_cb_signature_waiting', { mode }));
	else {
		const ok = log.unverified === 0;
		lines.push(tr('health_cb_signature_counts', { icon: ok ? '✅' : '⚠️', mode, verified: log.verified, unverified: log.unverified, since: when(log.since) }));
		const forms = Object.entries(log.forms).filter(([, n]) => n > 0);
		if (forms.length) lines.push(tr('health_cb_signature_forms', { forms: forms.map(([form, n]) => `${form} ${n}`).join(', ') }));
		const last = log.lastFailure;
		if (last) {
			const reason = (REASONS as ReadonlyArray<string>).includes(last.reason) ? tr(`health_cb_signature_reason_${last.reason as (typeof REASONS)[number]}`) : last.reason;
			lines.push(tr(last.enforced ? 'health_cb_signature_last_refused' : 'health_cb_signature_last_taken', { when: when(last.at), reason }));
		}
	}
	if (!enforced) lines.push(tr('health_cb_signature_caveat', { setting: SettingId.CallbellSignatureEnforce }));
	return lines;
}
