/**
 * The room page: the sidebar's rooms (#general, and the direct messages the app opened with the
 * acting user), the timeline of the open room (the app's replies and later messages, live), the
 * composer with the app's slash commands suggested, the user switcher, the app's modals and
 * contextual bars, and the side panel. The page's own words follow the acting user's language.
 */
import { getMessages, getState, listen, type LiveEvent, type Message, type PageState, post } from './api';
import { Composer } from './composer';
import { clear, h, time } from './dom';
import { markdown } from './markdown';
import { renderSettings, renderSims } from './panel';
import { SurfaceHost } from './surface';
import { renderBlocks } from './uikit';
import { setLanguage, w, type Word } from './words';

type Entry = { kind: 'app'; message: Message } | { kind: 'note'; user: string; roomId: string; text: string; at: number; tone: 'command' | 'error' };
type Room = PageState['rooms'][number];

const GENERAL = 'GENERAL';
const $ = (id: string) => document.getElementById(id) as HTMLElement;
const params = new URLSearchParams(location.search);
let user = params.get('user') ?? localStorage.getItem('sandbox-user') ?? 'alice';
let roomId = params.get('room') ?? GENERAL;
let state: PageState | undefined;
const entries: Entry[] = [];
/** Messages that arrived in a room other than the open one, per room (the sidebar's badges). */
const unread = new Map<string, number>();
let tab: 'sims' | 'settings' = 'sims';
let connected: boolean | undefined;

const report = (errors: string[] = []) => errors.forEach((text) => add({ kind: 'note', user, roomId, text, at: Date.now(), tone: 'error' }));
const modal = new SurfaceHost($('modal-root'), () => user, report, 'modal', () => roomId);
const bar = new SurfaceHost($('contextual-bar'), () => user, report, 'contextual-bar', () => roomId);
const composer = new Composer($('composer'), $('popup'), () => state?.commands ?? [], (line) => void run(line));

const roomOf = (id: string): Room | undefined => state?.rooms.find((r) => r.id === id);
const isMember = (id: string): boolean => Boolean(roomOf(id)) || (id === GENERAL && !state);

/** What `user` sees in room `id`: their own notes there, ephemeral messages to them there, and the room's messages if they are in it. */
function visibleIn(e: Entry, id: string): boolean {
	if (e.kind === 'note') return e.user === user && e.roomId === id;
	const m = e.message;
	if (m.roomId !== id) return false;
	return m.kind === 'ephemeral' ? m.to === user : isMember(id);
}

function avatar(name: string, app = false): HTMLElement {
	const hue = [...name].reduce((a, c) => a + c.charCodeAt(0), 0) % 360;
	return h('div', { class: `avatar${app ? ' bot' : ''}`, style: `background:hsl(${hue} 55% 45%)` }, app ? 'IB' : name.slice(0, 1).toUpperCase());
}

function entryView(e: Entry): HTMLElement {
	if (e.kind === 'note') {
		return h('div', { class: `note ${e.tone}` }, e.tone === 'command' ? [h('b', {}, `@${e.user}`), w('ran'), h('code', {}, e.text)] : ['⚠ ', e.text], h('span', { class: 'muted' }, ` ${time(e.at)}`));
	}
	const m = e.message;
	const sender = m.sender ?? 'inbox-bridge.bot';
	const onAction = (a: { actionId: string; blockId?: string; value?: string }) => void post('action', { user, ...a, roomId: m.roomId }).then((r) => report(r.errors));
	return h(
		'article',
		{ class: `message ${m.kind}`, 'data-kind': m.kind, 'data-room': m.roomId },
		avatar(sender, true),
		h(
			'div',
			{ class: 'message-body' },
			h('div', { class: 'message-header' }, h('b', {}, 'Inbox Bridge'), ' ', h('span', { class: 'tag' }, w('app')), ' ', h('span', { class: 'muted' }, `@${sender}`), ' ', h('span', { class: 'muted' }, time(m.at))),
			m.text ? h('div', { class: 'message-text' }, markdown(m.text)) : null,
			m.blocks?.length ? renderBlocks(m.blocks.filter((b) => !isTextEcho(b, m.text)), { state: {}, onAction }) : null,
			m.kind === 'ephemeral' ? h('div', { class: 'ephemeral-note' }, w('onlyYou')) : null,
		),
	);
}

/** Replies with blocks repeat their text as the first section (so clients without blocks see it): show it once. */
function isTextEcho(block: unknown, text: string): boolean {
	const b = block as { type?: string; text?: { text?: string } };
	return b.type === 'section' && b.text?.text === text;
}

function emptyView(): HTMLElement {
	if (roomOf(roomId)?.kind === 'dm') return h('div', { class: 'empty' }, w('emptyDm'));
	return h('div', { class: 'empty' }, w('emptyBefore'), h('code', {}, '/st busy In a meeting for 30m'), '.');
}

function drawTimeline(): void {
	const timeline = $('timeline');
	const shown = entries.filter((e) => visibleIn(e, roomId));
	clear(timeline, shown.length ? shown.map(entryView) : emptyView());
	timeline.scrollTop = timeline.scrollHeight;
}

function add(e: Entry): void {
	entries.push(e);
	if (e.kind === 'app' && !roomOf(e.message.roomId)) void refresh(); // a room the app just opened (a DM)
	if (!visibleIn(e, roomId)) {
		if (e.kind === 'app' && e.message.roomId !== roomId && visibleIn(e, e.message.roomId)) {
			unread.set(e.message.roomId, (unread.get(e.message.roomId) ?? 0) + 1);
			drawRooms();
		}
		return;
	}
	const timeline = $('timeline');
	timeline.querySelector('.empty')?.remove();
	timeline.append(entryView(e));
	timeline.scrollTop = timeline.scrollHeight;
}

async function run(line: string): Promise<void> {
	if (!line.startsWith('/')) {
		report([w('onlySlash')]);
		return;
	}
	add({ kind: 'note', user, roomId, text: line, at: Date.now(), tone: 'command' });
	report((await post('command', { user, line, roomId })).errors);
}

function onEvent(e: LiveEvent): void {
	if (e.type === 'delivered') add({ kind: 'app', message: e.message });
	else if (e.type === 'surface' && e.surface.user === user) {
		const view = (e.surface.view ?? {}) as Record<string, unknown>;
		const [kind, what] = e.surface.type.split('.');
		const host = kind === 'contextual_bar' ? bar : kind === 'modal' ? modal : undefined;
		if (!host) return;
		if (what === 'open') host.open(view);
		else if (what === 'update') host.update(view);
		else if (what === 'close') host.close();
	} else if (e.type === 'changed') void refresh();
}

/** The page's fixed words, in the acting user's language. */
function drawChrome(): void {
	document.querySelectorAll<HTMLElement>('[data-word]').forEach((el) => (el.textContent = w(el.dataset.word as Word)));
	const room = roomOf(roomId);
	const title = room?.kind === 'dm' ? `@${room.name}` : (room?.label ?? '#general').replace(/^#/, '# ');
	$('room-title').textContent = title;
	document.title = `${title} — Inbox Bridge sandbox`;
	($('composer') as HTMLInputElement).placeholder = w('messageIn', { room: room?.kind === 'dm' ? `@${room.name}` : (room?.label ?? '#general') });
	$('live').textContent = w(connected === undefined ? 'connecting' : connected ? 'live' : 'reconnecting');
}

function drawRooms(): void {
	const rooms = state?.rooms ?? [];
	const link = (r: Room) =>
		h(
			'button',
			{ type: 'button', class: `room-link${r.id === roomId ? ' active' : ''}`, 'data-room': r.id, 'data-kind': r.kind, onclick: () => openRoom(r.id) },
			r.kind === 'dm' ? h('span', { class: 'room-icon' }, '@') : h('span', { class: 'room-icon' }, '#'),
			h('span', { class: 'room-name' }, r.kind === 'dm' ? r.name : r.label.replace(/^#/, '')),
			unread.get(r.id) ? h('span', { class: 'unread' }, String(unread.get(r.id))) : null,
		);
	const channels = rooms.filter((r) => r.kind === 'channel');
	const dms = rooms.filter((r) => r.kind === 'dm');
	clear(
		$('rooms'),
		h('div', { class: 'sidebar-section' }, w('rooms')),
		channels.map(link),
		dms.length ? h('div', { class: 'sidebar-section', 'data-section': 'dms' }, w('directMessages')) : null,
		dms.map(link),
	);
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
				h('span', { class: 'user-name' }, h('b', {}, u.username), h('span', { class: 'muted' }, ` ${w(u.roles.includes('admin') ? 'admin' : u.roles.includes('livechat-agent') ? 'agent' : 'user')} · ${u.language}`)),
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
	setLanguage(state.language);
	if (!roomOf(roomId)) roomId = GENERAL;
	drawChrome();
	drawRooms();
	drawUsers();
	// Don't redraw settings under the cursor while someone types in them.
	if (!(tab === 'settings' && $('panel').contains(document.activeElement))) drawPanel();
}

function openRoom(id: string): void {
	roomId = id;
	unread.delete(id);
	drawChrome();
	drawRooms();
	drawTimeline();
}

function switchUser(name: string): void {
	user = name;
	localStorage.setItem('sandbox-user', name);
	modal.close();
	bar.close();
	unread.clear();
	void refresh().then(() => openRoom(roomOf(roomId) ? roomId : GENERAL));
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
	listen(onEvent, (now) => {
		connected = now;
		$('live').classList.toggle('on', now);
		$('live').textContent = w(now ? 'live' : 'reconnecting');
		document.body.dataset.live = String(now);
	});
	composer.focus();
}

void boot();
