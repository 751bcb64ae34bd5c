/**
 * How a model-based test searches. CI replays one fixed search, so a red run is a regression, never a
 * corner found by chance. `MODEL_SEED=random` searches anew, `MODEL_SEED=<n>` (with `MODEL_PATH=<p>`)
 * replays one search or one counter-example, `MODEL_RUNS=<n>` sets how many programs are tried, and
 * `MODEL_SHRINK=1` shrinks a counter-example found (slow; off by default).
 */
const runs = (defaultRuns: number): number => Number(process.env.MODEL_RUNS ?? defaultRuns);

export function searchParams(defaultRuns: number, defaultSeed: number): { numRuns: number; endOnFailure: boolean; seed?: number; path?: string } {
	const replay = process.env.MODEL_SEED === 'random' ? {} : { seed: Number(process.env.MODEL_SEED ?? defaultSeed), ...(process.env.MODEL_PATH ? { path: process.env.MODEL_PATH } : {}) };
	return { numRuns: runs(defaultRuns), endOnFailure: !process.env.MODEL_SHRINK, ...replay };
}

/** Room for a longer search than the default (a program takes up to ~100 ms on a loaded machine). */
export const searchTimeoutMs = (defaultRuns: number): number => Math.max(120_000, runs(defaultRuns) * 100);
