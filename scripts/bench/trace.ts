/**
 * Which record each engine call touched. The host's counter (sandbox/host/engine-calls.ts) counts
 * runtime methods; a breakdown that names the method only ("readByAssociation 8") does not say which
 * of the app's records cost what. This tap, on the same runtime hook, keeps the method and what it
 * named: the first association of a persistence call with its ids blanked (`id:st:sync:*`,
 * `tag:limiter-slots:callbell:*`), or the path of an HTTP call.
 */
import { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime';
import { f, out } from './report';

type Incoming = (this: unknown, message: { payload?: { method?: unknown; params?: unknown } }) => Promise<unknown>;

let active: { owner: object; seen: Map<string, Map<string, number>> } | undefined;
let tapped = false;

/** A segment that is an id (a user id, a token, a uuid, a hash) rather than a record kind. */
const isId = (segment: string) => segment.length >= 6 && /\d/.test(segment);

/** The record a call named, ids blanked; '' when it names none (a notification, a user update). */
export function recordOf(method: string, params: unknown): string {
	const list = Array.isArray(params) ? params : [];
	if (method.startsWith('bridges:getHttpBridge:')) {
		const req = list[0] as { method?: string; url?: string } | undefined;
		const url = String(req?.url ?? '');
		return `${String(req?.method ?? '').toUpperCase()} ${url.replace(/^https?:\/\/[^/]+/, '').split('/').map((s) => (isId(s) ? '*' : s)).join('/')}`;
	}
	if (!method.includes('Persistence')) return '';
	const first = Array.isArray(list[0]) ? list[0][0] : list[0];
	const id = String((first as { id?: unknown } | undefined)?.id ?? '');
	return id
		.split(':')
		.map((s) => (isId(s) ? '*' : s))
		.join(':');
}

function tap(): void {
	if (tapped) return;
	const proto = DenoRuntimeSubprocessController.prototype as unknown as { handleIncomingMessage: Incoming };
	const original = proto.handleIncomingMessage;
	proto.handleIncomingMessage = function (this: unknown, message) {
		const method = message?.payload?.method;
		const owner = (this as { bridges?: object } | undefined)?.bridges;
		if (active && owner === active.owner && typeof method === 'string' && (method.startsWith('accessor:') || method.startsWith('bridges:'))) {
			const records = active.seen.get(method) ?? new Map<string, number>();
			const record = recordOf(method, message.payload?.params);
			records.set(record, (records.get(record) ?? 0) + 1);
			active.seen.set(method, records);
		}
		return original.call(this, message);
	};
	tapped = true;
}

/** Per method, per record: what `fn` cost on the host whose bridges are `owner` (one trace at a time). */
export async function traceCalls(owner: object, fn: () => Promise<unknown>): Promise<Map<string, Map<string, number>>> {
	tap();
	const seen = new Map<string, Map<string, number>>();
	active = { owner, seen };
	try {
		await fn();
	} finally {
		active = undefined;
	}
	return seen;
}

/** Prints what a trace cost per unit (a delivered item, an agent): one line per method and record, most first, those of at least `min` each. */
export function perUnit(traced: Map<string, Map<string, number>>, units: number, min: number): void {
	const rows = [...traced].flatMap(([method, records]) => [...records].map(([record, c]) => ({ what: `${method.replace(/^accessor:|^bridges:/, '')}${record ? ` ${record}` : ''}`, c })));
	for (const { what, c } of rows.sort((a, b) => b.c - a.c || a.what.localeCompare(b.what)).filter((r) => r.c / units >= min)) out(`     ${f(c / units, 1).padStart(5)}  ${what}`);
}
