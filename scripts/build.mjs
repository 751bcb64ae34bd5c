#!/usr/bin/env node
// `npm run build`: type-check the app (strict), bundle the App class file into one CommonJS file
// (zod inside, the Apps-Engine external: Rocket.Chat provides it; minified), compute app.json `implements`
// from the built class, and zip app.json + bundle + icon.png + the i18n/ keys Rocket.Chat reads into dist/.
// Works offline.
//
// Why not `rc-apps package`: apps-compiler 0.1.7 (behind apps-cli 1.9.0, the only release) evaluates
// the class with a `require` that returns undefined for any npm module (zod), and compiles and ships
// every .ts under the folder, tests included.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import * as esbuild from 'esbuild';
import { i18nTablePlugin } from './i18n-table.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const started = Date.now();
const args = new Set(process.argv.slice(2));

if (!args.has('--no-check')) {
	execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.app.json')], { stdio: 'inherit' });
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
const classBase = path.basename(manifest.classFile, '.ts');
const outDir = path.join(root, 'dist', 'build');
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const bundlePath = path.join(outDir, `${classBase}.js`);

await esbuild.build({
	entryPoints: [path.join(root, manifest.classFile)],
	outfile: bundlePath,
	bundle: true,
	format: 'cjs',
	platform: 'node',
	// Engines before 1.55 re-parse some bundles with acorn at ES2017 (platform-facts): no newer syntax.
	target: 'es2017',
	external: ['@rocket.chat/apps-engine', '@rocket.chat/apps-engine/*'],
	legalComments: 'none',
	// Minified: the package is what every server downloads and what the runtime parses on each start.
	// Names are kept (function and class `.name`), so stack traces and the caller the engine's logger
	// records for each app log line still say which function it was.
	minify: true,
	keepNames: true,
	// The translations once, as one table, without the texts only Rocket.Chat shows (scripts/i18n-table.mjs).
	plugins: [i18nTablePlugin(path.join(root, 'i18n'))],
	logLevel: 'warning',
});

// `implements` is derived, never kept by hand: the engine dispatches events only to apps that list them.
// Handlers are found on an instance: the App's own methods and the handlers it makes per instance
// (closures over the App, src/context.ts) alike.
export function computeImplements(appClass, manifest) {
	const { AppInterface } = require('@rocket.chat/apps-engine/definition/metadata/AppInterface');
	const { App } = require('@rocket.chat/apps-engine/definition/App');
	const known = new Set(/** @type {string[]} */ (Object.values(AppInterface)));
	const uikit = {
		executeBlockActionHandler: 'IUIKitInteractionHandler',
		executeViewSubmitHandler: 'IUIKitInteractionHandler',
		executeViewClosedHandler: 'IUIKitInteractionHandler',
		executeActionButtonHandler: 'IUIKitInteractionHandler',
		executeLivechatBlockActionHandler: 'IUIKitLivechatInteractionHandler',
	};
	const instance = newInstance(appClass, manifest);
	const names = new Set(Object.getOwnPropertyNames(instance));
	for (let proto = appClass.prototype; proto && proto !== App.prototype; proto = Object.getPrototypeOf(proto)) {
		for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
	}
	const found = new Set();
	for (const name of names) {
		if (typeof instance[name] !== 'function') continue;
		if (Object.hasOwn(uikit, name)) found.add(uikit[name]);
		const m = /^(execute|check)(.+)$/.exec(name);
		if (m && known.has(`I${m[2]}`)) found.add(`I${m[2]}`);
	}
	return [...found].sort();
}

/** The App class constructed as the engine does, with a logger and accessors that do nothing. */
function newInstance(appClass, manifest) {
	const logger = new Proxy({}, { get: () => () => undefined });
	return new appClass({ ...manifest, author: manifest.author ?? {} }, logger, {});
}

/**
 * The translation keys Rocket.Chat itself reads from the package's i18n/ files: each setting's label,
 * description, placeholder, alert and option labels, each slash command's description and parameters.
 * Found by running the class's extendConfiguration against a recording configuration, so a new setting
 * or command is never left out. Everything else the app translates itself, from the bundle.
 */
export async function keysRocketChatReads(appClass, manifest) {
	const keys = new Set();
	const add = (key) => typeof key === 'string' && key !== '' && keys.add(key);
	const ignore = new Proxy({}, { get: () => async () => undefined });
	const handlers = {
		settings: {
			provideSetting: async (s) => {
				[s.i18nLabel, s.i18nDescription, s.i18nPlaceholder, s.i18nAlert].forEach(add);
				(s.values ?? []).forEach((v) => add(v.i18nLabel));
			},
		},
		slashCommands: {
			provideSlashCommand: async (c) => [c.i18nDescription, c.i18nParamsExample].forEach(add),
		},
	};
	const configuration = new Proxy({}, { get: (_, area) => (Object.hasOwn(handlers, area) ? new Proxy(handlers[area], { get: (h, m) => h[m] ?? (async () => undefined) }) : ignore) });
	// Nothing is configured yet at build time: any read of the environment fails, as on a first install.
	const environment = new Proxy({}, { get: () => () => new Proxy({}, { get: () => async () => { throw new Error('not available at build time'); } }) });
	const app = newInstance(appClass, manifest);
	await app.extendConfiguration(configuration, environment);
	return [...keys].sort();
}

const exported = require(bundlePath);
const appClass = Object.values(exported)[0];
if (Object.keys(exported).length !== 1 || typeof appClass !== 'function') {
	throw new Error(`${manifest.classFile} must export exactly one thing, the App class (found: ${Object.keys(exported).join(', ')})`);
}
const packaged = { ...manifest, implements: computeImplements(appClass, manifest) };
const serverKeys = await keysRocketChatReads(appClass, manifest);

const zip = new AdmZip();
zip.addFile('app.json', Buffer.from(JSON.stringify(packaged, null, 2)));
zip.addFile(`${classBase}.js`, fs.readFileSync(bundlePath));
zip.addFile(manifest.iconFile, fs.readFileSync(path.join(root, manifest.iconFile)));
// The i18n/ files hold only what Rocket.Chat reads (see keysRocketChatReads): the bundle already carries
// every translation the app uses itself, and shipping them twice was a third of the package.
for (const file of fs.readdirSync(path.join(root, 'i18n')).filter((f) => f.endsWith('.json')).sort()) {
	const all = JSON.parse(fs.readFileSync(path.join(root, 'i18n', file), 'utf8'));
	const missing = serverKeys.filter((k) => !Object.hasOwn(all, k));
	if (file === 'en.json' && missing.length > 0) throw new Error(`i18n/en.json lacks keys Rocket.Chat reads: ${missing.join(', ')}`);
	const read = Object.fromEntries(serverKeys.filter((k) => Object.hasOwn(all, k)).map((k) => [k, all[k]]));
	zip.addFile(`i18n/${file}`, Buffer.from(JSON.stringify(read)));
}
const zipPath = path.join(root, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
zip.writeZip(zipPath);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(
	`built ${path.relative(root, zipPath)}: ${kb(fs.statSync(zipPath).size)} zipped, bundle ${kb(fs.statSync(bundlePath).size)}, ` +
		`implements [${packaged.implements.join(', ')}] in ${Date.now() - started} ms`,
);
