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

/** The engine only prints handler exceptions (`JSON-RPC error received`): hands each printed error to `collect`. Returns the undo. */
export function captureEngineErrors(collect: (text: string) => void): () => void {
	const original = console.error;
	console.error = (...args: unknown[]) => {
		const text = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ');
		collect(`engine: ${text}`);
		if (process.env.SANDBOX_VERBOSE) original(...args);
	};
	return () => {
		console.error = original;
	};
}
