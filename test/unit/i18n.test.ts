import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localeOf, t } from '../../src/i18n';

type Catalogue = Record<string, unknown>;

const dir = join(__dirname, '..', '..', 'i18n');
const raw = (file: string): string => readFileSync(join(dir, file), 'utf8');
const en = JSON.parse(raw('en.json')) as Record<string, string>;
const enKeys = Object.keys(en);

/** `{name}` parameters, read the same way `t()` fills them. */
const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** Backtick spans that are commands (`/st busy`) or setting / field ids (`callbell_api_token`). */
const codeSpans = (s: string): string[] =>
	[...new Set([...s.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).filter((c) => c.startsWith('/') || (c.includes('_') && !/\s/.test(c))))].sort();

const wordCount = (s: string): number => s.trim().split(/\s+/).filter(Boolean).length;

describe.each([
	['pt-BR', 'pt-BR.json'],
	['es', 'es.json'],
])('%s catalogue', (_locale, file) => {
	const text = raw(file);
	const catalogue = JSON.parse(text) as Catalogue;

	it('has exactly the keys of en.json, in the same order', () => {
		expect(Object.keys(catalogue).sort()).toEqual([...enKeys].sort());
		expect(Object.keys(catalogue)).toEqual(enKeys);
	});

	it('is 2-space indented JSON ending with a newline', () => {
		expect(text).toBe(`${JSON.stringify(catalogue, null, 2)}\n`);
	});

	it('has a non-empty string for every key', () => {
		const bad = enKeys.filter((k) => typeof catalogue[k] !== 'string' || (catalogue[k] as string).trim() === '');
		expect(bad).toEqual([]);
	});

	it('keeps the {placeholders} of every English value', () => {
		const mismatched = enKeys
			.filter((k) => typeof catalogue[k] === 'string')
			.map((k) => ({ key: k, en: placeholders(en[k]), translated: placeholders(catalogue[k] as string) }))
			.filter((r) => r.en.join(',') !== r.translated.join(','));
		expect(mismatched).toEqual([]);
	});

	it('keeps command and setting-id code spans untranslated', () => {
		const lost = enKeys
			.filter((k) => typeof catalogue[k] === 'string')
			.map((k) => {
				const kept = new Set(codeSpans(catalogue[k] as string));
				return { key: k, missing: codeSpans(en[k]).filter((c) => !kept.has(c)) };
			})
			.filter((r) => r.missing.length > 0);
		expect(lost).toEqual([]);
	});

	it('is actually translated, not a copy of English', () => {
		const sentences = enKeys.filter((k) => wordCount(en[k]) > 3);
		const translated = sentences.filter((k) => typeof catalogue[k] === 'string' && catalogue[k] !== en[k]);
		expect(sentences.length).toBeGreaterThan(50);
		expect(translated.length / sentences.length).toBeGreaterThanOrEqual(0.8);
		for (const k of ['help_text', 'st_help', 'cmd_st_description', 'setting_callbell_api_token_description', 'lead_usage']) {
			expect({ key: k, value: catalogue[k] }).not.toEqual({ key: k, value: en[k] });
		}
	});
});

describe('src/i18n', () => {
	it('t() uses the requested catalogue', () => {
		const english = t('help_text');
		expect(english).toBe(en.help_text);
		expect(t('help_text', {}, 'es')).not.toBe(english);
		expect(t('help_text', {}, 'pt-BR')).not.toBe(english);
	});

	it('t() fills known placeholders', () => {
		expect(t('failure_not_found', { vendor: 'Callbell', message: 'no such user' }, 'es')).toMatch(/^Callbell .*no such user$/);
	});

	it('t() leaves an unknown placeholder visible', () => {
		const out = t('failure_not_found', { vendor: 'Callbell' }, 'pt-BR');
		expect(out).toContain('Callbell');
		expect(out).toContain('{message}');
		expect(t('failure_not_found', { vendor: 'BotPenguin' })).toBe(en.failure_not_found.replace('{vendor}', 'BotPenguin'));
	});

	it.each([
		['pt', 'pt-BR'],
		['pt-BR', 'pt-BR'],
		['es-MX', 'es'],
		['es', 'es'],
		['fr', 'en'],
		['en', 'en'],
		[undefined, 'en'],
	])('localeOf(%p) is %p', (language, locale) => {
		expect(localeOf(language)).toBe(locale);
	});
});
