import fs from 'node:fs';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { type Demo, startDemo } from '../../sandbox/demo';
import { defaultZipPath, ROOT } from '../../sandbox/host/host';

/**
 * What `npm run build` leaves out of the package to keep it small (scripts/build.mjs), and what it
 * must keep: the translations Rocket.Chat reads, and readable names in the minified bundle.
 */
const zip = new AdmZip(defaultZipPath());
const LOCALES = ['en', 'es', 'pt-BR'];
const packaged = (locale: string) => JSON.parse(zip.readAsText(`i18n/${locale}.json`)) as Record<string, string>;
const source = (locale: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'i18n', `${locale}.json`), 'utf8')) as Record<string, string>;

let demo: Demo;
beforeAll(async () => {
	demo = await startDemo({ timers: 'manual' });
});
afterEach(() => demo.host.assertNoErrors());
afterAll(() => demo.stop());

describe('the package', () => {
	it("ships in i18n/ exactly the keys Rocket.Chat reads: every installed setting's and command's texts, in every locale", () => {
		const read = new Set<string>();
		for (const s of demo.host.settings()) {
			[s.i18nLabel, s.i18nDescription, s.i18nPlaceholder, s.i18nAlert, ...(s.values ?? []).map((v) => v.i18nLabel)].forEach((k) => k && read.add(k));
		}
		for (const { command } of demo.host.bridges.commands.values()) [command.i18nDescription, command.i18nParamsExample].forEach((k) => k && read.add(k));
		expect(read.size).toBeGreaterThan(20);
		for (const locale of LOCALES) {
			const keys = Object.keys(packaged(locale)).sort();
			expect(keys).toEqual([...read].sort());
			for (const key of keys) expect(packaged(locale)[key]).toBe(source(locale)[key]);
		}
	});

	it("still carries the app's own replies in the bundle, translated", async () => {
		for (const [user, locale] of [['alice', 'en'], ['bob', 'pt-BR'], ['carol', 'es']]) {
			expect(packaged(locale)).not.toHaveProperty('help_text');
			const reply = await demo.host.as(user).run('/inbox-bridge help');
			expect(reply.text).toBe(source(locale).help_text);
		}
	});

	it('carries in the bundle every key the app translates and none of the texts only Rocket.Chat shows', () => {
		const bundle = zip.readAsText('InboxBridgeApp.js');
		const serverRead = new Set(Object.keys(packaged('en')));
		const own = Object.keys(source('en')).filter((k) => !serverRead.has(k));
		expect(own.length).toBeGreaterThan(300);
		expect(own.filter((k) => !bundle.includes(JSON.stringify(k)))).toEqual([]);
		for (const locale of LOCALES) {
			expect([...serverRead].filter((k) => bundle.includes(JSON.stringify(source(locale)[k])))).toEqual([]);
		}
	});

	it('is minified, with function names kept: the caller the engine logs for each app log line is a function of the source', () => {
		const bundle = zip.readAsText('InboxBridgeApp.js');
		// minified: lines thousands of characters long (the few line breaks left are inside template strings)
		expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(2000);
		const sources = [path.join(ROOT, 'InboxBridgeApp.ts'), ...listTs(path.join(ROOT, 'src')), ...listTs(path.join(ROOT, 'commands'))].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
		// the lines the app itself logs while being configured (onEnable, onSettingUpdated: not debug, which the engine also writes)
		const callers = demo.world.logs
			.filter((l) => l.appId === demo.host.appId && /^app:on(Enable|SettingUpdated)$/.test(String(l.method)))
			.flatMap((l) => l.entries ?? [])
			.filter((e) => e.severity !== 'debug')
			.map((e) => /-> (\S+)$/.exec(String(e.caller))?.[1] ?? String(e.caller));
		expect(callers.length).toBeGreaterThan(0);
		for (const name of new Set(callers)) expect([name, new RegExp(`(function|async|class) ${name}\\b|\\b${name}\\(`).test(sources)]).toEqual([name, true]);
	});
});

function listTs(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listTs(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}
