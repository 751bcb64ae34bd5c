import AdmZip from 'adm-zip';
import { type Options, parse } from 'acorn';
import acornPackage from 'acorn/package.json';
import { defaultZipPath } from '../../sandbox/host/host';

/**
 * Apps-Engine runtimes before 1.55 (Rocket.Chat 7.0–7.9) re-parse the app's bundle with acorn 8.10
 * at ES2017 whenever it contains `.usernames`, `.isOnline(` or `.createToken(`
 * (deno-runtime/lib/ast/mod.ts), and refuse to install it when that fails. Whatever the code says
 * tomorrow, the bundle must parse there: these are that parser's version and options.
 */
const ENGINE_ACORN_OPTIONS: Options = {
	ecmaVersion: 2017,
	allowReserved: true,
	allowReturnOutsideFunction: true,
	allowImportExportEverywhere: true,
	allowAwaitOutsideFunction: true,
	allowSuperOutsideMethod: true,
};

describe('the bundle parses as ES2017, as engines before 1.55 parse it', () => {
	it('uses the acorn those engines use', () => {
		expect(acornPackage.version).toBe('8.10.0');
	});

	it('the packaged class file parses', () => {
		const bundle = new AdmZip(defaultZipPath()).readAsText('InboxBridgeApp.js');
		expect(bundle.length).toBeGreaterThan(10_000);
		expect(() => parse(bundle, ENGINE_ACORN_OPTIONS)).not.toThrow();
	});

	it.each([
		['nullish coalescing', 'const a = b ?? c;'],
		['optional chaining', 'const a = b?.c;'],
		['object spread', 'const a = { ...b };'],
		['optional catch binding', 'try { f(); } catch { g(); }'],
		['class fields', 'class A { x = 1; }'],
	])('that parser refuses %s (ES2018+), so the check above can fail', (_name, code) => {
		expect(() => parse(code, ENGINE_ACORN_OPTIONS)).toThrow(/Unexpected token|Unexpected character/);
	});
});
