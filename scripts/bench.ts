/**
 * `npm run bench`: counts first (engine calls per operation, vendor calls per change, package size:
 * they do not depend on the machine), then timings, each given as a ratio against a baseline measured
 * in the same run. Prints the report and writes it to dist/bench.txt; paste it in the README.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../sandbox/host/host';
import { engineCalls, vendorCalls } from './bench/counts';
import { drainCost } from './bench/drain';
import { shift } from './bench/shift';
import { hostile } from './bench/hostile';
import { memory } from './bench/memory';
import { instances } from './bench/instances';
import { f, lines, out } from './bench/report';
import { throughput } from './bench/throughput';
import { commandCost, packageCost } from './bench/timing';
import { timeReport } from './bench/time-report';

/** In print order; `npm run bench -- calls floor` runs only those sections. */
const SECTIONS: Array<[string, () => Promise<void>]> = [
	['calls', engineCalls],
	['vendor', vendorCalls],
	['drain', drainCost],
	['shift', shift],
	['package', packageCost],
	['floor', commandCost],
	['throughput', throughput],
	['memory', memory],
	['hostile', hostile],
	['instances', instances],
	['report', timeReport],
];
const only = process.argv.slice(2);

async function main(): Promise<void> {
	const cpu = os.cpus()[0]?.model ?? 'cpu';
	out(`Inbox Bridge benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} × ${cpu}, ${f(os.totalmem() / 2 ** 30, 0)} GiB, node ${process.version}, load ${os.loadavg().map((l) => f(l, 1)).join(' ')} at start`);
	for (const [name, run] of SECTIONS) if (only.length === 0 || only.includes(name)) await run();
	fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
	fs.writeFileSync(path.join(ROOT, 'dist', 'bench.txt'), `${lines.join('\n')}\n`);
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	},
);
