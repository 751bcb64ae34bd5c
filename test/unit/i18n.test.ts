import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localeOf, type MessageKey, savedText, shownText, t, translator } from '../../src/i18n';

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

describe('plurals', () => {
	const ones = enKeys.filter((k) => k.endsWith('_one'));

	it('every `<key>_one` has its `<key>` (the other form), and says something else', () => {
		expect(ones.length).toBeGreaterThan(5);
		for (const one of ones) {
			const base = one.slice(0, -'_one'.length);
			expect({ one, base: base in en }).toEqual({ one, base: true });
			expect({ one, same: en[one] === en[base] }).toEqual({ one, same: false });
			// the singular may say "1" or "the" instead of {count}, and nothing the other form lacks
			expect({ one, extra: placeholders(en[one]).filter((p) => !placeholders(en[base]).includes(p)) }).toEqual({ one, extra: [] });
		}
	});

	it('picks the form by the locale’s plural rules', () => {
		expect(t('audit_title', { count: 1 })).toBe('*Audit* — the last entry');
		expect(t('audit_title', { count: 2 })).toBe('*Audit* — last 2 entries');
		expect(t('audit_title', { count: 0 })).toBe('*Audit* — last 0 entries');
		expect(t('audit_title', { count: 1 }, 'pt-BR')).toBe('*Auditoria* — último registro');
		expect(t('audit_title', { count: 3 }, 'pt-BR')).toBe('*Auditoria* — últimos 3 registros');
		expect(t('audit_title', { count: 1 }, 'es')).toBe('*Auditoría* — último registro');
		expect(t('failure_not_found', { vendor: 'BotPenguin', message: 'm', count: 2 }, 'es')).toBe('BotPenguin no los encontró: m');
		expect(t('failure_not_found', { vendor: 'BotPenguin', message: 'm', count: 1 }, 'es')).toBe('BotPenguin no lo encontró: m');
		// a key without a singular form is the same whatever the count
		expect(t('st_board_as_of', { time: 'x', count: 1 })).toBe(t('st_board_as_of', { time: 'x' }));
	});
});

describe('sentences kept in records', () => {
	const pt = translator('pt-BR');
	const en = translator('en');

	it('are kept as a code and shown in the reader’s language', () => {
		const stored = savedText('lead_label', { uuid: 'u-1' });
		expect(stored).not.toMatch(/Lead u-1/);
		expect(shownText(en, stored)).toBe('Lead u-1');
		expect(shownText(pt, savedText('st_cb_label'))).toBe('Status no Callbell');
		expect(shownText(en, savedText('st_cb_label'))).toBe('Callbell status');
	});

	it('show anything else as it is: text an older version stored, an id, a damaged or unknown code', () => {
		for (const stored of ['Status no Callbell', '@bob', '/st team', 'i18n:', 'i18n:{', 'i18n:["no_such_key",{}]', 'i18n:["lead_label","x"]', 'i18n:["__proto__",{}]', `i18n:${'x'.repeat(3000)}`]) {
			expect(shownText(en, stored)).toBe(stored);
		}
		// only strings and numbers reach the sentence
		expect(shownText(en, 'i18n:["lead_label",{"uuid":{"a":1}}]')).toBe('Lead {uuid}');
	});
});

describe('texts only Rocket.Chat shows', () => {
	it('are no message key: the bundle leaves them out (scripts/i18n-table.mjs), so the app cannot translate them itself', () => {
		// @ts-expect-error a setting's label is read by Rocket.Chat from the package's i18n/ files
		const label: MessageKey = 'setting_api_secret_label';
		// @ts-expect-error a setting's description
		const description: MessageKey = 'setting_callbell_api_token_description';
		// @ts-expect-error a command's description
		const command: MessageKey = 'cmd_st_description';
		// @ts-expect-error a command's parameters
		const params: MessageKey = 'lead_cmd_params';
		// every one of them is still in the catalogue, for Rocket.Chat
		for (const key of [label, description, command, params]) expect(typeof en[key]).toBe('string');
	});
});
