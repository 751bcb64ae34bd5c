import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import en from '../i18n/en.json';
import es from '../i18n/es.json';
import ptBR from '../i18n/pt-BR.json';

/**
 * Texts only Rocket.Chat shows (each setting's label and description, each command's description and
 * parameters): the package's i18n/ files carry them and the bundle does not (scripts/i18n-table.mjs,
 * SERVER_ONLY, names the same keys), so they are no key the app can translate itself.
 */
type ServerOnlyKey = `setting_${string}` | `cmd_${string}` | `${string}_cmd_${string}`;

/** Every message key; `en.json` is the reference catalogue, the others may lag and fall back to it. */
export type MessageKey = Exclude<keyof typeof en, ServerOnlyKey>;
export type Locale = 'en' | 'pt-BR' | 'es';
export type Params = Record<string, string | number>;

const catalogues: Record<Locale, Partial<Record<MessageKey, string>>> = { en, 'pt-BR': ptBR, es };

/** Picks the catalogue for a Rocket.Chat language code (`pt-BR`, `pt`, `es-MX`, `en`, …). */
export function localeOf(language: string | undefined): Locale {
	const lang = (language ?? '').toLowerCase();
	if (lang.startsWith('pt')) return 'pt-BR';
	if (lang.startsWith('es')) return 'es';
	return 'en';
}

/** The server's language (its `Language` setting), for what the app says where no one person reads it (a room). */
export async function serverLocale(read: IRead): Promise<Locale> {
	try {
		return localeOf(String((await read.getEnvironmentReader().getServerSettings().getValueById('Language')) ?? ''));
	} catch {
		return 'en';
	}
}

/** The user's chosen Rocket.Chat language, as the server stores it. */
export function userLocale(user: IUser | undefined): Locale {
	const prefs = user?.settings?.preferences as { language?: unknown } | undefined;
	return localeOf(typeof prefs?.language === 'string' ? prefs.language : undefined);
}

/**
 * Translates `key`, filling `{name}` placeholders; unknown placeholders stay visible.
 * Plurals: when `params.count` is a number and the catalogue has `<key>_one`, the locale's plural
 * rules pick it for counts in their "one" category (`1 entry`; in Portuguese also 0); `<key>` itself
 * is the other form (`2 entries`).
 */
export function t(key: MessageKey, params: Params = {}, locale: Locale = 'en'): string {
	const chosen = typeof params.count === 'number' ? pluralOf(key, params.count, locale) : key;
	const template = catalogues[locale][chosen] ?? en[chosen];
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralOf(key: MessageKey, count: number, locale: Locale): MessageKey {
	const one = `${key}_one`;
	if (!(one in en)) return key;
	let rules = pluralRules.get(locale);
	if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
	return rules.select(count) === 'one' ? (one as MessageKey) : key;
}

/** A translator bound to one locale, handed to code that builds replies. */
export type Translator = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translator => (key, params) => t(key, params, locale);

/**
 * A sentence kept in a record (an outbox item's label, an audit entry's object) as its key and
 * params, so it is shown in the language of whoever reads it later, never in the language of whoever
 * wrote it. `shownText` turns it back into words; anything else (text an older version stored, an id,
 * `@bob`) is shown as it is.
 */
const SAVED = 'i18n:';
export const savedText = (key: MessageKey, params: Params = {}): string => `${SAVED}${JSON.stringify([key, params])}`;

export function shownText(tr: Translator, stored: string): string {
	if (!stored.startsWith(SAVED) || stored.length > 2000) return stored;
	try {
		const [key, params] = JSON.parse(stored.slice(SAVED.length)) as unknown[];
		if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(en, key) || typeof params !== 'object' || params === null || Array.isArray(params)) return stored;
		const clean: Params = {};
		for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') clean[name] = value;
		return tr(key as MessageKey, clean);
	} catch {
		return stored;
	}
}
