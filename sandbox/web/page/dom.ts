import { pageLanguage } from './words';

/** A tiny element builder: `h('div', { class: 'x', onclick }, child, 'text')`. */
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Child | Child[]>): HTMLElementTagNameMap[K] {
	const el = document.createElement(tag);
	for (const [key, value] of Object.entries(attrs)) {
		if (value === undefined || value === false) continue;
		if (typeof value === 'function') el.addEventListener(key.replace(/^on/, ''), value);
		else if (key in el && typeof (el as unknown as Record<string, unknown>)[key] !== 'function' && key !== 'list' && !key.startsWith('data-') && !key.startsWith('aria-'))
			(el as unknown as Record<string, unknown>)[key] = value;
		else el.setAttribute(key, value === true ? '' : String(value));
	}
	append(el, children);
	return el;
}

export function append(el: Element, children: Array<Child | Child[]>): void {
	for (const c of children.flat()) {
		if (c === null || c === undefined || c === false) continue;
		el.append(typeof c === 'string' ? document.createTextNode(c) : c);
	}
}

export function clear(el: Element, ...children: Array<Child | Child[]>): void {
	el.replaceChildren();
	append(el, children);
}

/** A message's time of day, in the page's language. */
export function time(at: number): string {
	return new Date(at).toLocaleTimeString(pageLanguage(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A date and time (a scheduled job can be days away), in the page's language. */
export function dateTime(at: number): string {
	return new Date(at).toLocaleString(pageLanguage(), { dateStyle: 'medium', timeStyle: 'medium' });
}
