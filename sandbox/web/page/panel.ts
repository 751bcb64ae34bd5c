/**
 * The side panel (Rocket.Chat's contextual bar): what each vendor simulator received and holds now,
 * its fault knobs, the scheduled jobs, and the app's settings as the admin page lists them.
 */
import { type PageState, post } from './api';
import { clear, dateTime, h, time, type Child } from './dom';
import { documentMarkdown } from './markdown';
import { w } from './words';

type Sim = PageState['sims'][number];
type Setting = PageState['settings'][number];
type Row = Record<string, unknown>;

const badge = (text: string, tone: string) => h('span', { class: `badge ${tone}` }, text);

/** The systems as their makers write their names. */
const DISPLAY: Record<string, string> = { botpenguin: 'BotPenguin', reekolect: 'Reekolect', callbell: 'Callbell', rocketchat: 'Rocket.Chat' };
const displayName = (sim: string) => DISPLAY[sim] ?? sim;

/** `3m 20s`, `1d`: how often a recurring job runs. */
function span(ms: number): string {
	const s = Math.round(ms / 1000);
	const units: Array<[number, string]> = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']];
	return units.filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join(' ') || '0s';
}

function table(rows: Row[], columns: Array<[string, (r: Row) => Child]>, empty: string): HTMLElement {
	if (rows.length === 0) return h('p', { class: 'muted' }, empty);
	return h('table', { class: 'grid' }, h('tr', {}, columns.map(([name]) => h('th', {}, name))), rows.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r))))));
}

function simState(sim: Sim): Child[] {
	const s = sim.state as Record<string, Row[]>;
	if (sim.name === 'callbell') {
		return [h('h4', {}, w('agents')), table(s.agents, [[w('agentCol'), (r) => String(r.name)], [w('availableCol'), (r) => (r.available ? badge(w('available'), 'ok') : badge(w('unavailable'), 'off'))], [w('customStatusCol'), (r) => String(r.customStatus ?? '—')]], w('noAgents'))];
	}
	if (sim.name === 'rocketchat') {
		return [
			h('h4', {}, w('customStatuses')),
			table(s.customStatuses, [[w('nameCol'), (r) => String(r.name)], [w('typeCol'), (r) => String(r.statusType)]], w('none')),
			h('h4', {}, w('omnichannel')),
			table(s.omnichannel ?? [], [[w('agentCol'), (r) => String(r.agent)], [w('statusCol'), (r) => (r.status === 'available' ? badge(w('available'), 'ok') : badge(w('notAvailable'), 'off'))]], w('notSetYet')),
		];
	}
	return [
		h('h4', {}, w('leads')),
		table(
			s.leads,
			[
				['uuid', (r) => h('code', { title: String(r.uuid) }, String(r.uuid).slice(0, 8))],
				[w('statusCol'), (r) => (r.status ? badge(String(r.status), String(r.status).toUpperCase() === 'CLOSED' ? 'off' : 'ok') : '—')],
				[w('fieldsCol'), (r) => [r.name, r.email, r.phone, ...((r.tags as string[]) ?? []).map((t) => `#${t}`)].filter(Boolean).join(' · ') || '—'],
				[w('notesCol'), (r) => ((r.notes as string[]) ?? []).join(' | ') || '—'],
			],
			w('noLeads'),
		),
		h('h4', {}, w('contacts')),
		h('div', { class: 'chips' }, s.contacts.map((c) => h('span', { class: `chip ${c.status === 'DELETED' ? 'deleted' : ''}`, 'data-contact': String(c.id) }, h('code', {}, String(c.id).slice(-6)), ' ', badge(String(c.status), c.status === 'DELETED' ? 'danger' : 'ok')))),
		s.subscribers.length ? h('p', {}, w('subscribersDeleted', { ids: s.subscribers.map((x) => String(x.id)).join(', ') })) : null,
	];
}

function requests(sim: Sim): HTMLElement {
	const list = [...sim.requests].reverse().slice(0, 10);
	if (list.length === 0) return h('p', { class: 'muted' }, w('noRequests'));
	return h(
		'ul',
		{ class: 'requests' },
		list.map((r) => {
			const tone = r.status >= 200 && r.status < 300 ? 'ok' : r.status === 0 ? 'off' : 'danger';
			return h(
				'li',
				{},
				h('details', {}, h('summary', {}, h('span', { class: 'muted' }, time(r.at)), ' ', badge(String(r.status || r.fault || '—'), tone), ' ', h('b', {}, r.method), ' ', h('code', {}, r.path)), h('pre', {}, JSON.stringify(r.body, null, 2))),
			);
		}),
	);
}

export function renderSims(root: HTMLElement, state: PageState, report: (errors: string[]) => void): void {
	const knob = (sim: string, kind: string, label: string, extra: Record<string, unknown> = {}) =>
		h('button', { type: 'button', class: 'rc-button small secondary', 'data-knob': `${sim}:${kind}`, onclick: () => void post('fault', { sim, kind, ...extra }).then((r) => report(r.errors)) }, label);
	clear(
		root,
		h(
			'section',
			{ class: 'card', 'data-card': 'jobs' },
			h('h3', {}, w('scheduledJobs', { count: state.jobs.length })),
			state.jobs.length
				? h('ul', { class: 'jobs' }, state.jobs.map((j) => h('li', { 'data-job': j.name }, h('code', {}, j.name), ` ${w('at')} `, h('time', { datetime: new Date(j.when).toISOString() }, dateTime(j.when)), j.everyMs ? h('span', { class: 'muted' }, ` · ${w('every', { span: span(j.everyMs) })}`) : null)))
				: h('p', { class: 'muted' }, w('none')),
			h(
				'div',
				{ class: 'knobs' },
				h('button', { type: 'button', class: 'rc-button small primary', id: 'run-due-jobs', title: w('runDueHint'), onclick: () => void post('jobs', { all: false }).then((r) => report(r.errors)) }, w('runDue')),
				h('button', { type: 'button', class: 'rc-button small secondary', id: 'run-jobs', title: w('runAllHint'), onclick: () => void post('jobs', { all: true }).then((r) => report(r.errors)) }, w('runAll')),
			),
		),
		state.sims.map((sim) =>
			h(
				'section',
				{ class: 'card sim', 'data-sim': sim.name },
				h('h3', {}, displayName(sim.name), ' ', h('span', { class: 'muted url' }, sim.url)),
				h('div', { class: 'knobs' }, knob(sim.name, 'failNext', w('fail3'), { n: 3, status: 503 }), knob(sim.name, 'failNext', w('next429'), { n: 1, status: 429 }), knob(sim.name, 'clear', w('clearFaults'))),
				simState(sim),
				h('h4', {}, w('requests')),
				requests(sim),
			),
		),
	);
}

function settingInput(s: Setting, save: (value: unknown) => void): HTMLElement {
	if (s.type === 'boolean') return h('input', { type: 'checkbox', checked: s.value === true, onchange: (e: Event) => save((e.target as HTMLInputElement).checked) });
	if (s.type === 'select' && s.values) {
		return h('select', { class: 'rc-input', onchange: (e: Event) => save((e.target as HTMLSelectElement).value) }, s.values.map((v) => h('option', { value: v.key, selected: v.key === s.value }, v.label)));
	}
	const numeric = s.type === 'int';
	const onchange = (e: Event) => {
		const raw = (e.target as HTMLInputElement).value;
		if (s.type === 'password' && raw === '') return;
		save(numeric ? Number(raw) : raw);
	};
	if (s.type === 'code' || (typeof s.value === 'string' && s.value.includes('\n'))) return h('textarea', { class: 'rc-input', rows: 3, value: String(s.value ?? ''), onchange });
	return h('input', {
		class: 'rc-input',
		type: s.type === 'password' ? 'password' : numeric ? 'number' : 'text',
		value: s.type === 'password' ? '' : String(s.value ?? ''),
		placeholder: s.type === 'password' ? (s.isSet ? w('passwordSet') : w('notSet')) : '',
		autocomplete: 'off',
		onchange,
	});
}

export function renderSettings(root: HTMLElement, state: PageState, report: (errors: string[]) => void): void {
	clear(
		root,
		h('p', { class: 'muted' }, w('settingsIntro')),
		state.settings.map((s) =>
			h(
				'label',
				{ class: 'setting', 'data-setting': s.id },
				h('span', { class: 'label' }, s.label, ' ', h('code', { class: 'muted' }, s.id)),
				settingInput(s, (value) => void post('setting', { id: s.id, value }).then((r) => report(r.errors))),
				// Rocket.Chat renders an app setting's description as markdown (MarkdownText): `code` is code
				s.description && s.description !== s.label ? h('span', { class: 'hint' }, documentMarkdown(s.description)) : null,
			),
		),
	);
}
