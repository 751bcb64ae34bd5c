/** How the host collects what went wrong in the engine, so a test fails on it (see platform-facts: the engine only prints handler exceptions). */
import { inspect } from 'node:util';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';

/** One line for whatever was thrown, as the host's error list shows it. */
export function errorText(e: unknown): string {
	if (e instanceof Error) return e.message;
	return typeof e === 'string' ? e : inspect(e, { depth: 4 });
}

/** The error lines of one entry of the app's log. */
export function appLogErrors(entry: ILoggerStorageEntry): string[] {
	return (entry.entries ?? []).filter((e) => e.severity === 'error').map((e) => `app log (${entry.method}): ${e.args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}`);
}

const collectors = new Set<(text: string) => void>();
let original: typeof console.error | undefined;

/**
 * The engine only prints handler exceptions (`JSON-RPC error received`): hands each printed error to
 * `collect`. Returns the undo. Several live hosts (a cluster's instances) each get every printed
 * error: a line the engine prints does not say which manager printed it, and an error anywhere fails
 * the test either way. console.error is replaced once and given back when the last host stops,
 * whatever order they stop in.
 */
export function captureEngineErrors(collect: (text: string) => void): () => void {
	if (collectors.size === 0) {
		const kept = console.error;
		original = kept;
		console.error = (...args: unknown[]) => {
			const text = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ');
			for (const c of collectors) c(`engine: ${text}`);
			if (process.env.SANDBOX_VERBOSE) kept(...args);
		};
	}
	collectors.add(collect);
	return () => {
		if (!collectors.delete(collect) || collectors.size > 0 || !original) return;
		console.error = original;
		original = undefined;
	};
}
