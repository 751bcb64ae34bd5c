import { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime';

/**
 * Engine calls: every request the app's Deno runtime sends to the server (an accessor or a bridge
 * call: a persistence read, a settings read, an HTTP call, a user update, a message…). Each one is a
 * JSON-RPC round trip through the engine, so their count is the machine-independent cost of an
 * operation. The host taps the engine's runtime controller where it receives those requests
 * (`DenoRuntimeSubprocessController.handleIncomingMessage`), so nothing the app does is missed,
 * including the settings reads no bridge sees (the engine answers those from the app's storage item).
 */

export interface EngineCallSnapshot {
	total: number;
	/** Per kind (`persistence.read`, `settings.read`, `http`, `user.update`, …; see KINDS). */
	byKind: Record<string, number>;
	/** Per exact runtime method (`accessor:getReader:getPersistenceReader:readByAssociations`, …). */
	byMethod: Record<string, number>;
}

/** Runtime method prefixes and the kind they count as; the first match wins, anything else counts as `other`. */
const KINDS: ReadonlyArray<readonly [prefix: string, kind: string]> = [
	['accessor:getReader:getEnvironmentReader:getSettings:', 'settings.read'],
	['accessor:getReader:getEnvironmentReader:getServerSettings:', 'serverSettings.read'],
	['accessor:getEnvironmentRead:getServerSettings:', 'serverSettings.read'],
	['accessor:getReader:getEnvironmentReader:getEnvironmentVariables:', 'env.read'],
	['accessor:getReader:getPersistenceReader:', 'persistence.read'],
	['accessor:getPersistence:', 'persistence.write'],
	['bridges:getHttpBridge:', 'http'],
	['accessor:getHttp:', 'http'],
	['accessor:getReader:getUserReader:', 'user.read'],
	['bridges:getUserBridge:doGet', 'user.read'],
	['accessor:getModifier:getUpdater:getUserUpdater:', 'user.update'],
	['bridges:getUserBridge:doUpdate', 'user.update'],
	['accessor:getReader:getRoomReader:', 'room.read'],
	['bridges:getRoomBridge:doGet', 'room.read'],
	['bridges:getInternalBridge:doGetUsernamesOfRoom', 'room.read'],
	['accessor:getReader:getLivechatReader:', 'livechat.read'],
	['bridges:getMessageBridge:', 'message'],
	['accessor:getModifier:getNotifier:', 'message'],
	['accessor:getModifier:getScheduler:', 'scheduler'],
	['accessor:getModifier:getUiController:', 'ui'],
	['accessor:getModifier:getCreator:', 'create'],
	['accessor:getModifier:getUpdater:', 'update'],
];

/** Only requests count: the runtime's notifications (`log`, `ready`, errors) are not calls to the server. */
export function isEngineCall(method: string): boolean {
	return method.startsWith('accessor:') || method.startsWith('bridges:');
}

export function kindOf(method: string): string {
	return KINDS.find(([prefix]) => method.startsWith(prefix))?.[1] ?? 'other';
}

export class EngineCallCounter {
	private byMethod = new Map<string, number>();

	public count(method: string): void {
		if (!isEngineCall(method)) return;
		this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
	}

	public reset(): void {
		this.byMethod = new Map();
	}

	public snapshot(): EngineCallSnapshot {
		const byKind: Record<string, number> = {};
		const byMethod: Record<string, number> = {};
		let total = 0;
		for (const [method, n] of [...this.byMethod].sort(([a], [b]) => a.localeCompare(b))) {
			byMethod[method] = n;
			byKind[kindOf(method)] = (byKind[kindOf(method)] ?? 0) + n;
			total += n;
		}
		return { total, byKind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => a.localeCompare(b))), byMethod };
	}

	/** Resets, runs `fn`, and returns what it cost (and what it returned). */
	public async measure<T>(fn: () => Promise<T>): Promise<{ calls: EngineCallSnapshot; result: T }> {
		this.reset();
		const result = await fn();
		return { calls: this.snapshot(), result };
	}
}

type IncomingHandler = (this: unknown, message: { payload?: { method?: unknown } }) => Promise<unknown>;

/**
 * The counter per owner. A runtime controller holds its manager's bridges (`this.bridges`, in every
 * generation the sandbox runs), so several live hosts (a cluster's instances, each with its own
 * bridges) each count only their own runtime's calls.
 */
const counters = new Map<object, EngineCallCounter>();
let tapped = false;

/**
 * Routes every request the runtime of the manager built with `bridges` receives from the app to
 * `counter`, until `release()`. Returns false when this engine's runtime controller has no such hook
 * (the counter then stays at 0).
 */
export function tapEngineCalls(counter: EngineCallCounter, bridges: object): { installed: boolean; release(): void } {
	counters.set(bridges, counter);
	const release = () => {
		if (counters.get(bridges) === counter) counters.delete(bridges);
	};
	if (!tapped) {
		const proto = DenoRuntimeSubprocessController.prototype as unknown as { handleIncomingMessage?: IncomingHandler };
		const original = proto.handleIncomingMessage;
		if (typeof original !== 'function') return { installed: false, release };
		proto.handleIncomingMessage = function (this: unknown, message) {
			const method = message?.payload?.method;
			const owner = (this as { bridges?: object } | undefined)?.bridges;
			if (typeof method === 'string' && owner) counters.get(owner)?.count(method);
			return original.call(this, message);
		};
		tapped = true;
	}
	return { installed: true, release };
}
