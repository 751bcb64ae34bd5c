/** Small helpers the simulators share: headers, media types, zod validation, ids, status texts. */
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { HttpError } from './types';

/** First value of a header (node lowercases names). */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const v = headers[name.toLowerCase()];
	return Array.isArray(v) ? v[0] : v;
}

/** Token from `Authorization: Bearer <token>` (scheme case-insensitive), or undefined. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
	const v = header(headers, 'authorization');
	if (!v) return undefined;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(v);
	return m ? m[1] : undefined;
}

export function mediaType(headers: IncomingHttpHeaders): string {
	return (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
}

export function isJsonMedia(type: string): boolean {
	return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

export const OBJECT_ID_MESSAGE =
	'Argument passed in must be a single String of 12 bytes or a string of 24 hex characters';

/** A Mongo ObjectId string (24 hex); anything else (including non-strings) gets OBJECT_ID_MESSAGE. */
export function objectId() {
	return z
		.string({ invalid_type_error: OBJECT_ID_MESSAGE })
		.regex(/^[0-9a-fA-F]{24}$/, { message: OBJECT_ID_MESSAGE });
}

export function isHttpUrl(value: string): boolean {
	try {
		const u = new URL(value);
		return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
	} catch {
		return false;
	}
}

/** One readable line from a zod error: the OBJECT_ID_MESSAGE as is, otherwise `path: message`. */
export function zodMessage(error: z.ZodError): string {
	const issue = error.issues[0];
	if (!issue) return 'Invalid request body';
	if (issue.message === OBJECT_ID_MESSAGE) return issue.message;
	const where = issue.path.join('.');
	return where ? `${where}: ${issue.message}` : issue.message;
}

/** Parses with a zod schema; a failure becomes HttpError(400, message). */
export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown): z.output<T> {
	const r = schema.safeParse(value);
	if (!r.success) throw new HttpError(400, zodMessage(r.error));
	return r.data as z.output<T>;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Meteor-style random id (17 chars), as Rocket.Chat uses. */
export function randomId(length = 17): string {
	const alphabet = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
	return out;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	408: 'Request Timeout',
	409: 'Conflict',
	413: 'Payload Too Large',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};
export function statusText(status: number): string {
	return STATUS_TEXT[status] ?? http.STATUS_CODES[status] ?? `HTTP ${status}`;
}
