#!/usr/bin/env node
// Prepares the older Apps-Engine runtimes `npm run test:engines` runs the app on, under `.engines/`
// (gitignored, kept between runs: a prepared engine is skipped). 1.62.0 is the one in node_modules,
// prepared by setup-engine.mjs on `npm ci`. What an older engine takes (platform-facts, "Engine
// generations"):
//  1. Deno 1.x: engines 1.53–1.59 do not run under Deno 2. npm's deno@1.46.3 stands in for the
//     Deno 1.43.5 Rocket.Chat 7.x ships.
//  2. The engine package OUTSIDE node_modules (Deno refuses TypeScript under node_modules and those
//     engines start deno-runtime/main.ts in place), keeping the `@rocket.chat/` folder depth
//     (AppPackageParser reads ../../../package.json); linked back into node_modules so its runtime's
//     `require('@rocket.chat/apps-engine/...')` finds it, next to its own npm dependencies.
//  3. The runtime's `jsr:@std/cli/parse-args` and `https://deno.land/std@0.216.0/io/write_all.ts`
//     imports mapped to the local shims (neither host is reachable), the shipped lock set aside,
//     `deno cache main.ts` run with DENO_CERT at npm's CA file (Deno 1.x does not trust the chain here).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const generations = JSON.parse(fs.readFileSync(path.join(root, 'sandbox', 'engine', 'generations.json'), 'utf8'));
export const ENGINES_DIR = path.join(root, generations.enginesDir);
export const DENO1_VERSION = generations.deno1;
const SETUP_REVISION = 1; // bump when this script changes what it prepares

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

export function deno1Bin() {
	return path.join(ENGINES_DIR, `deno-${DENO1_VERSION}`, 'node_modules', '.bin');
}
export function engineDir(version) {
	return path.join(ENGINES_DIR, version, '@rocket.chat', 'apps-engine');
}
export function engineDenoDir(version) {
	return path.join(ENGINES_DIR, version, 'deno-dir');
}

function ready(dir) {
	try {
		return JSON.parse(fs.readFileSync(path.join(dir, '.ready.json'), 'utf8')).revision === SETUP_REVISION;
	} catch {
		return false;
	}
}
function markReady(dir) {
	fs.writeFileSync(path.join(dir, '.ready.json'), JSON.stringify({ revision: SETUP_REVISION, at: new Date().toISOString() }) + '\n');
}

function setupDeno1() {
	const dir = path.join(ENGINES_DIR, `deno-${DENO1_VERSION}`);
	if (ready(dir)) return;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { deno: DENO1_VERSION } }, null, 2) + '\n');
	execFileSync(npm, ['install', ...quiet], { cwd: dir, stdio: 'inherit' });
	// The deno package links its binary on first use (npm here does not run install scripts).
	const version = execFileSync(path.join(deno1Bin(), 'deno'), ['--version'], { encoding: 'utf8' }).split('\n')[0];
	console.log(`setup-engines: ${version}`);
	markReady(dir);
}

function setupEngine(version) {
	const dir = path.join(ENGINES_DIR, version);
	if (ready(dir)) return;
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	// The engine and its dependencies, plus `mem`, which its runtime needs without declaring it.
	const rootPkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const deps = { '@rocket.chat/apps-engine': version, mem: rootPkg.devDependencies.mem };
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: deps }, null, 2) + '\n');
	execFileSync(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], { cwd: dir, stdio: 'inherit' });

	// Move the engine out of node_modules, keeping the @rocket.chat/ depth, and link it back.
	const inModules = path.join(dir, 'node_modules', '@rocket.chat', 'apps-engine');
	const target = engineDir(version);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.renameSync(inModules, target);
	fs.symlinkSync(path.relative(path.dirname(inModules), target), inModules, 'dir');

	const runtimeDir = path.join(target, 'deno-runtime');
	const shimDst = path.join(runtimeDir, 'shims');
	fs.mkdirSync(shimDst, { recursive: true });
	const shimSrc = path.join(root, 'sandbox', 'engine', 'shims');
	for (const file of fs.readdirSync(shimSrc)) fs.copyFileSync(path.join(shimSrc, file), path.join(shimDst, file));
	const configPath = path.join(runtimeDir, 'deno.jsonc');
	const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
	delete config.imports['@std/cli'];
	config.imports['@std/cli/parse-args'] = './shims/std-cli-parse-args.ts';
	config.imports['https://deno.land/std@0.216.0/io/write_all.ts'] = './shims/std-io.ts';
	config.imports['@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts'] = './shims/AppsEngineException.ts';
	fs.writeFileSync(configPath, JSON.stringify(config, null, '\t') + '\n');
	fs.renameSync(path.join(runtimeDir, 'deno.lock'), path.join(runtimeDir, 'deno.lock.shipped'));

	const env = {
		...process.env,
		DENO_DIR: engineDenoDir(version),
		DENO_CERT: execFileSync(npm, ['config', 'get', 'cafile'], { encoding: 'utf8' }).trim() || undefined,
		DENO_NO_UPDATE_CHECK: '1',
		DENO_NO_PACKAGE_JSON: '1',
	};
	if (!env.DENO_CERT || env.DENO_CERT === 'null') delete env.DENO_CERT;
	execFileSync(path.join(deno1Bin(), 'deno'), ['cache', '--config', 'deno.jsonc', 'main.ts'], { cwd: runtimeDir, env, stdio: 'inherit' });
	console.log(`setup-engines: apps-engine ${version} ready in ${path.relative(root, dir)}`);
	markReady(dir);
}

/**
 * Prepares Deno 1.x and the given older engines (the current one is node_modules' own and needs
 * nothing here). Returns the versions it prepared or found ready.
 */
export function prepareEngines(versions) {
	const older = versions.filter((v) => v !== generations.current);
	if (older.length === 0) return older;
	fs.mkdirSync(ENGINES_DIR, { recursive: true });
	setupDeno1();
	for (const version of older) setupEngine(version);
	return older;
}

/** `--all`: every runtime of generations.json's `all`; version arguments: those; none: the ones CI runs. */
export function enginesFromArgs(args) {
	if (args.includes('--all')) return generations.all;
	const named = args.filter((a) => /^\d+\.\d+\.\d+$/.test(a));
	for (const v of named) if (!generations.all.includes(v)) throw new Error(`apps-engine ${v} is not one of the runtimes this project knows (sandbox/engine/generations.json "all")`);
	return named.length > 0 ? named : [...generations.older, generations.current];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const started = Date.now();
	const prepared = prepareEngines(enginesFromArgs(process.argv.slice(2)));
	console.log(`setup-engines: ${prepared.join(', ') || 'nothing to prepare'} (Deno ${DENO1_VERSION}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
