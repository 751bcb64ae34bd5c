/** The app package the host installs: where `npm run build` writes it, and what its app.json asks for. */
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DENO_DIR = path.join(ROOT, 'sandbox', '.deno-cache');

export function defaultZipPath(): string {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
	return path.join(ROOT, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
}

export class InstallError extends Error {}

/** What the engine's runtime needs from this process before a manager starts (idempotent). */
export function prepareEnvironment(): void {
	process.env.DENO_DIR = process.env.DENO_DIR ?? DENO_DIR;
	// The engine skips every permission check when NODE_ENV is "test" (as jest sets it); a server
	// enforces them, so the sandbox does too.
	if (process.env.NODE_ENV === 'test') process.env.NODE_ENV = 'sandbox';
	const bin = path.join(ROOT, 'node_modules', '.bin');
	if (!(process.env.PATH ?? '').split(path.delimiter).includes(bin)) process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
}

/** The permissions a package's app.json asks for; undefined when it cannot be read (the engine then says why). */
export function requestedPermissions(zip: Buffer): Array<{ name: string }> | undefined {
	try {
		return (JSON.parse(new AdmZip(zip).readAsText('app.json')) as { permissions?: Array<{ name: string }> }).permissions;
	} catch {
		return undefined;
	}
}
