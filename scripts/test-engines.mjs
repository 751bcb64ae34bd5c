#!/usr/bin/env node
// `npm run test:engines [-- --all | <version>… ] [jest arguments…]`: the packaged app on other Apps-Engine
// runtimes than `npm test`'s (docs/engines.md).
//  - no version: every test of test/sandbox (and test/engines) on the older generations CI runs
//    (sandbox/engine/generations.json "older", under Deno 1.x), plus test/engines on the current one,
//    whose whole suite `npm test` runs. Together with `npm test`: every test on every generation.
//  - `--all`: every runtime on npm ("all"), each in its own jest run of the "allTests" list (the job,
//    delivery and log tests), `--parallel=N` of them at a time (default 1); prints and writes a summary
//    (dist/engines/summary.md|json): per runtime, pass/fail, the Deno that ran it and its wall time.
//  - versions (`1.55.0 1.57.2`): those runtimes, the whole suite on each.
// Builds the zip (no type check: `npm run typecheck` and `npm run build` do that), prepares the
// older engines under .engines/ (scripts/setup-engines.mjs) and runs jest.engines.config.js.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deno1Bin, enginesFromArgs, prepareEngines } from './setup-engines.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generations = JSON.parse(fs.readFileSync(path.join(root, 'sandbox', 'engine', 'generations.json'), 'utf8'));
const args = process.argv.slice(2);
const all = args.includes('--all');
const versions = enginesFromArgs(args);
const named = args.some((a) => /^\d+\.\d+\.\d+$/.test(a));
const parallel = Math.max(1, Number(args.find((a) => a.startsWith('--parallel='))?.slice('--parallel='.length) ?? 1) || 1);
const jestArgs = args.filter((a) => a !== '--all' && !a.startsWith('--parallel=') && !/^\d+\.\d+\.\d+$/.test(a));

if (!process.env.SANDBOX_SKIP_BUILD) execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--no-check'], { cwd: root, stdio: 'inherit' });
prepareEngines(versions);

const jestBin = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
/**
 * Runs jest.engines.config.js on `engines` with `extra` arguments; resolves to its exit code.
 * @param {string[]} engines
 * @param {string[]} extra
 * @param {Record<string, string>} [env]
 * @param {import('node:child_process').StdioOptions} [stdio]
 * @returns {Promise<number>}
 */
function jest(engines, extra, env = {}, stdio = 'inherit') {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [jestBin, '-c', 'jest.engines.config.js', '--ci', ...extra], {
			cwd: root,
			stdio,
			env: { ...process.env, SANDBOX_SKIP_BUILD: '1', ENGINE_VERSIONS: engines.join(','), ...env },
		});
		child.on('close', (code) => resolve(code ?? 1));
	});
}

/** The Deno a runtime runs under, as test/engines/engine-env.ts puts it on PATH. */
function denoOf(version) {
	const bin = version === generations.current ? path.join(root, 'node_modules', '.bin') : deno1Bin();
	return execFileSync(path.join(bin, 'deno'), ['--version'], { encoding: 'utf8' }).split('\n')[0].replace(/^deno\s+/, '').replace(/\s.*$/, '');
}

if (!all) {
	// The current engine's whole suite is `npm test`; here only when asked for by name.
	/** @type {Record<string, string>} */
	const env = named ? { ENGINE_FULL_CURRENT: '1' } : {};
	// Two workers: the generations run side by side (jest's default on two cores is one). A test spends
	// much of its time waiting on its engine and simulators, so two fit on two cores.
	const workers = jestArgs.some((a) => /^(-w|--maxWorkers|-i|--runInBand)(=|$)/.test(a)) ? [] : ['--maxWorkers=2'];
	process.exit(await jest(versions, [...workers, ...jestArgs], env));
}

const outDir = path.join(root, 'dist', 'engines');
fs.mkdirSync(outDir, { recursive: true });
const rows = [];
async function runOne(version) {
	const started = Date.now();
	const out = path.join(outDir, `${version}.json`);
	const log = path.join(outDir, `${version}.log`);
	fs.rmSync(out, { force: true });
	// side by side, each run writes its own log (printed when it ends) instead of interleaving on the terminal
	/** @type {import('node:child_process').StdioOptions} */
	const stdio = parallel > 1 ? ['ignore', fs.openSync(log, 'w'), fs.openSync(log, 'a')] : 'inherit';
	const code = await jest([version], [...jestArgs, '--json', `--outputFile=${out}`], { ENGINE_TESTS: generations.allTests.join(',') }, stdio);
	const seconds = Math.round((Date.now() - started) / 1000);
	if (parallel > 1) process.stdout.write(`\n----- apps-engine ${version} (${seconds} s)\n${fs.readFileSync(log, 'utf8')}`);
	const result = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : undefined;
	rows.push({
		engine: version,
		deno: denoOf(version),
		ok: code === 0 && result?.success === true,
		passed: result?.numPassedTests ?? 0,
		failed: (result?.numFailedTests ?? 0) + (result?.numRuntimeErrorTestSuites ?? 0),
		files: result?.numTotalTestSuites ?? 0,
		seconds,
	});
}
const queue = [...versions];
const started = Date.now();
await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, async () => {
	while (queue.length > 0) await runOne(queue.shift());
}));
rows.sort((a, b) => versions.indexOf(a.engine) - versions.indexOf(b.engine));
const summary = { at: new Date().toISOString(), tests: generations.allTests, parallel, wallSeconds: Math.round((Date.now() - started) / 1000), runtimes: rows };
fs.writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
const table = [
	`${summary.at.slice(0, 10)}: ${generations.allTests.join(', ')} on each runtime, ${parallel} at a time, ${summary.wallSeconds} s in all`,
	'',
	'| engine | result | tests passed / failed | Deno | wall time |',
	'| --- | --- | --- | --- | --- |',
	...rows.map((r) => `| ${r.engine} | ${r.ok ? 'pass' : 'FAIL'} | ${r.passed} / ${r.failed} | ${r.deno} | ${r.seconds} s |`),
].join('\n');
fs.writeFileSync(path.join(outDir, 'summary.md'), table + '\n');
console.log(`\n${table}\n`);
process.exit(rows.every((r) => r.ok) ? 0 : 1);
