/**
 * The fault knobs of a simulator: standing faults (latency, error rate, hang, reset) and one-shot
 * queues (failNext, answerNext, floodNext, hangNext, resetNext, afterApplyNext). The request pipeline
 * takes from them in its order (see pipeline.ts).
 */
import type { AfterApply, Faults, Flood, RawAnswer } from './types';

export interface FailSpec {
	status: number;
	retryAfterSec: number;
	message?: string;
}

export class FaultKnobs {
	readonly faults: Faults = { latencyMs: 0, errorRate: 0, hang: false, reset: false };
	private failQueue: FailSpec[] = [];
	private afterApplyQueue: Array<{ kind: AfterApply; method?: string }> = [];
	private rawQueue: RawAnswer[] = [];
	private floodQueue: Flood[] = [];
	private hangCount = 0;
	private resetCount = 0;

	constructor(private readonly random: () => number) {}

	setFaults(patch: Partial<Faults>): void {
		if (patch.errorRate !== undefined && !(patch.errorRate >= 0 && patch.errorRate <= 1)) {
			throw new Error('errorRate must be within 0..1');
		}
		if (patch.latencyMs !== undefined && !(patch.latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
		Object.assign(this.faults, patch);
	}

	/** The next `n` requests (that reach routing) answer `status` in the endpoint's error shape; 429 carries Retry-After. */
	failNext(n: number, status: number, opts: { retryAfterSec?: number; message?: string } = {}): void {
		for (let i = 0; i < n; i++) {
			this.failQueue.push({ status, retryAfterSec: opts.retryAfterSec ?? 1, message: opts.message });
		}
	}

	/**
	 * The next `n` requests (that reach routing) get exactly this answer: any status, headers and raw
	 * body text, e.g. a JSON body with a `"__proto__"` key (which `JSON.stringify` of an object
	 * literal cannot produce) or a `307` with a `Location` to another origin. Served before failNext.
	 */
	answerNext(n: number, answer: RawAnswer): void {
		for (let i = 0; i < n; i++) this.rawQueue.push({ ...answer });
	}

	/**
	 * A hostile or broken vendor: the next `n` requests (that reach routing) get a 200 JSON answer that
	 * is `bytes` long (sent as fast as the client reads), or with `'endless'` one whose body never ends
	 * (a chunk every `intervalMs`, default 20 ms, until the client goes away). See flood.ts.
	 */
	floodNext(n: number, size: number | 'endless', opts: { intervalMs?: number; status?: number } = {}): void {
		if (size !== 'endless' && !(Number.isInteger(size) && size > 0)) throw new Error('size must be a positive number of bytes or "endless"');
		for (let i = 0; i < n; i++) this.floodQueue.push({ size, intervalMs: opts.intervalMs ?? 20, status: opts.status ?? 200 });
	}

	/** The next `n` requests are accepted and never answered. */
	hangNext(n = 1): void {
		this.hangCount += n;
	}

	/** The next `n` requests get their socket destroyed without an answer. */
	resetNext(n = 1): void {
		this.resetCount += n;
	}

	/**
	 * The next `n` requests that a handler accepts are APPLIED (state changes as usual), and then the
	 * answer goes wrong: `hang` (never answered, the client times out), `reset` (socket destroyed), or a
	 * 200 whose body cannot be read (`html`, `truncated` JSON, `empty`). The outcome the client sees is
	 * one it cannot tell from a request that never arrived — except the 2xx ones. With `method`, only
	 * requests of that method take it (e.g. the POST after a look-up GET).
	 */
	afterApplyNext(n: number, kind: AfterApply, opts: { method?: string } = {}): void {
		for (let i = 0; i < n; i++) this.afterApplyQueue.push({ kind, ...(opts.method ? { method: opts.method } : {}) });
	}

	/** All fault knobs back to off (latency 0, errorRate 0, no hang/reset, empty failNext queue). */
	clearFaults(): void {
		Object.assign(this.faults, { latencyMs: 0, errorRate: 0, hang: false, reset: false });
		this.failQueue = [];
		this.afterApplyQueue = [];
		this.rawQueue = [];
		this.floodQueue = [];
		this.hangCount = 0;
		this.resetCount = 0;
	}

	// ----- taken by the pipeline, each at most once per request ----------------------------------

	/** A queued reset is used up first; a standing one applies to every request. */
	takeReset(): boolean {
		if (this.resetCount > 0) {
			this.resetCount--;
			return true;
		}
		return this.faults.reset;
	}

	takeHang(): boolean {
		if (this.hangCount > 0) {
			this.hangCount--;
			return true;
		}
		return this.faults.hang;
	}

	takeRawAnswer(): RawAnswer | undefined {
		return this.rawQueue.shift();
	}

	takeFlood(): Flood | undefined {
		return this.floodQueue.shift();
	}

	takeFailure(): FailSpec | undefined {
		return this.failQueue.shift();
	}

	takeRandomError(): boolean {
		return this.faults.errorRate > 0 && this.random() < this.faults.errorRate;
	}

	/** The fault waiting for a request of `method` that was applied, if any (taken off the queue). */
	takeAfterApply(method?: string): AfterApply | undefined {
		const next = this.afterApplyQueue[0];
		if (!next || (next.method && next.method !== method)) return undefined;
		return this.afterApplyQueue.shift()?.kind;
	}
}
