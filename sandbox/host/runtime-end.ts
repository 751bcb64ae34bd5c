/**
 * Ending an app's Deno runtime completely when the sandbox stops. `AppManager.unload()` sends the
 * runtime SIGKILL but does not wait for the process to go, and leaves its liveness watchdog armed: a
 * test run then ends with a Deno child (and its pipes) still open, so node cannot exit on its own, and
 * a write that raced the kill (a ping, an answer to the runtime) fails with EPIPE on a pipe nobody
 * listens to, an uncaught error in whatever test file runs next. These are engine internals, the same
 * in every generation the sandbox runs (1.53 to 1.62): a process handle `deno` and a `livenessManager`
 * on the runtime controller, which `getRuntimeController()` (1.58+) or `getDenoRuntime()` (1.53) returns.
 */
import type { ChildProcess } from 'node:child_process';

interface RuntimeInternals {
	deno?: ChildProcess;
	/** 1.58+: `stop()` ends the watchdog. 1.53 has none: its pings stop when the process exits. */
	livenessManager?: { stop?: () => void };
}

interface AppInternals {
	getRuntimeController?: () => unknown;
	getDenoRuntime?: () => unknown;
}

export interface RuntimeEnd {
	/** After `unload()`: the watchdogs stopped and every Deno child gone (killed if unload did not). */
	wait(): Promise<void>;
}

/** Call before `AppManager.unload()`, with the apps it is about to unload. */
export function prepareRuntimeEnd(apps: readonly unknown[]): RuntimeEnd {
	const runtimes = apps.map((app) => {
		const a = app as AppInternals;
		return ((a.getRuntimeController ?? a.getDenoRuntime)?.call(app) ?? {}) as RuntimeInternals;
	});
	const children = runtimes.map((r) => r.deno).filter((c): c is ChildProcess => c !== undefined);
	// A write racing the kill meets a closed pipe: expected while ending, nothing to report.
	for (const child of children) child.stdin?.on('error', () => undefined);
	return {
		wait: async () => {
			for (const r of runtimes) if (typeof r.livenessManager?.stop === 'function') r.livenessManager.stop();
			await Promise.all(children.map(ended));
		},
	};
}

/** Resolves once the process has exited and its pipes are closed (the handles node waits for). */
function ended(child: ChildProcess): Promise<void> {
	const exited = child.exitCode !== null || child.signalCode !== null;
	if (exited && child.stdio.every((s) => !s || s.destroyed)) return Promise.resolve();
	return new Promise((resolve) => {
		child.once('close', () => resolve());
		if (!exited) child.kill('SIGKILL');
	});
}
