// The translations as the bundle carries them (an esbuild plugin for scripts/build.mjs). i18n/*.json stay
// the one home of every string; what src/i18n.ts imports from them is, in the bundle, one table built here
// at build time: each key once, and each language's texts in that order (a language that keeps the English
// text stores 0), instead of three catalogues that each repeat all the keys. Texts only Rocket.Chat
// shows (SERVER_ONLY) are left out: the package's i18n/ files carry them, and src/i18n.ts's MessageKey
// excludes the same names, so the app cannot ask for one itself.
import fs from 'node:fs';
import path from 'node:path';

/** Settings' labels and descriptions, commands' descriptions and parameters: the same names as `ServerOnlyKey` in src/i18n.ts. */
export const SERVER_ONLY = /^setting_|(^|_)cmd_/;

const NAMESPACE = 'i18n-table';
const TABLE = 'i18n-table:all';

/**
 * @param {string} dir the i18n/ folder
 * @returns {{ locales: string[], keys: string[], texts: Array<Array<string | 0>> }} every language (en first),
 *   the keys the bundle carries, and per language its text for each key (0: the English text)
 */
export function compactTable(dir) {
	const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
	const locales = ['en', ...files.map((f) => f.slice(0, -'.json'.length)).filter((l) => l !== 'en').sort()];
	/** @type {Array<Record<string, unknown>>} */
	const catalogues = locales.map((l) => JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8')));
	const [en] = catalogues;
	const keys = Object.keys(en).filter((k) => !SERVER_ONLY.test(k));
	const bad = keys.filter((k) => typeof en[k] !== 'string');
	if (bad.length > 0) throw new Error(`i18n/en.json: not a string: ${bad.join(', ')}`);
	// A column per language, not a row per key: the texts of one language side by side compress better.
	const texts = catalogues.map((c, i) => keys.map((k) => (i > 0 && (typeof c[k] !== 'string' || c[k] === en[k]) ? 0 : /** @type {string} */ (c[k]))));
	return { locales, keys, texts };
}

/**
 * `import en from '../i18n/en.json'` (any language) becomes that language's catalogue, read out of the one table.
 * @param {string} dir the i18n/ folder
 * @returns {import('esbuild').Plugin}
 */
export function i18nTablePlugin(dir) {
	return {
		name: 'i18n-table',
		setup(build) {
			build.onResolve({ filter: /\.json$/ }, (args) => {
				const file = path.resolve(args.resolveDir, args.path);
				return path.dirname(file) === dir ? { path: path.basename(file, '.json'), namespace: NAMESPACE } : undefined;
			});
			build.onResolve({ filter: new RegExp(`^${TABLE}$`) }, () => ({ path: TABLE, namespace: NAMESPACE }));
			build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
				const { locales, keys, texts } = compactTable(dir);
				if (args.path === TABLE) {
					// Language i's catalogue: its own texts, English where it stores 0 (en, language 0, stores them all).
					const contents = `const k = ${JSON.stringify(keys)}, v = ${JSON.stringify(texts)};
export function catalogue(i) { const c = {}; k.forEach((key, j) => { c[key] = v[i][j] || v[0][j]; }); return c; }`;
					return { contents, loader: 'js', watchFiles: locales.map((l) => path.join(dir, `${l}.json`)) };
				}
				const index = locales.indexOf(args.path);
				if (index < 0) throw new Error(`i18n/${args.path}.json is not a language of i18n/`);
				return { contents: `import { catalogue } from '${TABLE}';\nexport default catalogue(${index});`, loader: 'js', resolveDir: dir };
			});
		},
	};
}
