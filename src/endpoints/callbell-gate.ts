import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { SettingId, type Settings } from '../settings';
import { refuse } from './answers';
import { bearer, safeEqual } from './auth';
import { type BodyForm, CALLBELL_SIGNATURE_HEADER, type SignatureFailure, verifyCallbellSignature } from './callbell-signature';

/**
 * Who may post Callbell events: the one decision, before anything is parsed or looked up.
 * - `callbell_webhook_secret` (the secret in the URL): when set, it must be given, always.
 * - `callbell_signing_secret` (Callbell's `whsec_…`): when set, `X-Callbell-Signature` is checked.
 *   The app cannot see Callbell's raw bytes (callbell-signature.ts), so a signature that does not
 *   verify may still be a genuine event; and Callbell disables a webhook that keeps failing. Hence:
 *   - `callbell_signature_enforce` off (the default): the event is taken, the failure is recorded
 *     (app log, `/inbox-bridge health`); the URL secret is what authenticates, so it is required;
 *   - on: an event whose signature does not verify is refused (401). The signature then authenticates,
 *     so the URL secret may be left empty.
 * Neither secret set (or only an unenforced signing secret): the endpoint is disabled.
 */

export type SignatureOutcome = { state: 'off' } | { state: 'verified'; form: BodyForm; signature: string } | { state: 'unverified'; reason: SignatureFailure; enforced: boolean };

export type GateResult = { ok: true; signature: SignatureOutcome } | { ok: false; response: IApiResponse; signature?: SignatureOutcome };

const REFUSAL = {
	missing: 'callbell_signature_missing',
	malformed: 'callbell_signature_malformed',
	expired: 'callbell_signature_expired',
	mismatch: 'callbell_signature_mismatch',
} as const;

export function callbellGate(request: IApiRequest, settings: Settings<'callbell'>, nowS = Math.floor(Date.now() / 1000)): GateResult {
	const urlSecret = settings[SettingId.CallbellWebhookSecret];
	const signing = settings[SettingId.CallbellSigningSecret];
	const enforce = settings[SettingId.CallbellSignatureEnforce] && !!signing;
	if (!urlSecret && !enforce) return { ok: false, response: refuse('disabled', SettingId.CallbellWebhookSecret) };
	if (urlSecret) {
		const given = request.query?.secret ?? request.headers?.['x-callbell-secret'] ?? request.headers?.['x-webhook-secret'] ?? bearer(request.headers);
		if (!given || !safeEqual(given, urlSecret)) return { ok: false, response: refuse('unauthorized', 'give the webhook secret (?secret=<callbell_webhook_secret>)') };
	}
	if (!signing) return { ok: true, signature: { state: 'off' } };
	const check = verifyCallbellSignature(request.headers?.[CALLBELL_SIGNATURE_HEADER], signing, request.content, nowS);
	if (check.ok) return { ok: true, signature: { state: 'verified', form: check.form, signature: check.signature } };
	const signature: SignatureOutcome = { state: 'unverified', reason: check.reason, enforced: enforce };
	return enforce ? { ok: false, response: refuse(REFUSAL[check.reason]), signature } : { ok: true, signature };
}
