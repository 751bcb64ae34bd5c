/**
 * A small renderer for the UIKit blocks the app emits (src/status/form.ts, src/leads/modal.ts,
 * src/leads/contacts.ts) and their near relatives: section (text, fields, button accessory),
 * actions (buttons, selects), input (plain_text_input, multiline, static_select), context, divider.
 * Class names follow Rocket.Chat's look; an unknown block shows as such instead of vanishing.
 * Field values are kept as the view state Rocket.Chat submits: `{blockId: {actionId: value}}`.
 */
import { h, type Child } from './dom';
import { markdown } from './markdown';

type Obj = Record<string, unknown>;
export type ViewState = Record<string, Record<string, unknown>>;

export interface Surface {
	/** A button (or a select in an actions block) was used. */
	onAction(action: { actionId: string; blockId?: string; value?: string }): void;
	/** The form's state, filled as the person types. */
	state: ViewState;
	/** Field errors from a view submission, by block id. */
	errors?: Record<string, string>;
}

const text = (t: unknown): Child => {
	if (!t || typeof t !== 'object') return typeof t === 'string' ? t : null;
	const o = t as Obj;
	return o.type === 'mrkdwn' ? markdown(String(o.text ?? '')) : h('span', {}, String(o.text ?? ''));
};
const plain = (t: unknown): string => (t && typeof t === 'object' ? String((t as Obj).text ?? '') : typeof t === 'string' ? t : '');

function setState(s: Surface, blockId: string, actionId: string, value: unknown): void {
	(s.state[blockId] ??= {})[actionId] = value;
}

function button(el: Obj, blockId: string, s: Surface): HTMLElement {
	const style = el.style === 'danger' ? 'danger' : el.style === 'primary' ? 'primary' : 'secondary';
	return h(
		'button',
		{ type: 'button', class: `rc-button ${style}`, 'data-action-id': String(el.actionId ?? ''), onclick: () => s.onAction({ actionId: String(el.actionId), blockId: String(el.blockId ?? blockId), value: el.value as string | undefined }) },
		plain(el.text),
	);
}

function select(el: Obj, blockId: string, s: Surface, onChange?: (value: string) => void): HTMLElement {
	const actionId = String(el.actionId ?? '');
	const options = Array.isArray(el.options) ? (el.options as Obj[]) : [];
	const initial = typeof el.initialValue === 'string' ? el.initialValue : undefined;
	if (initial !== undefined) setState(s, blockId, actionId, initial);
	const sel = h(
		'select',
		{ class: 'rc-input', name: `${blockId}/${actionId}`, onchange: (e: Event) => {
			const v = (e.target as HTMLSelectElement).value;
			setState(s, blockId, actionId, v);
			onChange?.(v);
		} },
		initial === undefined ? h('option', { value: '', disabled: true, selected: true }, plain(el.placeholder) || '…') : null,
		options.map((o) => h('option', { value: String(o.value), selected: o.value === initial }, plain(o.text))),
	);
	return sel;
}

function textInput(el: Obj, blockId: string, s: Surface): HTMLElement {
	const actionId = String(el.actionId ?? '');
	const initial = typeof el.initialValue === 'string' ? el.initialValue : '';
	setState(s, blockId, actionId, initial);
	const attrs = {
		class: 'rc-input',
		name: `${blockId}/${actionId}`,
		placeholder: plain(el.placeholder),
		value: initial,
		oninput: (e: Event) => setState(s, blockId, actionId, (e.target as HTMLInputElement).value),
	};
	return el.multiline ? h('textarea', { ...attrs, rows: 3 }) : h('input', { ...attrs, type: 'text' });
}

function element(el: Obj, blockId: string, s: Surface, inActions = false): Child {
	switch (el.type) {
		case 'button':
			return button(el, blockId, s);
		case 'static_select':
			return select(el, blockId, s, inActions ? (v) => s.onAction({ actionId: String(el.actionId), blockId, value: v }) : undefined);
		case 'plain_text_input':
			return textInput(el, blockId, s);
		case 'image':
			return h('img', { src: String(el.imageUrl ?? ''), alt: String(el.altText ?? ''), class: 'rc-image' });
		case 'plain_text':
		case 'mrkdwn':
			return text(el);
		default:
			return h('span', { class: 'unknown' }, `[${String(el.type)}]`);
	}
}

function block(b: Obj, s: Surface): Child {
	const blockId = String(b.blockId ?? '');
	switch (b.type) {
		case 'section':
			return h(
				'div',
				{ class: 'block section' },
				h('div', { class: 'section-text' }, text(b.text), Array.isArray(b.fields) ? h('div', { class: 'fields' }, (b.fields as unknown[]).map((f) => h('div', {}, text(f)))) : null),
				b.accessory ? h('div', { class: 'accessory' }, element(b.accessory as Obj, blockId, s)) : null,
			);
		case 'actions':
			return h('div', { class: 'block actions' }, ((b.elements as Obj[]) ?? []).map((e) => element(e, blockId, s, true)));
		case 'context':
			return h('div', { class: 'block context' }, ((b.elements as Obj[]) ?? []).map((e) => element(e, blockId, s)));
		case 'divider':
			return h('hr', { class: 'block divider' });
		case 'input': {
			const error = s.errors?.[blockId];
			return h(
				'label',
				{ class: `block input${error ? ' invalid' : ''}`, 'data-block-id': blockId },
				h('span', { class: 'label' }, plain(b.label), b.optional ? null : h('span', { class: 'required' }, ' *')),
				element(b.element as Obj, blockId, s),
				plain(b.hint) ? h('span', { class: 'hint' }, plain(b.hint)) : null,
				error ? h('span', { class: 'error' }, error) : null,
			);
		}
		default:
			return h('div', { class: 'block unknown' }, `[${String(b.type)} block]`);
	}
}

export function renderBlocks(blocks: unknown[], surface: Surface): HTMLElement {
	return h('div', { class: 'blocks' }, blocks.map((b) => block((b ?? {}) as Obj, surface)));
}
