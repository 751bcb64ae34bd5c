/**
 * The room page: timeline (the app's replies and later notices, live), composer with the app's
 * slash commands suggested, user switcher, the app's modals, and the side panel.
 */
import { getMessages, getState, listen, type LiveEvent, type Message, type PageState, post } from './api';
import { Composer } from './composer';
import { clear, h, time } from './dom';
import { markdown } from './markdown';
import { ModalHost } from './modal';
import { renderSettings, renderSims } from './panel';
import { renderBlocks } from './uikit';

type Entry = { kind: 'app'; message: Message } | { kind: 'note'; user: string; text: string; at: number; tone: 'command' | 'error' };

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const params = new URLSearchParams(location.search);
let user = params.get('user') ?? localStorage.getItem('sandbox-user') ?? 'alice';
let state: PageState | undefined;
const entries: Entry[] = [];
let tab: 'sims' | 'settings' = 'sims';

const report = (errors: string[] = []) => errors.forEach((text) => add({ kind: 'note', user, text, at: Date.now(), tone: 'error' }));
const modal = new ModalHost($('modal-root'), () => user, report);
const composer = new Composer($('composer'), $('popup'), () => state?.commands ?? [], (line) => void run(line));

function visible(e: Entry): boolean {
	if (e.kind === 'note') return e.user === user;
	return e.message.kind === 'ephemeral' ? e.message.to === user : true;
}

function avatar(name: string, app = false): HTMLElement {
	const hue = [...name].reduce((a, c) => a + c.charCodeAt(0), 0) % 360;
	return h('div', { class: `avatar${app ? ' bot' : ''}`, style: `background:hsl(${hue} 55% 45%)` }, app ? 'IB' : name.slice(0, 1).toUpperCase());
}

function entryView(e: Entry): HTMLElement {
	if (e.kind === 'note') {
		return h('div', { class: `note ${e.tone}` }, e.tone === 'command' ? [h('b', {}, `@${e.user}`), ' ran ', h('code', {}, e.text)] : ['⚠ ', e.text], h('span', { class: 'muted' }, ` ${time(e.at)}`));
	}
	const m = e.message;
	const sender = m.sender ?? 'inbox-bridge.bot';
	const onAction = (a: { actionId: string; blockId?: string; value?: string }) => void post('action', { user, ...a }).then((r) => report(r.errors));
	return h(
		'article',
		{ class: `message ${m.kind}`, 'data-kind': m.kind },
		avatar(sender, true),
		h(
			'div',
			{ class: 'message-body' },
			h('div', { class: 'message-header' }, h('b', {}, 'Inbox Bridge'), ' ', h('span', { class: 'tag' }, 'App'), ' ', h('span', { class: 'muted' }, `@${sender}`), ' ', h('span', { class: 'muted' }, time(m.at)), m.roomId !== 'GENERAL' ? h('span', { class: 'tag' }, 'Direct message') : null),
			m.text ? h('div', { class: 'message-text' }, markdown(m.text)) : null,
			m.blocks?.length ? renderBlocks(m.blocks.filter((b) => !isTextEcho(b, m.text)), { state: {}, onAction }) : null,
			m.kind === 'ephemeral' ? h('div', { class: 'ephemeral-note' }, '👁 Only you can see this message') : null,
		),
	);
}

/** Replies with blocks repeat their text as the first section (so clients without blocks see it): show it once. */
function isTextEcho(block: unknown, text: string): boolean {
	const b = block as { type?: string; text?: { text?: string } };
	return b.type === 'section' && b.text?.text === text;
}

function drawTimeline(): void {
	const timeline = $('timeline');
	const shown = entries.filter(visible);
	clear(timeline, shown.length ? shown.map(entryView) : h('div', { class: 'empty' }, 'Type / to see the app\u2019s commands. Try ', h('code', {}, '/st busy In a meeting for 30m'), '.'));
	timeline.scrollTop = timeline.scrollHeight;
}

function add(e: Entry): void {
	entries.push(e);
	if (!visible(e)) return;
	const timeline = $('timeline');
	timeline.querySelector('.empty')?.remove();
	timeline.append(entryView(e));
	timeline.scrollTop = timeline.scrollHeight;
}

async function run(line: string): Promise<void> {
	if (!line.startsWith('/')) {
		report(['This sandbox room only runs slash commands: type / to see the app\u2019s commands.']);
		return;
	}
	add({ kind: 'note', user, text: line, at: Date.now(), tone: 'command' });
	report((await post('command', { user, line })).errors);
}

function onEvent(e: LiveEvent): void {
	if (e.type === 'delivered') add({ kind: 'app', message: e.message });
	else if (e.type === 'surface' && e.surface.user === user) {
		const view = (e.surface.view ?? {}) as Record<string, unknown>;
		if (e.surface.type === 'modal.open' || e.surface.type === 'contextual_bar.open') modal.open(view);
		else if (e.surface.type === 'modal.update' || e.surface.type === 'contextual_bar.update') modal.update(view);
		else if (e.surface.type === 'modal.close' || e.surface.type === 'contextual_bar.close') modal.close();
	} else if (e.type === 'changed') void refresh();
}

function drawUsers(): void {
	if (!state) return;
	clear(
		$('users'),
		state.users.map((u) =>
			h(
				'button',
				{ type: 'button', class: `user${u.username === user ? ' active' : ''}`, 'data-user': u.username, onclick: () => switchUser(u.username) },
				avatar(u.username),
				h('span', { class: 'user-name' }, h('b', {}, u.username), h('span', { class: 'muted' }, ` ${u.roles.includes('admin') ? 'admin' : u.roles.includes('livechat-agent') ? 'agent' : 'user'} · ${u.language}`)),
				h('span', { class: `presence ${u.status}`, title: `${u.status}${u.statusText ? ` — ${u.statusText}` : ''}` }),
				u.statusText ? h('span', { class: 'status-text' }, u.statusText) : null,
			),
		),
	);
	$('me').textContent = `@${user}`;
}

function drawPanel(): void {
	if (!state) return;
	document.querySelectorAll<HTMLElement>('[data-tab]').forEach((b) => b.classList.toggle('active', b.dataset.tab === tab));
	if (tab === 'sims') renderSims($('panel'), state, report);
	else renderSettings($('panel'), state, report);
}

async function refresh(): Promise<void> {
	state = await getState(user);
	drawUsers();
	// Don't redraw settings under the cursor while someone types in them.
	if (!(tab === 'settings' && $('panel').contains(document.activeElement))) drawPanel();
}

function switchUser(name: string): void {
	user = name;
	localStorage.setItem('sandbox-user', name);
	modal.close();
	drawTimeline();
	void refresh();
}

document.querySelectorAll<HTMLElement>('[data-tab]').forEach((b) =>
	b.addEventListener('click', () => {
		tab = b.dataset.tab === 'settings' ? 'settings' : 'sims';
		drawPanel();
	}),
);

async function boot(): Promise<void> {
	for (const message of await getMessages()) entries.push({ kind: 'app', message });
	await refresh();
	drawTimeline();
	listen(onEvent, (connected) => {
		$('live').classList.toggle('on', connected);
		$('live').textContent = connected ? 'live' : 'reconnecting…';
		document.body.dataset.live = String(connected);
	});
	composer.focus();
}

void boot();
