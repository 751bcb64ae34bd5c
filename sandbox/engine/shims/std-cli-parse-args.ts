// Offline stand-in for jsr:@std/cli/parse-args, enough for the runtime's
// `--subprocess <id> --spawnId <n> [--metricsReportFrequencyInMs <n>]` arguments.
// deno-lint-ignore no-explicit-any
export function parseArgs(args: string[]): any {
	// deno-lint-ignore no-explicit-any
	const out: Record<string, any> = { _: [] };
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (!arg.startsWith('--')) {
			out._.push(arg);
			continue;
		}
		const body = arg.slice(2);
		const eq = body.indexOf('=');
		let key: string;
		let value: string | boolean;
		if (eq >= 0) {
			key = body.slice(0, eq);
			value = body.slice(eq + 1);
		} else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
			key = body;
			value = args[++i];
		} else {
			key = body;
			value = true;
		}
		out[key] = typeof value === 'string' && value !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
	}
	return out;
}
