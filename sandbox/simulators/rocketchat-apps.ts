/**
 * The Rocket.Chat simulator's app upload endpoints (what `npm run deploy` calls):
 *  POST /api/apps        multipart, file field `app`  (install)                needs manage-apps
 *  POST /api/apps/:id    multipart, file field `app`  (update)                 needs manage-apps
 *  GET  /api/apps        installed apps (from uploads)                         needs manage-apps
 * Uploads: reads id/name/version from the zip's app.json (adm-zip); placeholders when the zip has none.
 */
import type { IncomingHttpHeaders } from 'node:http';
import AdmZip from 'adm-zip';
import { type AuthOutcome, type HandlerContext, HttpError, type Route, header, isPlainObject, mediaType, randomId } from './base';
import type { RcApp, RcUserSeed, RocketChatState } from './rocketchat-state';

export type { RcApp, RcUpload } from './rocketchat-state';

interface ParsedUpload {
	filename: string;
	bytes: Buffer;
	fields: Record<string, string>;
	appJson: Record<string, unknown> | null;
}

async function parseUpload(ctx: HandlerContext<RcUserSeed, RocketChatState>): Promise<ParsedUpload> {
	const type = mediaType(ctx.headers);
	if (type !== 'multipart/form-data') {
		throw new HttpError(400, `Content-Type must be multipart/form-data (got ${type || 'none'})`);
	}
	let form: FormData;
	try {
		form = await new Response(ctx.rawBody, { headers: { 'content-type': header(ctx.headers, 'content-type') ?? '' } }).formData();
	} catch (err) {
		throw new HttpError(400, `Malformed multipart body: ${err instanceof Error ? err.message : String(err)}`);
	}
	const fields: Record<string, string> = {};
	const files: Array<{ field: string; filename: string; size: number }> = [];
	let app: { filename: string; bytes: Buffer } | null = null;
	for (const [key, value] of form.entries()) {
		if (typeof value === 'string') {
			fields[key] = value;
			continue;
		}
		const bytes = Buffer.from(await value.arrayBuffer());
		files.push({ field: key, filename: value.name, size: bytes.length });
		if (key === 'app' && !app) app = { filename: value.name, bytes };
	}
	ctx.setRecordedBody({ fields, files });
	if (!app) throw new HttpError(400, 'Failed to get a file to install for the App. (multipart field "app" is missing)');
	if (app.bytes.length < 4 || app.bytes[0] !== 0x50 || app.bytes[1] !== 0x4b) {
		throw new HttpError(400, 'Invalid App package: the uploaded file is not a zip file');
	}
	let appJson: Record<string, unknown> | null = null;
	try {
		const entry = new AdmZip(app.bytes).getEntry('app.json');
		if (entry) {
			const parsed: unknown = JSON.parse(entry.getData().toString('utf8'));
			if (!isPlainObject(parsed)) throw new Error('app.json is not an object');
			appJson = parsed;
		}
	} catch (err) {
		throw new HttpError(400, `Invalid App package: ${err instanceof Error ? err.message : String(err)}`);
	}
	return { filename: app.filename, bytes: app.bytes, fields, appJson };
}

function pickString(obj: Record<string, unknown>, key: string): string | undefined {
	const v = obj[key];
	return typeof v === 'string' && v.length > 0 ? v : undefined;
}

export function appRoutes(
	auth: (h: IncomingHttpHeaders) => AuthOutcome<RcUserSeed>,
	need: (permission: string) => (u: RcUserSeed) => string | null,
): Array<Route<RcUserSeed, RocketChatState>> {
	const upload = async (ctx: HandlerContext<RcUserSeed, RocketChatState>, mode: 'install' | 'update') => {
		const targetId = mode === 'update' ? ctx.params.id : undefined;
		if (targetId !== undefined && !ctx.state.apps.has(targetId)) {
			throw new HttpError(404, `No App found by the id of: ${targetId}`);
		}
		const parsed = await parseUpload(ctx);
		const j = parsed.appJson ?? {};
		const jsonId = pickString(j, 'id');
		if (targetId !== undefined && jsonId !== undefined && jsonId !== targetId) {
			throw new HttpError(400, `App id in app.json (${jsonId}) does not match ${targetId}`);
		}
		const id = targetId ?? jsonId ?? `sim-app-${randomId(8)}`;
		const name = pickString(j, 'name') ?? 'unknown-app';
		const version = pickString(j, 'version') ?? '0.0.0';
		const prev = ctx.state.apps.get(id);
		const app: RcApp = { id, name, version, status: 'initialized', uploads: (prev?.uploads ?? 0) + 1 };
		ctx.state.apps.set(id, app);
		ctx.state.uploads.push({
			mode,
			appId: id,
			name,
			version,
			filename: parsed.filename,
			size: parsed.bytes.length,
			bytes: parsed.bytes,
			fields: parsed.fields,
			appJson: parsed.appJson,
			userId: ctx.principal._id,
			at: ctx.now,
		});
		return { body: { success: true, app: { id, name, version, status: 'initialized' } } };
	};


	return [
		{
			method: 'GET',
			path: '/api/apps',
			body: 'none',
			auth,
			authorize: need('manage-apps'),
			handle: (ctx) => ({
				body: {
					success: true,
					apps: [...ctx.state.apps.values()].map((a) => ({ id: a.id, name: a.name, version: a.version, status: a.status })),
				},
			}),
		},
		{
			method: 'POST',
			path: '/api/apps',
			body: 'raw',
			auth,
			authorize: need('manage-apps'),
			handle: (ctx) => upload(ctx, 'install'),
		},
		{
			method: 'POST',
			path: '/api/apps/:id',
			body: 'raw',
			auth,
			authorize: need('manage-apps'),
			handle: (ctx) => upload(ctx, 'update'),
		},
	];
}
