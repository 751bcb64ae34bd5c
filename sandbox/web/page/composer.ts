/**
 * The message composer with Rocket.Chat's slash-command popup: typing `/` lists the app's commands
 * (with their parameters and description, in the user's language); ↑/↓ choose, Tab or Enter takes
 * one, Enter sends the line, ↑ in an empty composer recalls the last command.
 */
import type { PageState } from './api';
import { clear, h } from './dom';
import { w } from './words';

type Command = PageState['commands'][number];

export class Composer {
	private matches: Command[] = [];
	private selected = 0;
	private readonly history: string[] = [];

	constructor(
		private readonly input: HTMLElement,
		private readonly popup: HTMLElement,
		private readonly commands: () => Command[],
		private readonly send: (line: string) => void,
	) {
		const field = this.field;
		field.addEventListener('input', () => this.suggest());
		field.addEventListener('keydown', (e) => this.key(e));
		// Leaving the composer closes the popup, unless the person came back to it meanwhile.
		field.addEventListener('blur', () => setTimeout(() => document.activeElement !== field && this.hide(), 150));
	}

	private get field(): HTMLInputElement {
		return this.input as HTMLInputElement;
	}

	public focus(): void {
		this.field.focus();
	}

	private suggest(): void {
		const value = this.field.value;
		const m = /^\/(\S*)$/.exec(value);
		this.matches = m ? this.commands().filter((c) => c.command.startsWith(m[1])) : [];
		this.selected = Math.min(this.selected, Math.max(0, this.matches.length - 1));
		if (this.matches.length === 0) return this.hide();
		clear(
			this.popup,
			h('div', { class: 'popup-title' }, w('commands')),
			this.matches.map((c, i) =>
				h(
					'button',
					{ type: 'button', class: `popup-item${i === this.selected ? ' selected' : ''}`, 'data-command': c.command, onmousedown: (e: Event) => { e.preventDefault(); this.take(c); } },
					h('b', {}, `/${c.command}`),
					' ',
					h('span', { class: 'muted' }, c.params),
					h('div', { class: 'popup-description' }, c.description),
				),
			),
		);
		this.popup.hidden = false;
	}

	private hide(): void {
		this.matches = [];
		this.popup.hidden = true;
	}

	private take(c: Command): void {
		this.field.value = `/${c.command} `;
		this.hide();
		this.field.focus();
	}

	private key(e: KeyboardEvent): void {
		if (this.matches.length > 0) {
			if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
				e.preventDefault();
				this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : this.matches.length - 1)) % this.matches.length;
				return this.suggest();
			}
			if (e.key === 'Tab' || (e.key === 'Enter' && this.field.value.trim() !== `/${this.matches[this.selected].command}`)) {
				e.preventDefault();
				return this.take(this.matches[this.selected]);
			}
			if (e.key === 'Escape') return this.hide();
		}
		if (e.key === 'ArrowUp' && this.field.value === '' && this.history.length) {
			e.preventDefault();
			this.field.value = this.history[this.history.length - 1];
			return;
		}
		if (e.key === 'Enter' && !e.shiftKey) {
			e.preventDefault();
			const line = this.field.value.trim();
			if (!line) return;
			this.history.push(line);
			this.field.value = '';
			this.hide();
			this.send(line);
		}
	}
}
