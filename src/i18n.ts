import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import en from '../i18n/en.json';
import es from '../i18n/es.json';
import ptBR from '../i18n/pt-BR.json';

/** Every message key; `en.json` is the reference catalogue, the others may lag and fall back to it. */
export type MessageKey = keyof typeof en;
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

/** The user's chosen Rocket.Chat language, as the server stores it. */
export function userLocale(user: IUser | undefined): Locale {
	const prefs = user?.settings?.preferences as { language?: unknown } | undefined;
	return localeOf(typeof prefs?.language === 'string' ? prefs.language : undefined);
}

/** Translates `key`, filling `{name}` placeholders; unknown placeholders stay visible. */
export function t(key: MessageKey, params: Params = {}, locale: Locale = 'en'): string {
	const template = catalogues[locale][key] ?? en[key];
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one locale, handed to code that builds replies. */
export type Translator = (key: MessageKey, params?: Params) => string;
export const translator = (locale: Locale): Translator => (key, params) => t(key, params, locale);
