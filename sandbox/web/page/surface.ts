/**
 * A surface the app opens, as Rocket.Chat shows it: a modal (centred, over a backdrop) or a
 * contextual bar (the panel on the room's right, beside the conversation, as the team board
 * opens): title, the blocks, and the view's close / submit buttons. Submitting sends the view state
 * through the host's UIKit API; field errors from the app's `viewErrorResponse` stay in the form
 * (as plain text, as Rocket.Chat shows them), success closes it.
 */
import { post } from './api';
import { clear, h } from './dom';
import { renderBlocks, type ViewState } from './uikit';
import { w } from './words';

export type Layout = 'modal' | 'contextual-bar';

type View = Record<string, unknown> & { id?: string; blocks?: unknown[] };
const plain = (t: unknown) => (t && typeof t === 'object' ? String((t as Record<string, unknown>).text ?? '') : '');

export class SurfaceHost {
	private view: View | undefined;
	private state: ViewState = {};
	private errors: Record<string, string> = {};

	constructor(
		private readonly root: HTMLElement,
		private readonly user: () => string,
		private readonly report: (errors: string[]) => void,
		private readonly layout: Layout = 'modal',
		private readonly roomId: () => string = () => 'GENERAL',
	) {}

	public get isOpen(): boolean {
		return this.view !== undefined;
	}

	public open(view: View): void {
		this.view = view;
		this.state = {};
		this.errors = {};
		this.draw();
	}

	/** `modal.update`: same form, new content; what the person typed in it is kept. */
	public update(view: View): void {
		this.view = view;
		this.draw(this.state);
	}

	public showErrors(errors: Record<string, string>): void {
		this.errors = errors;
		this.draw(this.state);
	}

	public close(): void {
		this.view = undefined;
		clear(this.root);
		this.root.hidden = true;
	}

	private async submit(): Promise<void> {
		if (!this.view) return;
		const result = await post('submit', { user: this.user(), view: this.view, state: this.state });
		this.report(result.errors);
		const errors = errorsOf(result.response);
		if (errors) this.showErrors(errors);
		else if (result.ok) this.close();
	}

	private async dismiss(): Promise<void> {
		const view = this.view;
		this.close();
		if (view) this.report((await post('close', { user: this.user(), view })).errors);
	}

	/** Draws the view; `keep` is what the person had typed, put back over the initial values. */
	private draw(keep: ViewState = {}): void {
		const view = this.view;
		if (!view) return;
		const state: ViewState = {};
		const surface = {
			state,
			errors: this.errors,
			onAction: (a: { actionId: string; blockId?: string; value?: string }) =>
				void post('action', { user: this.user(), ...a, view: { ...view, state: this.state }, roomId: this.roomId() }).then((r) => this.report(r.errors)),
		};
		const body = renderBlocks(view.blocks ?? [], surface);
		for (const [block, fields] of Object.entries(keep)) Object.assign((state[block] ??= {}), fields);
		this.state = state;
		const bar = this.layout === 'contextual-bar';
		clear(
			this.root,
			h(
				'div',
				{ class: bar ? 'bar' : 'modal', role: bar ? 'complementary' : 'dialog', 'aria-label': plain(view.title), 'data-view-id': String(view.id ?? '') },
				h('header', {}, h('h2', {}, plain(view.title)), h('button', { type: 'button', class: 'icon-button', 'aria-label': w('close'), 'data-role': 'dismiss', onclick: () => void this.dismiss() }, '✕')),
				h('form', { class: bar ? 'bar-body' : 'modal-body', onsubmit: (e: Event) => { e.preventDefault(); void this.submit(); } }, body, h('button', { type: 'submit', hidden: true })),
				view.close || view.submit
					? h(
							'footer',
							{},
							view.close ? h('button', { type: 'button', class: 'rc-button secondary', 'data-role': 'close', onclick: () => void this.dismiss() }, plain((view.close as Record<string, unknown>).text)) : null,
							view.submit ? h('button', { type: 'button', class: 'rc-button primary', 'data-role': 'submit', onclick: () => void this.submit() }, plain((view.submit as Record<string, unknown>).text)) : null,
						)
					: null,
			),
		);
		this.root.hidden = false;
		this.restoreFields();
	}

	/** After a redraw, show what the person had typed. */
	private restoreFields(): void {
		for (const field of this.root.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('[name]')) {
			const [block, action] = field.name.split('/');
			const value = this.state[block]?.[action];
			if (typeof value === 'string') field.value = value;
		}
	}
}

/** The field errors of a view submission answer, in the shapes the engine returns them. */
function errorsOf(response: unknown): Record<string, string> | undefined {
	if (!response || typeof response !== 'object') return undefined;
	const r = response as Record<string, unknown>;
	const errors = (r.errors ?? (r.data as Record<string, unknown> | undefined)?.errors) as unknown;
	if (errors && typeof errors === 'object' && Object.keys(errors).length > 0) return errors as Record<string, string>;
	return undefined;
}
