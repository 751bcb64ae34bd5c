#!/usr/bin/env node
// `npm run deploy -- --url <server> --user-id <id> --token <pat> [--zip <file>]`
// Uploads the built package to a Rocket.Chat server: POST /api/apps, or POST /api/apps/<id>
// when the app is already installed there (Rocket.Chat's update form).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function deploy({ url, userId, token, zipPath, fetchImpl = fetch, timeoutMs = 60000 }) {
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
	const file = zipPath ?? path.join(root, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
	if (!fs.existsSync(file)) throw new DeployError(`No package at ${path.relative(process.cwd(), file)}: run \`npm run build\` first.`);
	let base;
	try {
		base = new URL(url);
	} catch {
		throw new DeployError(`"${url}" is not a URL (expected e.g. https://chat.example.com).`);
	}
	const headers = { 'X-User-Id': userId, 'X-Auth-Token': token };
	const call = async (method, pathname, body) => {
		try {
			return await fetchImpl(new URL(pathname, base), { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
		} catch (e) {
			throw new DeployError(`Could not reach ${base.origin} (${e.cause?.code ?? e.name ?? 'network error'}). Is the URL right and the server up?`);
		}
	};
	// Installed already? Rocket.Chat lists installed apps at GET /api/apps (admin only).
	const listed = await call('GET', '/api/apps');
	if (listed.status === 401 || listed.status === 403) {
		throw new DeployError(`The server refused the credentials (HTTP ${listed.status}): check --user-id and --token (a personal access token of an admin).`);
	}
	const listing = /** @type {{ apps?: Array<{ id: string }> }} */ (listed.ok ? await listed.json().catch(() => ({})) : {});
	const apps = listing.apps ?? [];
	const update = apps.some((a) => a.id === manifest.id);
	const form = new FormData();
	form.append('app', new Blob([fs.readFileSync(file)], { type: 'application/zip' }), path.basename(file));
	const res = await call('POST', update ? `/api/apps/${manifest.id}` : '/api/apps', form);
	const text = await res.text();
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = { error: text.slice(0, 200) };
	}
	if (res.status === 401 || res.status === 403) throw new DeployError('The server refused the credentials (401): check --user-id and --token.');
	if (!res.ok || body.success === false) {
		throw new DeployError(`The server rejected the package (HTTP ${res.status}): ${body.error ?? body.message ?? 'no reason given'}`);
	}
	return { update, status: res.status, app: body.app };
}

export class DeployError extends Error {}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const { values } = parseArgs({
		options: { url: { type: 'string' }, 'user-id': { type: 'string' }, token: { type: 'string' }, zip: { type: 'string' } },
	});
	if (!values.url || !values['user-id'] || !values.token) {
		console.error('usage: npm run deploy -- --url <server> --user-id <id> --token <personal-access-token> [--zip <file>]');
		process.exit(2);
	}
	deploy({ url: values.url, userId: values['user-id'], token: values.token, zipPath: values.zip }).then(
		(r) => console.log(`${r.update ? 'Updated' : 'Installed'} Inbox Bridge on ${values.url} (HTTP ${r.status}).`),
		(e) => {
			console.error(e instanceof DeployError ? e.message : `Deploy failed: ${e.message}`);
			process.exit(1);
		},
	);
}
