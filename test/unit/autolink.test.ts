import { parse } from '@rocket.chat/message-parser';
import en from '../../i18n/en.json';
import { HEALTH_CHECKS } from '../../src/health';
import { type Locale, type MessageKey, t, translator } from '../../src/i18n';
import { describeFailure } from '../../src/ui/failures';
import type { VendorFailure } from '../../src/vendors/errors';

/**
 * Rocket.Chat's clients render a message through `@rocket.chat/message-parser`, which turns a word
 * with a top-level domain's ending into a link: `Rocket.Chat` becomes a link to http://Rocket.Chat in
 * every reply that names it bare. Every sentence the app sends as a message is parsed here with that
 * parser (the version Rocket.Chat 8 ships), and no product name may come out as a link.
 *
 * Not sent as messages, so not parsed by it: setting labels and descriptions (the admin page renders
 * them with its own markdown renderer, which links only URLs), slash-command hints (plain text), the
 * `/st` keywords, and the note the app writes into BotPenguin.
 */

const PRODUCTS = ['Rocket.Chat', 'Callbell', 'BotPenguin', 'Omnichannel', 'Inbox Bridge'];
const NOT_MESSAGES = (key: string) => key.startsWith('setting_') || key.startsWith('cmd_') || key.startsWith('st_kw_') || key === 'lead_room_closed_note';
const LOCALES: Locale[] = ['en', 'pt-BR', 'es'];

type Node = { type?: string; value?: unknown; label?: unknown };

/** The visible text of every LINK node the parser found. */
function linkedTexts(text: string): string[] {
	const found: string[] = [];
	const textOf = (n: unknown): string => (Array.isArray(n) ? n.map(textOf).join('') : n && typeof n === 'object' ? (typeof (n as Node).value === 'string' ? String((n as Node).value) : textOf((n as Node).value ?? (n as Node).label)) : '');
	const walk = (n: unknown): void => {
		if (Array.isArray(n)) return n.forEach(walk);
		if (!n || typeof n !== 'object') return;
		const node = n as Node;
		if (node.type === 'LINK') found.push(textOf((node.value as { label?: unknown } | undefined)?.label));
		Object.values(node).forEach(walk);
	};
	walk(parse(text));
	return found;
}

const autolinkedProducts = (text: string) => linkedTexts(text).filter((l) => PRODUCTS.some((p) => l.includes(p)));

/** Every `{name}` filled with a word no parser links. */
const filled = (key: MessageKey, locale: Locale) => t(key, Object.fromEntries([...en[key].matchAll(/\{(\w+)\}/g)].map((m) => [m[1], 'x'])), locale);

describe('no product name becomes a link in a message', () => {
	it('the parser does link a bare Rocket.Chat (what this test guards against)', () => {
		expect(autolinkedProducts('Rocket.Chat: ✅ busy')).toEqual(['Rocket.Chat']);
		expect(autolinkedProducts('*Rocket.Chat*: ✅ busy')).toEqual([]);
	});

	it.each(LOCALES)('in any %s sentence', (locale) => {
		const linked = (Object.keys(en) as MessageKey[]).filter((k) => !NOT_MESSAGES(k)).filter((k) => autolinkedProducts(filled(k, locale)).length > 0);
		expect(linked).toEqual([]);
	});

	it.each(LOCALES)('in a vendor failure (%s)', (locale) => {
		const tr = translator(locale);
		const failures: VendorFailure[] = [
			{ kind: 'unauthorized', vendor: 'rocketchat', message: 'm' },
			{ kind: 'not_found', vendor: 'rocketchat', message: 'm' },
			{ kind: 'invalid', vendor: 'rocketchat', message: 'm' },
			{ kind: 'rate_limited', vendor: 'rocketchat', message: 'm', retryAfterMs: 1000 },
			{ kind: 'unavailable', vendor: 'rocketchat', message: 'm', cause: 'timeout' },
			{ kind: 'unavailable', vendor: 'rocketchat', message: 'm', cause: 'network' },
			{ kind: 'unavailable', vendor: 'rocketchat', message: 'm', cause: 'server' },
			{ kind: 'not_configured', vendor: 'rocketchat', message: 'm', setting: 's' },
		] as VendorFailure[];
		for (const f of failures) expect({ kind: f.kind, linked: autolinkedProducts(describeFailure(tr, f, 's')) }).toEqual({ kind: f.kind, linked: [] });
	});

	it('in the health report', () => {
		for (const name of Object.values(HEALTH_CHECKS)) expect({ name, linked: autolinkedProducts(t('health_ok', { name })) }).toEqual({ name, linked: [] });
	});
});
