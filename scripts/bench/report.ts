/** What every benchmark section shares: the printed lines (also written to dist/bench.txt) and small statistics. */
export const lines: string[] = [];

export function out(s: string): void {
	lines.push(s);
	console.log(s);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
export const f = (n: number, d = 2) => n.toFixed(d);
export const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');

/** Milliseconds `fn` took. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
	const t = process.hrtime.bigint();
	await fn();
	return Number(process.hrtime.bigint() - t) / 1e6;
}
