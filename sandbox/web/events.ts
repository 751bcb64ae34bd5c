/**
 * The page's live feed (Server-Sent Events): every message or notification the app produces, every
 * surface it opens, and a nudge whenever a simulator answered a request, as they happen, whether a
 * command, a button, a form or a scheduler job caused them.
 */
import type http from 'node:http';
import type { Demo } from '../demo';
import type { UiRecord } from '../host/bridges';
import type { Delivered } from '../host/world';

export type LiveEvent =
	| { type: 'delivered'; message: Delivered }
	| { type: 'surface'; surface: UiRecord }
	| { type: 'changed'; what: 'sims' | 'settings' | 'users' | 'jobs' };

export class EventStream {
	private readonly clients = new Set<http.ServerResponse>();
	private readonly detach: Array<() => void> = [];
	private nudge: NodeJS.Timeout | undefined;

	constructor(demo: Demo) {
		const onDelivered = (message: Delivered) => this.send({ type: 'delivered', message });
		const onSurface = (surface: UiRecord) => this.send({ type: 'surface', surface });
		demo.world.events.on('delivered', onDelivered);
		demo.world.events.on('surface', onSurface);
		this.detach.push(() => demo.world.events.off('delivered', onDelivered));
		this.detach.push(() => demo.world.events.off('surface', onSurface));
		for (const sim of demo.sims.list) {
			const previous = sim.onRequest;
			sim.onRequest = (req) => {
				previous?.(req);
				this.changed('sims');
			};
			this.detach.push(() => {
				sim.onRequest = previous;
			});
		}
	}

	/** `GET /events`: keeps the response open and writes one `data:` line per event. */
	public attach(res: http.ServerResponse): void {
		res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
		res.write('retry: 1000\n: connected\n\n');
		this.clients.add(res);
		res.on('close', () => this.clients.delete(res));
	}

	public send(event: LiveEvent): void {
		const frame = `data: ${JSON.stringify(event)}\n\n`;
		// Called from inside the app's calls (World.record): a gone page must never make them fail.
		for (const res of this.clients) {
			if (res.writableEnded || res.destroyed) this.clients.delete(res);
			else res.write(frame, () => undefined);
		}
	}

	/** Coalesces bursts (a drain sends many requests) into one refresh of the side panel. */
	public changed(what: 'sims' | 'settings' | 'users' | 'jobs'): void {
		if (what !== 'sims') return this.send({ type: 'changed', what });
		if (this.nudge) return;
		this.nudge = setTimeout(() => {
			this.nudge = undefined;
			this.send({ type: 'changed', what: 'sims' });
		}, 50);
	}

	public close(): void {
		clearTimeout(this.nudge);
		this.detach.splice(0).forEach((f) => f());
		for (const res of this.clients) res.end();
		this.clients.clear();
	}
}
