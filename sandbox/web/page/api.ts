/** The page's calls to the sandbox server (sandbox/web/server.ts) and the shapes it answers. */
import type { LiveEvent } from '../events';
import type { PageState } from '../snapshot';

export type { LiveEvent, PageState };
export type Message = Extract<LiveEvent, { type: 'delivered' }>['message'];
export type SurfaceRecord = Extract<LiveEvent, { type: 'surface' }>['surface'];
export interface CallResult {
	ok: boolean;
	errors: string[];
	response?: unknown;
	ran?: number;
}

export async function getState(user: string): Promise<PageState> {
	const res = await fetch(`/api/state?user=${encodeURIComponent(user)}`);
	return (await res.json()) as PageState;
}

export async function getMessages(): Promise<Message[]> {
	const res = await fetch('/api/messages');
	return (await res.json()) as Message[];
}

export async function post(action: string, body: Record<string, unknown>): Promise<CallResult> {
	const res = await fetch(`/api/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const result = (await res.json()) as Partial<CallResult>;
	return { ok: result.ok === true, errors: result.errors ?? [], response: result.response, ran: result.ran };
}

export function listen(onEvent: (e: LiveEvent) => void, onStatus: (connected: boolean) => void): EventSource {
	const source = new EventSource('/events');
	source.onopen = () => onStatus(true);
	source.onerror = () => onStatus(false);
	source.onmessage = (m) => onEvent(JSON.parse(m.data as string) as LiveEvent);
	return source;
}
