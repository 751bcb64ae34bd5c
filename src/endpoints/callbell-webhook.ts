import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import type { AppContext } from '../context';
import type { Accessors } from '../accessors';
import { readSettings } from '../settings';
import { KeyValueStore } from '../store/kv';
import { claimOnce } from '../store/once';
import { WebhookSignatureLog } from '../store/webhook-signatures';
import { json } from './answers';
import { bodyOf } from './auth';
import { AppEndpoint } from './base';
import { callbellGate, type SignatureOutcome } from './callbell-gate';
import { CALLBELL_SIGNATURE_TOLERANCE_S } from './callbell-signature';
import { agentSessionEvent, agentStatusEvent } from './callbell-events';

/**
 * `POST /api/apps/private/<appId>/<hash>/callbell-webhook?secret=<callbell_webhook_secret>`: Callbell's
 * webhook. Who may post is decided first (callbell-gate.ts: the URL secret, Callbell's signature),
 * and a signed request is taken once; then the event goes to its handler (callbell-events.ts):
 * `agent_status_updated` and `agent_session_updated`, also sent bare (the payload without `{event, payload}`, taken as a status
 * event); anything else is answered 200 and ignored.
 */
export class CallbellWebhookEndpoint extends AppEndpoint {
	public path = 'callbell-webhook';

	protected async handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
		const settings = await readSettings(a.read, 'callbell');
		const gate = callbellGate(request, settings);
		if (gate.signature && gate.signature.state !== 'off') await noteSignature(ctx, a, gate.signature);
		if (!gate.ok) return gate.response;
		// A signed request is good once: its exact signature again within the time window is a replay
		// (Callbell signs each retry anew). Answered 200, so a duplicate delivery is never retried.
		if (gate.signature.state === 'verified') {
			const kv = new KeyValueStore(a.read.getPersistenceReader(), a.persis);
			if (!(await claimOnce(kv, `callbell-signature:${gate.signature.signature}`, (2 * CALLBELL_SIGNATURE_TOLERANCE_S + 60) * 1000))) {
				return json(HttpStatusCode.OK, { ok: true, ignored: 'replay: this signed request was already taken' });
			}
		}

		const raw = bodyOf(request.content);
		const record = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
		const event = record?.event;
		const payload = record?.payload && typeof record.payload === 'object' ? record.payload : raw;
		if (event === 'agent_session_updated') return agentSessionEvent(payload, settings, ctx, a);
		if (typeof event === 'string' && event !== 'agent_status_updated') return json(HttpStatusCode.OK, { ok: true, ignored: `event ${event.slice(0, 64)}` });
		return agentStatusEvent(payload, ctx, a);
	}
}

/** Records what became of a signature (for `/inbox-bridge health`); a new kind of failure is also logged, once. */
async function noteSignature(ctx: AppContext, a: Accessors, outcome: Exclude<SignatureOutcome, { state: 'off' }>): Promise<void> {
	const log = new WebhookSignatureLog(a.read.getPersistenceReader(), a.persis);
	const before = await log.note(outcome.state === 'verified' ? { verified: true, form: outcome.form } : { verified: false, reason: outcome.reason, enforced: outcome.enforced }, Date.now());
	if (outcome.state === 'unverified' && (before?.reason !== outcome.reason || before.enforced !== outcome.enforced)) {
		const what = outcome.enforced ? 'refused' : 'taken anyway (callbell_signature_enforce is off)';
		ctx.logger.warn(`Callbell webhook: an event whose X-Callbell-Signature did not verify (${outcome.reason}) was ${what}. See /inbox-bridge health and docs/callbell-webhooks.md.`);
	}
}
