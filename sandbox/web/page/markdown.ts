/**
 * Message markdown as Rocket.Chat shows it: the text is parsed by Rocket.Chat's own parser
 * (`@rocket.chat/message-parser`, the one its web client uses) and its tree drawn here as DOM,
 * with the tags and class names Rocket.Chat's renderer gives each node. That parser links any word
 * with a known top-level domain, so "Rocket.Chat" becomes a link to //Rocket.Chat in real clients
 * too (gazzodown's LinkSpan): the sandbox shows what they show.
 */
import { parse } from '@rocket.chat/message-parser';
import { h, type Child } from './dom';

type Node = { type: string; value?: unknown; [k: string]: unknown };

const TAGS: Record<string, keyof HTMLElementTagNameMap> = {
	PARAGRAPH: 'div',
	BOLD: 'strong',
	ITALIC: 'em',
	STRIKE: 'del',
	HEADING: 'h3',
	QUOTE: 'blockquote',
	UNORDERED_LIST: 'ul',
	ORDERED_LIST: 'ol',
	LIST_ITEM: 'li',
	TASKS: 'ul',
	TABLE: 'table',
	TABLE_ROW: 'tr',
	TABLE_CELL: 'td',
	SPOILER: 'span',
	SPOILER_BLOCK: 'div',
};

function children(value: unknown): Child[] {
	if (Array.isArray(value)) return value.map((n) => node(n as Node));
	if (value && typeof value === 'object') return [node(value as Node)];
	return typeof value === 'string' ? [value] : [];
}

function node(n: Node): Child {
	switch (n.type) {
		case 'PLAIN_TEXT':
			return String(n.value ?? '');
		case 'LINE_BREAK':
			return h('br');
		case 'HORIZONTAL_RULE':
			return h('hr');
		case 'INLINE_CODE':
			return h('code', { class: 'code-inline' }, ...children(n.value));
		case 'CODE':
			return h('pre', { class: 'code-block' }, h('code', {}, ...(n.value as Node[]).map((line) => [...children(line.value), '\n']).flat()));
		case 'LINK': {
			const v = n.value as { src: Node; label: unknown };
			return h('a', { href: String(v.src.value ?? ''), target: '_blank', rel: 'noopener noreferrer' }, ...children(v.label));
		}
		case 'MENTION_USER':
			return h('span', { class: 'mention' }, '@', ...children(n.value));
		case 'MENTION_CHANNEL':
			return h('span', { class: 'mention' }, '#', ...children(n.value));
		case 'EMOJI':
			return typeof n.unicode === 'string' ? n.unicode : `:${String(n.shortCode ?? '')}:`;
		case 'BIG_EMOJI':
			return h('span', { class: 'big-emoji' }, ...children(n.value));
		case 'TASK':
			return h('li', {}, h('input', { type: 'checkbox', checked: Boolean(n.status), disabled: true }), ' ', ...children(n.value));
		case 'TIMESTAMP': {
			const v = n.value as { timestamp: string };
			return h('time', {}, new Date(Number(v.timestamp) * 1000).toLocaleString());
		}
		case 'KATEX':
		case 'INLINE_KATEX':
			return h('code', {}, String(n.value ?? ''));
		default: {
			const tag = TAGS[n.type] ?? 'span';
			return h(tag, { class: `md-${n.type.toLowerCase()}` }, ...children(n.value));
		}
	}
}

/** The message text as Rocket.Chat renders it; plain text when the parser gives up. */
export function markdown(text: string): HTMLElement {
	try {
		return h('div', { class: 'md' }, ...parse(text).map((n) => node(n as unknown as Node)));
	} catch {
		return h('div', { class: 'md' }, text);
	}
}

/**
 * Text that Rocket.Chat renders with its `MarkdownText` component (marked, not the message parser),
 * such as an app setting's description: `code`, **bold**, *emphasis* or _emphasis_, [links](https://…)
 * and line breaks; everything else as typed. Inline only: descriptions are short.
 */
export function documentMarkdown(text: string): HTMLElement {
	const out: Child[] = [];
	const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|\n/g;
	let last = 0;
	for (const m of text.matchAll(pattern)) {
		if (m.index > last) out.push(text.slice(last, m.index));
		if (m[1] !== undefined) out.push(h('code', { class: 'code-inline' }, m[1]));
		else if (m[2] !== undefined || m[3] !== undefined) out.push(h('strong', {}, m[2] ?? m[3]));
		else if (m[4] !== undefined || m[5] !== undefined) out.push(h('em', {}, m[4] ?? m[5]));
		else if (m[6] !== undefined) out.push(h('a', { href: m[7], target: '_blank', rel: 'noopener noreferrer' }, m[6]));
		else out.push(h('br'));
		last = m.index + m[0].length;
	}
	if (last < text.length) out.push(text.slice(last));
	return h('span', { class: 'md-document' }, ...out);
}
