/**
 * `npm run web`: a local page that behaves like a Rocket.Chat room for the app, served on
 * 127.0.0.1 over the same sandbox as the terminal demo (engine, simulators, settings).
 *
 *   GET  /             the page (assets built at start, nothing from the network)
 *   GET  /events       live feed (Server-Sent Events, see events.ts)
 *   GET  /api/messages the conversation so far (then live on /events)
 *   GET  /api/state    users, commands, settings, simulators, jobs (snapshot.ts)
 *   POST /api/<action> command | action | submit | close | setting | fault | jobs (api.ts)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Demo } from '../demo';
import { createApi } from './api';
import { buildAssets } from './assets';
import { EventStream } from './events';

export interface WebServer {
	url: string;
	stream: EventStream;
	close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
/** Messages a freshly opened page starts with. */
const MESSAGES_KEPT = 200;

function readJson(req: http.IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new Error('body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => {
			try {
				resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
			} catch {
				reject(new Error('body is not JSON'));
			}
		});
		req.on('error', reject);
	});
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
	const payload = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(payload);
}

export async function startWeb(demo: Demo, opts: { port?: number } = {}): Promise<WebServer> {
	const assets = await buildAssets();
	const stream = new EventStream(demo);
	const api = createApi(demo, stream);
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		// Only this machine's page may drive the sandbox: no cross-origin writes.
		const origin = req.headers.origin;
		if (origin && origin !== `http://${req.headers.host}`) return send(res, 403, { ok: false, errors: ['cross-origin request refused'] });
		if (req.method === 'GET' && url.pathname === '/events') return stream.attach(res);
		if (req.method === 'GET' && url.pathname === '/api/messages') return send(res, 200, demo.world.messages.slice(-MESSAGES_KEPT));
		if (req.method === 'GET' && url.pathname === '/api/state') return send(res, 200, api.state(url.searchParams.get('user') ?? 'alice'));
		if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
			readJson(req)
				.then((body) => api.post(url.pathname.slice('/api/'.length), body))
				.then((r) => send(res, r.status, r.body))
				.catch((e: unknown) => send(res, 500, { ok: false, errors: [e instanceof Error ? e.message : String(e)] }));
			return;
		}
		const asset = req.method === 'GET' ? assets.get(url.pathname) : undefined;
		if (!asset) return send(res, 404, { ok: false, errors: ['not found'] });
		res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-store' });
		res.end(asset.body);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 3210, '127.0.0.1', () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/`,
		stream,
		close: async () => {
			stream.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
