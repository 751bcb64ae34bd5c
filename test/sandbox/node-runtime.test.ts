import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import ts from 'typescript';
import { defaultZipPath, ROOT } from '../../sandbox/host/host';

/**
 * Rocket.Chat 8.9+ runs apps on Node by default (Deno stays behind APPS_ENGINE_RUNTIME_BACKEND=deno);
 * 7.x–8.8 run them on Deno. What the packaged bundle needs from its runtime must exist in both, so
 * this reads the bundle the way both runtimes run it:
 * - every free identifier (a global) is in ALLOWED_GLOBALS, each of which Node (this process) and
 *   Deno 2 (and Deno 1.46, when `npm run test:engines` has installed it) have;
 * - nothing names `Deno`, `process`, `globalThis` (both runtimes pass `undefined` for it), `fetch`;
 * - `require` asks only for modules both runtimes' sandbox `require` allows;
 * - loaded in plain Node as the runtimes load it (a function of exports, module, require, console,
 *   globalThis), against the 1.62 and the 1.66 definitions, the App class constructs and declares
 *   its settings, commands, endpoints and jobs.
 * What this does not check: the app's calls through a Node runtime's accessors (no runtime of 1.63+
 * is on npm); docs/presence-8.6.md, "Node runtime".
 */

/** ECMAScript's own globals, and what the bundle may take from its host. */
const ECMASCRIPT = ['Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'DataView', 'Date', 'Error', 'EvalError', 'Float32Array', 'Float64Array', 'Function', 'Infinity', 'Int8Array', 'Int16Array', 'Int32Array', 'Intl', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError', 'TypeError', 'URIError', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'WeakMap', 'WeakSet', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'undefined'];
const HOST = ['AbortController', 'Buffer', 'File', 'TextDecoder', 'TextEncoder', 'URL', 'URLSearchParams', 'atob', 'btoa', 'clearInterval', 'clearTimeout', 'console', 'crypto', 'queueMicrotask', 'setInterval', 'setTimeout', 'structuredClone'];
const ALLOWED_GLOBALS = new Set([...ECMASCRIPT, ...HOST]);
/** Globals read only behind `typeof X != "undefined"` (zod 4 looks for Cloudflare Workers' navigator): a runtime without one takes the other branch. */
const GUARDED = ['navigator'];
/** A CommonJS module's own names, which both runtimes pass in. */
const COMMONJS = ['require', 'module', 'exports'];
/** Both runtimes' sandbox `require` (deno-runtime handlers/app/construct.ts, node-runtime lib/require.ts). */
const ALLOWED_MODULES = ['path', 'url', 'crypto', 'buffer', 'stream', 'net', 'http', 'https', 'zlib', 'util', 'punycode', 'os', 'querystring', 'fs', 'uuid'];

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { classFile: string; id: string; name: string; nameSlug: string; version: string; requiredApiVersion: string; description: string };
const bundleName = `${path.basename(manifest.classFile, '.ts')}.js`;
const bundle = (): string => new AdmZip(defaultZipPath()).readAsText(bundleName);

/** Identifiers the code reads without declaring them: what it takes from its global scope. */
function freeIdentifiers(code: string): Set<string> {
	const file = path.join(ROOT, 'dist', 'globals-scan.js');
	const host = ts.createCompilerHost({});
	const getSourceFile = host.getSourceFile;
	host.getSourceFile = (f, lang, ...rest) => (f === file ? ts.createSourceFile(f, code, lang, true, ts.ScriptKind.JS) : getSourceFile.call(host, f, lang, ...rest));
	host.fileExists = (f) => f === file || ts.sys.fileExists(f);
	// No lib and no types: every global is unresolved. allowJs binds a CommonJS file's require/module/exports.
	const program = ts.createProgram({ rootNames: [file], options: { allowJs: true, noLib: true, types: [], noEmit: true, noResolve: true }, host });
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(file) as ts.SourceFile;
	const free = new Set<string>();
	const isName = (n: ts.Identifier): boolean => {
		const p = n.parent;
		return (
			((ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === n) ||
			(ts.isBindingElement(p) && p.propertyName === n) ||
			ts.isLabeledStatement(p) ||
			ts.isBreakOrContinueStatement(p) ||
			ts.isMetaProperty(p)
		);
	};
	const visit = (n: ts.Node): void => {
		// Declared nowhere in the file (`globalThis` is a symbol the checker always has, with no declaration).
		if (ts.isIdentifier(n) && n.text !== 'arguments' && !isName(n) && !checker.getSymbolAtLocation(n)?.declarations?.some((d) => d.getSourceFile() === source)) free.add(n.text);
		ts.forEachChild(n, visit);
	};
	visit(source);
	return free;
}

/** Runs `code` as both runtimes construct an app: exports, module, require, console, and `globalThis` undefined. */
function loadAsRuntime(code: string, definitions: string): { exports: Record<string, unknown>; required: string[] } {
	const required: string[] = [];
	const sandboxRequire = (name: string): unknown => {
		required.push(name);
		const normalized = name.replace(/^node:/, '');
		if (ALLOWED_MODULES.includes(normalized)) return require(normalized);
		if (name.startsWith('@rocket.chat/apps-engine/')) return require(path.join(ROOT, 'node_modules', '@rocket.chat', definitions, name.slice('@rocket.chat/apps-engine/'.length)));
		throw new Error(`Module ${name} is not allowed`);
	};
	const module = { exports: {} as Record<string, unknown> };
	const quiet = { log: () => undefined, error: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined };
	new Function('exports', 'module', 'require', 'console', 'globalThis', code)(module.exports, module, sandboxRequire, quiet, undefined);
	return { exports: module.exports, required };
}

/** A configuration that records what the app declares. Reading the environment fails, as at a first install. */
function recordingConfiguration() {
	const declared = { settings: [] as string[], commands: [] as string[], endpoints: [] as string[], processors: [] as string[] };
	const configuration = {
		settings: { provideSetting: async (s: { id: string }) => void declared.settings.push(s.id) },
		slashCommands: { provideSlashCommand: async (c: { command: string }) => void declared.commands.push(c.command) },
		api: { provideApi: async (a: { endpoints: Array<{ path: string }> }) => void declared.endpoints.push(...a.endpoints.map((e) => e.path)) },
		scheduler: { registerProcessors: async (ps: Array<{ id: string }>) => void declared.processors.push(...ps.map((p) => p.id)) },
	};
	const environment = new Proxy({}, { get: () => () => new Proxy({}, { get: () => async () => Promise.reject(new Error('not configured yet')) }) });
	return { declared, configuration, environment };
}

describe('the bundle on a Node runtime (Rocket.Chat 8.9+) as on Deno', () => {
	it('takes only globals both runtimes give it', () => {
		const free = freeIdentifiers(bundle());
		const outside = [...free].filter((g) => !ALLOWED_GLOBALS.has(g) && !COMMONJS.includes(g) && !GUARDED.includes(g));
		expect(outside).toEqual([]);
		for (const name of GUARDED.filter((g) => free.has(g))) expect(bundle()).toContain(`typeof ${name}!="undefined"`);
		for (const forbidden of ['Deno', 'process', 'globalThis', 'fetch', 'window', 'self']) expect(free.has(forbidden)).toBe(false);
		expect(bundle()).not.toMatch(/\bDeno\s*\./);
	});

	it('the scan finds a global outside the list, so it can fail', () => {
		const free = freeIdentifiers('const { x } = require("y"); function f(a) { return a + Deno.env.get("X") + process.pid + fetch + globalThis; } module.exports = { f, g: setTimeout };');
		expect([...free].filter((g) => !COMMONJS.includes(g)).sort()).toEqual(['Deno', 'fetch', 'globalThis', 'process', 'setTimeout']);
	});

	it('every allowed global exists in Node and in Deno 2 (and Deno 1.46 when installed)', () => {
		const g = globalThis as Record<string, unknown>;
		expect([...ALLOWED_GLOBALS].filter((name) => name !== 'undefined' && g[name] === undefined)).toEqual([]);
		const missingIn = (deno: string): string[] =>
			JSON.parse(
				execFileSync(deno, ['eval', `console.log(JSON.stringify(${JSON.stringify([...ALLOWED_GLOBALS])}.filter((n) => n !== 'undefined' && (globalThis)[n] === undefined)))`], {
					encoding: 'utf8',
					env: { ...process.env, NO_COLOR: '1' },
				}),
			);
		// The Deno runtime passes the app a Buffer of its own (it is no global before Deno 2).
		expect(missingIn(path.join(ROOT, 'node_modules', '.bin', 'deno'))).toEqual([]);
		const engines = path.join(ROOT, '.engines');
		const deno1 = fs.existsSync(engines) ? fs.readdirSync(engines).find((d) => d.startsWith('deno-1.')) : undefined;
		if (deno1) expect(missingIn(path.join(engines, deno1, 'node_modules', '.bin', 'deno'))).toEqual(['Buffer']);
	});

	it.each(['apps-engine', 'apps-engine-1.66'])('loads in plain Node against the %s definitions and declares everything', async (definitions) => {
		const { exports, required } = loadAsRuntime(bundle(), definitions);
		expect(required.filter((r) => !r.startsWith('@rocket.chat/apps-engine/') && !ALLOWED_MODULES.includes(r))).toEqual([]);
		const AppClass = Object.values(exports)[0] as new (info: unknown, logger: unknown, accessors: unknown) => Record<string, (...a: unknown[]) => unknown>;
		expect(typeof AppClass).toBe('function');
		const logger = new Proxy({}, { get: () => () => undefined });
		const app = new AppClass({ ...manifest, author: {} }, logger, {});
		// What the runtimes check after constructing (construct.ts)
		for (const method of ['getName', 'getNameSlug', 'getVersion', 'getID', 'getDescription', 'getRequiredApiVersion']) expect(typeof app[method]).toBe('function');
		expect([app.getID(), app.getVersion()]).toEqual([manifest.id, manifest.version]);
		const { declared, configuration, environment } = recordingConfiguration();
		await app.extendConfiguration(configuration, environment);
		expect(declared.commands.sort()).toEqual(['contact-delete', 'inbox-bridge', 'lead', 'lead-close', 'st']);
		expect(declared.settings.length).toBeGreaterThan(10);
		expect(declared.endpoints.length).toBe(2);
		expect(declared.processors.length).toBeGreaterThan(0);
	});
});
