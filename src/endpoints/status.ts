import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import * as z from '../zod';
import type { AppContext } from '../context';
import type { Accessors } from '../accessors';
import { parseExpiryPhrase, ST_PRESENCES, ST_TEXT_MAX, type StParseError } from '../parse/status';
import { stWords } from '../parse/st-words';
import { userLocale } from '../i18n';
import { isActive, isPerson } from '../roles';
import { statusTextLength } from '../vendors/rocketchat';
import { readSettings, SettingId } from '../settings';
import { appliedJson } from '../status/replies/applied';
import { statusServices } from '../status/services';
import type { StatusRequest } from '../status/turn/change';
import { KeyValueStore } from '../store/kv';
import { claimOnce } from '../store/once';
import { type EndpointError, json, refuse } from './answers';
import { bearer, bodyOf, safeEqual, zodMessage } from './auth';
import { AppEndpoint } from './base';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S, type SignatureCheck, verifySignature } from './signature';

const bodySchema = z.strictObject({
	user: z.string().check(z.trim(), z.minLength(1, 'user (username or email) is required')),
	status: z.optional(z.enum(ST_PRESENCES)),
	text: z.optional(z.string().check(z.refine((s) => statusTextLength(s) <= ST_TEXT_MAX, `text has at most ${ST_TEXT_MAX} characters`))),
	preset: z.optional(z.string().check(z.trim(), z.minLength(1), z.refine((s) => statusTextLength(s) <= ST_TEXT_MAX, `preset has at most ${ST_TEXT_MAX} characters`))),
	for: z.optional(z.string().check(z.trim(), z.minLength(1))),
}).check(z.refine((b) => b.status !== undefined || b.preset !== undefined, { message: 'give status or preset' }));

const UNSIGNED: Record<Exclude<SignatureCheck, { ok: true }>['reason'], EndpointError> = {
	missing: 'unauthorized',
	malformed: 'signature_malformed',
	no_nonce: 'signature_nonce_missing',
	expired: 'signature_expired',
	mismatch: 'signature_mismatch',
};

/** The `for` phrase's problems (the `/st` grammar's codes) as the endpoint's codes. */
const EXPIRY: Partial<Record<StParseError['code'], EndpointError>> = { bad_duration: 'bad_duration', duration_range: 'duration_range' };

/**
 * `POST /api/apps/private/<appId>/<hash>/status` with `Authorization: Bearer <api_secret>` and
 * `{user, status, text?, preset?, for?}`: what `/st` does, answered as JSON per system; a refusal is
 * a stable code with an English message (answers.ts), whatever the user's language.
 */
export class StatusEndpoint extends AppEndpoint {
	public path = 'status';

	protected async handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
		const { read } = a;
		const secret = (await readSettings(read, 'api'))[SettingId.ApiSecret];
		if (!secret) return refuse('disabled', SettingId.ApiSecret);
		const given = bearer(request.headers);
		if (!given || !safeEqual(given, secret)) {
			const signed = verifySignature(request.headers?.[SIGNATURE_HEADER], secret, bodyOf(request.content));
			if (!signed.ok) return refuse(UNSIGNED[signed.reason], `send Authorization: Bearer <api_secret>, or sign the body (${SIGNATURE_HEADER})`);
			// a nonce is good once: remembered until the request could no longer pass the time check anyway
			const kv = new KeyValueStore(read.getPersistenceReader(), a.persis);
			if (!(await claimOnce(kv, `nonce:${signed.nonce}`, (2 * SIGNATURE_TOLERANCE_S + 60) * 1000))) return refuse('signature_replayed');
		}

		const parsed = bodySchema.safeParse(bodyOf(request.content));
		if (!parsed.success) return refuse('invalid_body', zodMessage(parsed.error));
		const body = parsed.data;

		const { identity, changes } = statusServices(ctx, a);
		const user = await identity.findUser(body.user);
		if (!user) return refuse('unknown_user', body.user);
		// the same rule a manager meets (src/status/manage/rule.ts): a deactivated account or a machine is nobody's status
		if (!isActive(user) || !isPerson(user)) return refuse('user_not_changeable', body.user);

		let until: number | undefined;
		if (body.for !== undefined) {
			const expiry = parseExpiryPhrase(body.for, { utcOffset: user.utcOffset, words: stWords(userLocale(user)) });
			if (!expiry.ok) return refuse(EXPIRY[expiry.error.code] ?? 'bad_duration', body.for);
			until = expiry.until;
		}
		const timer = until !== undefined ? { until } : {};
		const asked: StatusRequest = body.preset !== undefined ? { kind: 'preset', name: body.preset, ...timer } : { kind: 'set', presence: body.status ?? 'online', text: body.text ?? '', ...timer };
		const changed = await changes.change(user, asked, { source: 'api', requester: { userId: user.id, username: user.username } });
		if (!changed.ok) {
			const { presets, name } = changed.problem;
			return presets.ok ? refuse('unknown_status', name) : refuse('presets_unavailable', presets.error.message);
		}
		const result = changed.applied;
		return json(HttpStatusCode.OK, { ok: true, user: user.username, ...appliedJson(result) });
	}
}
