#!/usr/bin/env node
// Makes @rocket.chat/apps-engine 1.62.0's Deno runtime usable offline, as Rocket.Chat 7-8 run it.
// Runs on `npm ci` (postinstall) and is idempotent. What it does and why:
//  1. jsr.io is unreachable here: the three `jsr:@std/*` imports of the runtime are mapped to the
//     small local modules in sandbox/engine/shims (copied next to the runtime, which Deno may read).
//  2. The runtime's import map points `@rocket.chat/apps-engine/` at a `src/` folder the tarball lacks;
//     its one value import from there is mapped to a shim over the compiled definition.
//  3. `deno install` fills DENO_DIR (sandbox/.deno-cache) with the runtime's npm imports, because the
//     engine starts Deno with `--cached-only`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const engineDir = path.join(root, 'node_modules', '@rocket.chat', 'apps-engine');
const runtimeDir = path.join(engineDir, 'deno-runtime');
export const denoDir = path.join(root, 'sandbox', '.deno-cache');

if (!fs.existsSync(runtimeDir)) {
	console.log('setup-engine: no apps-engine runtime installed (production install?), nothing to do');
	process.exit(0);
}

const shimSrc = path.join(root, 'sandbox', 'engine', 'shims');
const shimDst = path.join(runtimeDir, 'shims');
fs.mkdirSync(shimDst, { recursive: true });
for (const file of fs.readdirSync(shimSrc)) {
	fs.copyFileSync(path.join(shimSrc, file), path.join(shimDst, file));
}

const configPath = path.join(runtimeDir, 'deno.jsonc');
const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
const imports = config.imports;
delete imports['@std/cli'];
imports['@std/cli/parse-args'] = './shims/std-cli-parse-args.ts';
imports['@std/io'] = './shims/std-io.ts';
imports['@std/streams'] = './shims/std-streams.ts';
imports['@rocket.chat/apps-engine/definition/exceptions/AppsEngineException.ts'] = './shims/AppsEngineException.ts';
fs.writeFileSync(configPath, JSON.stringify(config, null, '\t') + '\n');
// The shipped lock pins the jsr packages we no longer import; Deno rewrites a fresh one below.
fs.rmSync(path.join(runtimeDir, 'deno.lock'), { force: true });

const denoBin = path.join(root, 'node_modules', '.bin', 'deno');
// DENO_NO_PACKAGE_JSON: otherwise Deno adopts this project's package.json/package-lock.json as its own.
const env = { ...process.env, DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1', DENO_NO_PACKAGE_JSON: '1' };
execFileSync(denoBin, ['install', '--config', 'deno.jsonc', '--entrypoint', 'main.ts'], { cwd: runtimeDir, env, stdio: 'inherit' });
// Deno refuses to run a script that lives under node_modules; the engine symlinks the runtime into
// its temp folder, so the cache check above is all that is needed here.
console.log(`setup-engine: Deno runtime ready (DENO_DIR=${path.relative(root, denoDir)})`);
