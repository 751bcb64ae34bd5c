import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Accessors } from '../feature';
import { AppEndpoint, json } from './base';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S, verifySignature } from './signature';
import { claimOnce } from '../store/once';
import { KeyValueStore } from '../store/kv';
import { translator, userLocale } from '../i18n';
import { parseExpiryPhrase, ST_PRESENCES, ST_TEXT_MAX } from '../parse/status';
import { stWords } from '../parse/st-words';
import { statusTextLength } from '../vendors/rocketchat';
import { readSettings, SettingId } from '../settings';
import { resolveWant } from '../status/actions';
import { appliedJson, parseErrorText } from '../status/replies';
import { StatusService } from '../status/service';
import { bearer, bodyOf, safeEqual, zodMessage } from './auth';

const bodySchema = z
	.object({
		user: z.string().trim().min(1, 'user (username or email) is required'),
		status: z.enum(ST_PRESENCES).optional(),
		text: z.string().refine((s) => statusTextLength(s) <= ST_TEXT_MAX, `text has at most ${ST_TEXT_MAX} characters`).optional(),
		preset: z.string().trim().min(1).refine((s) => statusTextLength(s) <= ST_TEXT_MAX, `preset has at most ${ST_TEXT_MAX} characters`).optional(),
		for: z.string().trim().min(1).optional(),
	})
	.strict()
	.refine((b) => b.status !== undefined || b.preset !== undefined, { message: 'give status or preset' });

const UNSIGNED: Record<'missing' | 'malformed' | 'no_nonce' | 'expired' | 'mismatch', string> = {
	missing: `unauthorized: send Authorization: Bearer <api_secret>, or sign the body (${SIGNATURE_HEADER})`,
	malformed: `unauthorized: ${SIGNATURE_HEADER} must be t=<unix seconds>,n=<nonce>,v1=<hex hmac>`,
	no_nonce: `unauthorized: ${SIGNATURE_HEADER} needs n=<nonce> (16-128 of A-Z a-z 0-9 - _, new for every request), covered by the HMAC of "<t>.<n>.<body>"`,
	expired: `unauthorized: the signature time is more than ${SIGNATURE_TOLERANCE_S} s away from the server's clock`,
	mismatch: 'unauthorized: the signature does not match',
};

/**
 * `POST /api/apps/private/<appId>/<hash>/status` with `Authorization: Bearer <api_secret>` and
 * `{user, status, text?, preset?, for?}`: what `/st` does, answered as JSON per system.
 */
export class StatusEndpoint extends AppEndpoint {
	public path = 'status';

	protected async handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
		const { read } = a;
		const secret = (await readSettings(read, 'callbell'))[SettingId.ApiSecret];
		if (!secret) return json(HttpStatusCode.FORBIDDEN, { error: `the status endpoint is disabled (setting ${SettingId.ApiSecret} is empty)` });
		const given = bearer(request.headers);
		if (!given || !safeEqual(given, secret)) {
			const signed = verifySignature(request.headers?.[SIGNATURE_HEADER], secret, bodyOf(request.content));
			if (!signed.ok) return json(HttpStatusCode.UNAUTHORIZED, { error: UNSIGNED[signed.reason] });
			// a nonce is good once: remembered until the request could no longer pass the time check anyway
			const kv = new KeyValueStore(read.getPersistenceReader(), a.persis);
			if (!(await claimOnce(kv, `nonce:${signed.nonce}`, (2 * SIGNATURE_TOLERANCE_S + 60) * 1000))) {
				return json(HttpStatusCode.UNAUTHORIZED, { error: 'unauthorized: this signed request was already used (replay); sign each request with a new nonce' });
			}
		}

		const parsed = bodySchema.safeParse(bodyOf(request.content));
		if (!parsed.success) return json(HttpStatusCode.BAD_REQUEST, { error: zodMessage(parsed.error) });
		const body = parsed.data;

		const service = new StatusService(ctx, a);
		const user = await service.findUser(body.user);
		if (!user) return json(HttpStatusCode.NOT_FOUND, { error: `no Rocket.Chat user "${body.user}"` });
		const tr = translator(userLocale(user));
		const words = stWords(userLocale(user));

		let until: number | undefined;
		if (body.for !== undefined) {
			const expiry = parseExpiryPhrase(body.for, { utcOffset: user.utcOffset, words });
			if (!expiry.ok) return json(HttpStatusCode.BAD_REQUEST, { error: parseErrorText(translator('en'), expiry.error).split('\n')[0] });
			until = expiry.until;
		}
		const request_ =
			body.preset !== undefined
				? { kind: 'preset' as const, name: body.preset, ...(until !== undefined ? { until } : {}) }
				: { kind: 'set' as const, presence: body.status ?? 'online', text: body.text ?? '', ...(until !== undefined ? { until } : {}) };
		const want = await resolveWant(service, request_, tr, words);
		if (!want.ok) return json(HttpStatusCode.BAD_REQUEST, { error: want.text.split('\n')[0] });
		const result = await service.apply(user, want.want, { source: 'api', requester: { userId: user.id, username: user.username } });
		return json(HttpStatusCode.OK, { ok: true, user: user.username, ...appliedJson(result) });
	}
}
