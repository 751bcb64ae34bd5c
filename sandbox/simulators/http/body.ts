/** Request bodies: reading them (with a size cap), what the log shows, and parsing per the route's BodyMode. */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isJsonMedia, mediaType } from './helpers';
import { type BodyMode, HttpError } from './types';

export function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooBig = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > max) {
				tooBig = true;
				return;
			}
			if (!tooBig) chunks.push(chunk);
		});
		req.on('end', () => {
			if (tooBig) reject(new HttpError(413, `Body larger than ${max} bytes`));
			else resolve(Buffer.concat(chunks));
		});
		req.on('error', (err) => reject(err));
	});
}

function formToObject(text: string): Record<string, string> {
	return Object.fromEntries(new URLSearchParams(text));
}

/** What the request log shows as the body, independent of the route. */
export function recordableBody(headers: IncomingHttpHeaders, raw: Buffer): unknown {
	if (raw.length === 0) return undefined;
	const type = mediaType(headers);
	const text = raw.toString('utf8');
	if (isJsonMedia(type)) {
		try {
			return JSON.parse(text) as unknown;
		} catch {
			return text;
		}
	}
	if (type === 'application/x-www-form-urlencoded') return formToObject(text);
	if (type.startsWith('multipart/')) return { multipart: true, bytes: raw.length };
	return text;
}

function parseJson(raw: Buffer): unknown {
	const text = raw.toString('utf8');
	if (text.trim().length === 0) throw new HttpError(400, 'Request body is required');
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		const why = err instanceof Error ? err.message : String(err);
		throw new HttpError(400, `Malformed JSON body: ${why}`);
	}
}

export function parseBody(mode: BodyMode, headers: IncomingHttpHeaders, raw: Buffer): unknown {
	switch (mode) {
		case 'none':
			return undefined;
		case 'raw':
			return raw.toString('utf8');
		case 'json': {
			const type = mediaType(headers);
			if (!isJsonMedia(type)) {
				throw new HttpError(400, `Content-Type must be application/json (got ${type || 'none'})`);
			}
			return parseJson(raw);
		}
		case 'json-or-form': {
			const type = mediaType(headers);
			if (raw.length === 0 && (type === '' || isJsonMedia(type) || type === 'application/x-www-form-urlencoded')) {
				return {};
			}
			if (isJsonMedia(type)) return parseJson(raw);
			if (type === 'application/x-www-form-urlencoded') return formToObject(raw.toString('utf8'));
			throw new HttpError(
				400,
				`Content-Type must be application/json or application/x-www-form-urlencoded (got ${type || 'none'})`,
			);
		}
	}
}
