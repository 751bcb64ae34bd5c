import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { ST_MAX_DURATION_MS } from '../parse/status';
import { MAX_BODY_BYTES } from './auth';
import { CALLBELL_SIGNATURE_TOLERANCE_S } from './callbell-signature';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S } from './signature';

/**
 * The endpoints are a machine API: a refusal answers `{"error": "<code>", "message": "<English>"}`,
 * the same in every locale. `error` is the stable part a program branches on; `message` is a fixed
 * English sentence from this table (with the detail the caller needs, such as the field at fault),
 * never a translated reply. README ("Bot endpoint errors") lists the codes.
 */

export const json = (status: HttpStatusCode, content: Record<string, unknown>): IApiResponse => ({ status, headers: { 'content-type': 'application/json' }, content });

const DAY_MS = 24 * 60 * 60 * 1000;

const ERRORS = {
	body_too_large: { status: HttpStatusCode.REQUEST_ENTITY_TOO_LARGE, message: () => `the body is over ${MAX_BODY_BYTES} bytes` },
	disabled: { status: HttpStatusCode.FORBIDDEN, message: (setting: string) => `this endpoint is disabled (setting ${setting} is empty)` },
	unauthorized: { status: HttpStatusCode.UNAUTHORIZED, message: (how: string) => `unauthorized: ${how}` },
	signature_malformed: { status: HttpStatusCode.UNAUTHORIZED, message: () => `${SIGNATURE_HEADER} must be t=<unix seconds>,n=<nonce>,v1=<hex hmac>` },
	signature_nonce_missing: {
		status: HttpStatusCode.UNAUTHORIZED,
		message: () => `${SIGNATURE_HEADER} needs n=<nonce> (16-128 of A-Z a-z 0-9 - _, new for every request), covered by the HMAC of "<t>.<n>.<body>"`,
	},
	signature_expired: { status: HttpStatusCode.UNAUTHORIZED, message: () => `the signature time is more than ${SIGNATURE_TOLERANCE_S} s away from the server's clock` },
	signature_mismatch: { status: HttpStatusCode.UNAUTHORIZED, message: () => 'the signature does not match' },
	signature_replayed: { status: HttpStatusCode.UNAUTHORIZED, message: () => 'this signed request was already used (replay); sign each request with a new nonce' },
	callbell_signature_missing: { status: HttpStatusCode.UNAUTHORIZED, message: () => 'X-Callbell-Signature is missing (callbell_signature_enforce is on)' },
	callbell_signature_malformed: { status: HttpStatusCode.UNAUTHORIZED, message: () => 'X-Callbell-Signature must be t=<unix seconds>,v1=<hex hmac>' },
	callbell_signature_expired: { status: HttpStatusCode.UNAUTHORIZED, message: () => `the X-Callbell-Signature time is more than ${CALLBELL_SIGNATURE_TOLERANCE_S} s away from the server's clock` },
	callbell_signature_mismatch: {
		status: HttpStatusCode.UNAUTHORIZED,
		message: () => 'X-Callbell-Signature does not match callbell_signing_secret for any serialisation of this body the app can rebuild (it never sees the raw bytes)',
	},
	invalid_body: { status: HttpStatusCode.BAD_REQUEST, message: (problems: string) => problems },
	unknown_user: { status: HttpStatusCode.NOT_FOUND, message: (user: string) => `no Rocket.Chat user "${user}"` },
	user_not_changeable: { status: HttpStatusCode.CONFLICT, message: (user: string) => `"${user}" is deactivated or not a person (an app or bot user): its status is not changed` },
	bad_duration: { status: HttpStatusCode.BAD_REQUEST, message: (value: string) => `for: "${value}" is not a duration (use 90m, 2h, 1h30m, for 2h or until 17:30)` },
	duration_range: { status: HttpStatusCode.BAD_REQUEST, message: () => `for: a timed status lasts at least 1 minute and at most ${ST_MAX_DURATION_MS / DAY_MS} days` },
	unknown_status: { status: HttpStatusCode.BAD_REQUEST, message: (preset: string) => `preset: "${preset}" is not a preset of this server` },
	presets_unavailable: { status: HttpStatusCode.BAD_GATEWAY, message: (reason: string) => `the presets could not be read from Rocket.Chat: ${reason}` },
} satisfies Record<string, { status: HttpStatusCode; message: (detail: string) => string }>;

export type EndpointError = keyof typeof ERRORS;
export const ENDPOINT_ERRORS = Object.keys(ERRORS) as EndpointError[];

/** The answer for `code`; `detail` fills its message (the setting, the user, the value at fault…). */
export function refuse(code: EndpointError, detail = ''): IApiResponse {
	const { status, message } = ERRORS[code];
	return json(status, { error: code, message: message(detail) });
}
