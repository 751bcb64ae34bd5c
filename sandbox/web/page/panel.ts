/**
 * The side panel (Rocket.Chat's contextual bar): what each vendor simulator received and holds now,
 * its fault knobs, the scheduled jobs, and the app's settings as the admin page lists them.
 */
import { type PageState, post } from './api';
import { clear, h, time, type Child } from './dom';

type Sim = PageState['sims'][number];
type Setting = PageState['settings'][number];
type Row = Record<string, unknown>;

const badge = (text: string, tone: string) => h('span', { class: `badge ${tone}` }, text);

function table(rows: Row[], columns: Array<[string, (r: Row) => Child]>, empty: string): HTMLElement {
	if (rows.length === 0) return h('p', { class: 'muted' }, empty);
	return h('table', { class: 'grid' }, h('tr', {}, columns.map(([name]) => h('th', {}, name))), rows.map((r) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(r))))));
}

function simState(sim: Sim): Child[] {
	const s = sim.state as Record<string, Row[]>;
	if (sim.name === 'callbell') {
		return [h('h4', {}, 'Agents'), table(s.agents, [['agent', (r) => String(r.name)], ['available', (r) => (r.available ? badge('available', 'ok') : badge('unavailable', 'off'))], ['custom status', (r) => String(r.customStatus ?? '—')]], 'no agents')];
	}
	if (sim.name === 'rocketchat') {
		return [
			h('h4', {}, 'Custom statuses'),
			table(s.customStatuses, [['name', (r) => String(r.name)], ['type', (r) => String(r.statusType)]], 'none'),
			h('h4', {}, 'Omnichannel availability'),
			table(s.omnichannel ?? [], [['agent', (r) => String(r.agent)], ['status', (r) => (r.status === 'available' ? badge('available', 'ok') : badge('not available', 'off'))]], 'not set by anyone yet'),
		];
	}
	return [
		h('h4', {}, 'Leads'),
		table(
			s.leads,
			[
				['uuid', (r) => h('code', { title: String(r.uuid) }, String(r.uuid).slice(0, 8))],
				['status', (r) => (r.status ? badge(String(r.status), String(r.status).toUpperCase() === 'CLOSED' ? 'off' : 'ok') : '—')],
				['fields', (r) => [r.name, r.email, r.phone, ...((r.tags as string[]) ?? []).map((t) => `#${t}`)].filter(Boolean).join(' · ') || '—'],
				['notes', (r) => ((r.notes as string[]) ?? []).join(' | ') || '—'],
			],
			'no lead written yet',
		),
		h('h4', {}, 'Contacts'),
		h('div', { class: 'chips' }, s.contacts.map((c) => h('span', { class: `chip ${c.status === 'DELETED' ? 'deleted' : ''}`, 'data-contact': String(c.id) }, h('code', {}, String(c.id).slice(-6)), ' ', badge(String(c.status), c.status === 'DELETED' ? 'danger' : 'ok')))),
		s.subscribers.length ? h('p', {}, `Subscribers deleted: ${s.subscribers.map((x) => String(x.id)).join(', ')}`) : null,
	];
}

function requests(sim: Sim): HTMLElement {
	const list = [...sim.requests].reverse().slice(0, 10);
	if (list.length === 0) return h('p', { class: 'muted' }, 'no requests yet');
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
			{ class: 'card' },
			h('h3', {}, `Scheduled jobs (${state.jobs.length})`),
			state.jobs.length ? h('ul', { class: 'jobs' }, state.jobs.map((j) => h('li', {}, h('code', {}, j.name), ' at ', time(j.when)))) : h('p', { class: 'muted' }, 'none'),
			h('button', { type: 'button', class: 'rc-button small primary', id: 'run-jobs', title: 'Runs every scheduled job now, as if its time had come (a retry, a timed status ending)', onclick: () => void post('jobs', {}).then((r) => report(r.errors)) }, 'Run all jobs now'),
		),
		state.sims.map((sim) =>
			h(
				'section',
				{ class: 'card sim', 'data-sim': sim.name },
				h('h3', {}, sim.name, ' ', h('span', { class: 'muted url' }, sim.url)),
				h('div', { class: 'knobs' }, knob(sim.name, 'failNext', 'Fail next 3 (503)', { n: 3, status: 503 }), knob(sim.name, 'failNext', 'Next 429', { n: 1, status: 429 }), knob(sim.name, 'clear', 'Clear faults')),
				simState(sim),
				h('h4', {}, 'Requests received'),
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
		placeholder: s.type === 'password' ? (s.isSet ? '•••••••• (set; type to replace)' : 'not set') : '',
		autocomplete: 'off',
		onchange,
	});
}

export function renderSettings(root: HTMLElement, state: PageState, report: (errors: string[]) => void): void {
	clear(
		root,
		h('p', { class: 'muted' }, 'The app\u2019s settings as Administration \u2192 Apps \u2192 Inbox Bridge lists them. A change is saved when you leave the field.'),
		state.settings.map((s) =>
			h(
				'label',
				{ class: 'setting', 'data-setting': s.id },
				h('span', { class: 'label' }, s.label, ' ', h('code', { class: 'muted' }, s.id)),
				settingInput(s, (value) => void post('setting', { id: s.id, value }).then((r) => report(r.errors))),
				s.description && s.description !== s.label ? h('span', { class: 'hint' }, s.description) : null,
			),
		),
	);
}
