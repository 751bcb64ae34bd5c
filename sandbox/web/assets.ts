/**
 * The page's assets, built once when the server starts: the page script bundled by esbuild (the
 * UIKit renderer and Rocket.Chat's message parser included), its stylesheet and the HTML shell.
 * Nothing is fetched from a CDN; the page works with no network.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const PAGE = path.join(__dirname, 'page');

export interface Asset {
	type: string;
	body: Buffer;
}

export async function buildAssets(): Promise<Map<string, Asset>> {
	const bundle = await build({
		entryPoints: [path.join(PAGE, 'main.ts')],
		bundle: true,
		write: false,
		format: 'iife',
		target: 'es2020',
		minify: true,
		sourcemap: false,
		logLevel: 'silent',
	});
	const js = bundle.outputFiles[0].contents;
	return new Map<string, Asset>([
		['/', { type: 'text/html; charset=utf-8', body: fs.readFileSync(path.join(PAGE, 'index.html')) }],
		['/page.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(js) }],
		['/page.css', { type: 'text/css; charset=utf-8', body: fs.readFileSync(path.join(PAGE, 'page.css')) }],
	]);
}
