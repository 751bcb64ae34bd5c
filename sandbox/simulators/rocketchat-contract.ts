/**
 * Rocket.Chat's own published REST contracts, applied to the Rocket.Chat simulator: `@rocket.chat/rest-typings`
 * with the JSON schemas of `@rocket.chat/core-typings` (Rocket.Chat 8.8's), compiled by the ajv instance
 * rest-typings exports (Rocket.Chat's own, with its formats and keywords).
 *
 * What they cover of what the app calls:
 *  - GET me: the answer, by rest-typings' `meSuccessResponseSchema` (IMeApiUser).
 *  - custom-user-status.create|update: the answer `{customUserStatus: ICustomUserStatus}` (rest-typings'
 *    type, core-typings' ICustomUserStatus schema) plus the `success: true` every success carries.
 *  - custom-user-status.create|update|delete: the request params, by rest-typings' TypeScript types only
 *    (no runtime validator is published): the simulator's body schemas must produce those types (compile time,
 *    `npm run typecheck`).
 *  - livechat/agent.status: the request by rest-typings' own runtime validator (isPOSTLivechatAgentStatusProps,
 *    used by the simulator's route); the answer `{status, success}` as rest-typings types it.
 *  - every error answer: rest-typings' validateBadRequest/Unauthorized/Forbidden/NotFoundErrorResponse.
 * Not covered by rest-typings 8.8.1: custom-user-status.list (neither params nor answer; its statuses are
 * checked as ICustomUserStatus and its page fields as numbers), the GET me params (the app sends none) and
 * the app upload endpoints (/api/apps, used by `npm run deploy`, not by the app).
 */
import { schemas } from '@rocket.chat/core-typings/dist/Ajv';
import {
	ajv,
	validateBadRequestErrorResponse,
	validateForbiddenErrorResponse,
	validateNotFoundErrorResponse,
	validateUnauthorizedErrorResponse,
} from '@rocket.chat/rest-typings/dist/v1/Ajv';
import type { CustomUserStatusEndpoints } from '@rocket.chat/rest-typings/dist/v1/customUserStatus';
import { meSuccessResponseSchema } from '@rocket.chat/rest-typings/dist/v1/me/meSuccessResponse';
import type { ValidateFunction } from 'ajv';

export const REST_DEFINITIONS = `@rocket.chat/rest-typings ${(require('@rocket.chat/rest-typings/package.json') as { version: string }).version}`;

type Endpoint = keyof CustomUserStatusEndpoints;
type PostParams<E extends Endpoint> = Parameters<CustomUserStatusEndpoints[E]['POST']>[0];
/** Request params of the custom-user-status endpoints, exactly as rest-typings types them. */
export type RcCreateParams = PostParams<'/v1/custom-user-status.create'>;
export type RcUpdateParams = PostParams<'/v1/custom-user-status.update'>;
export type RcDeleteParams = PostParams<'/v1/custom-user-status.delete'>;

// core-typings' components, registered the way their `#/components/schemas/…` references resolve.
for (const [name, schema] of Object.entries(schemas.components.schemas ?? {})) {
	const id = `#/components/schemas/${name}`;
	if (!ajv.getSchema(id)) ajv.addSchema(schema as object, id);
}
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const success = { type: 'boolean', enum: [true] };

const withStatus = ajv.compile({
	type: 'object',
	properties: { customUserStatus: ref('ICustomUserStatus'), success },
	required: ['customUserStatus', 'success'],
	additionalProperties: false,
});
const ANSWERS: Record<string, ValidateFunction> = {
	'GET /api/v1/me': ajv.compile(meSuccessResponseSchema),
	'POST /api/v1/custom-user-status.create': withStatus,
	'POST /api/v1/custom-user-status.update': withStatus,
	// rest-typings types it `{status: ILivechatAgent['statusLivechat']}`
	'POST /api/v1/livechat/agent.status': ajv.compile({
		type: 'object',
		properties: { status: { type: 'string', enum: ['available', 'not-available'] }, success },
		required: ['status', 'success'],
		additionalProperties: false,
	}),
	'POST /api/v1/custom-user-status.delete': ajv.compile({ type: 'object', properties: { success }, required: ['success'], additionalProperties: false }),
	// not in rest-typings: the page of published ICustomUserStatus items
	'GET /api/v1/custom-user-status.list': ajv.compile({
		type: 'object',
		properties: { statuses: { type: 'array', items: ref('ICustomUserStatus') }, count: { type: 'number' }, offset: { type: 'number' }, total: { type: 'number' }, success },
		required: ['statuses', 'count', 'offset', 'total', 'success'],
		additionalProperties: false,
	}),
};
const ERRORS: Record<number, ValidateFunction> = {
	400: validateBadRequestErrorResponse,
	401: validateUnauthorizedErrorResponse,
	403: validateForbiddenErrorResponse,
	404: validateNotFoundErrorResponse,
};

function run(validate: ValidateFunction, body: unknown): string[] {
	// Rocket.Chat's instance coerces types while it validates: check a copy, never the answer itself.
	const copy: unknown = JSON.parse(JSON.stringify(body ?? null));
	if (validate(copy)) return [];
	return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

/** Why an answer breaks the published contract of its endpoint ([] when it conforms or nothing is published). */
export function answerProblems(method: string, path: string, status: number, body: unknown): string[] {
	const validate = status >= 200 && status < 300 ? ANSWERS[`${method} ${path}`] : ERRORS[status];
	return validate ? run(validate, body).map((p) => `${method} ${path} ${status}: ${p} (${REST_DEFINITIONS})`) : [];
}
