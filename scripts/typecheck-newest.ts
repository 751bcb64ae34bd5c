/**
 * Part of `npm run typecheck`: what ships (InboxBridgeApp.ts, commands/, src/) type-checked against the
 * newest Apps-Engine definitions on npm (tsconfig.newest.json: 1.66.0 and the ui-kit 1.1 they were built
 * with, installed under aliases), so an API a newer engine changed or removed fails the check.
 *
 * Plain `tsc -p tsconfig.newest.json` is not enough: when a `paths` target lacks a module, TypeScript
 * quietly falls back to node_modules, i.e. to the 1.62.0 package the sandbox needs. An import of
 * something 1.66 no longer ships (`server/`, `lib/`) would then pass, and so would everything if the
 * alias were missing. So this also resolves every import of the app's own files and refuses any that
 * lands in the older packages.
 */
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
export const NEWEST_CONFIG = path.join(ROOT, 'tsconfig.newest.json');
export const MAIN_CONFIG = path.join(ROOT, 'tsconfig.app.json');

/** The packages the newest check must never read: the ones `paths` replaces with their newer aliases. */
const REPLACED = ['@rocket.chat/apps-engine', '@rocket.chat/ui-kit'].map((p) => `${path.join(ROOT, 'node_modules', p)}${path.sep}`);

/** A file that exists only in memory, to probe what a config accepts (tests). */
export interface Probe {
	fileName: string;
	text: string;
}

export interface CheckResult {
	/** One line per problem, `file(line,col): message`, relative to the repository. */
	errors: string[];
	/** Every file the program read (for the tests: which definitions it really used). */
	files: string[];
}

function where(file: string, text: string, pos: number): string {
	const before = text.slice(0, pos).split('\n');
	return `${path.relative(ROOT, file)}(${before.length},${before[before.length - 1].length + 1})`;
}

/**
 * Type-checks `configPath`'s program (or only `probes`, when given) and, for the newest config,
 * refuses imports that resolve to a package `paths` replaces.
 */
export function check(configPath: string, probes: Probe[] = []): CheckResult {
	const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
		...ts.sys,
		onUnRecoverableConfigFileDiagnostic: (d) => {
			throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
		},
	});
	if (!parsed) throw new Error(`cannot read ${configPath}`);
	const virtual = new Map(probes.map((p) => [path.resolve(p.fileName), p.text]));
	const host = ts.createCompilerHost(parsed.options);
	const { getSourceFile, fileExists, readFile } = host;
	host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists.call(host, f);
	host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile.call(host, f);
	host.getSourceFile = (f, lang, ...rest) => {
		const text = virtual.get(path.resolve(f));
		return text === undefined ? getSourceFile.call(host, f, lang, ...rest) : ts.createSourceFile(f, text, lang);
	};
	const rootNames = probes.length > 0 ? [...virtual.keys()] : parsed.fileNames;
	const program = ts.createProgram({ rootNames, options: parsed.options, host });

	const errors = ts.getPreEmitDiagnostics(program).map((d) => {
		const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
		return d.file && d.start !== undefined ? `${where(d.file.fileName, d.file.text, d.start)}: ${message}` : message;
	});
	if (configPath === NEWEST_CONFIG) {
		for (const file of rootNames) {
			const text = host.readFile(file) ?? '';
			for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
				const resolved = ts.resolveModuleName(ref.fileName, file, parsed.options, host).resolvedModule?.resolvedFileName;
				if (resolved && REPLACED.some((old) => resolved.startsWith(old))) {
					errors.push(`${where(file, text, ref.pos)}: '${ref.fileName}' is not in the newest definitions (it resolved to ${path.relative(ROOT, resolved)})`);
				}
			}
		}
	}
	return { errors, files: program.getSourceFiles().map((f) => f.fileName) };
}

if (require.main === module) {
	const { errors } = check(NEWEST_CONFIG);
	for (const e of errors) console.error(e);
	if (errors.length > 0) {
		console.error(`typecheck-newest: ${errors.length} problem(s) against the newest Apps-Engine definitions (tsconfig.newest.json)`);
		process.exit(1);
	}
}
