/**
 * What the page shows besides the conversation: who can act, the app's commands and settings as
 * Rocket.Chat lists them (translated from the app's own i18n files), each simulator's requests and
 * state, and the scheduled jobs. Secrets never leave the server: password settings and request
 * headers are not included.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Demo } from '../demo';
import { ROOT } from '../host/host';
import { roomsOf } from '../host/room-names';
import { jobName } from '../terminal';

type Catalogue = Record<string, string>;
const catalogues = new Map<string, Catalogue>();

/** The app's translation of `key` for `language`, falling back to English, then to the key. */
export function appText(language: string, key: string | undefined): string {
	if (!key) return '';
	const load = (lang: string): Catalogue => {
		if (!catalogues.has(lang)) {
			const file = path.join(ROOT, 'i18n', `${lang}.json`);
			catalogues.set(lang, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue) : {});
		}
		return catalogues.get(lang) ?? {};
	};
	return load(language)[key] ?? load('en')[key] ?? key;
}

export function languageOf(demo: Demo, username: string): string {
	const prefs = demo.world.userByUsername(username)?.settings?.preferences as { language?: string } | undefined;
	return prefs?.language ?? 'en';
}

const REQUESTS_SHOWN = 40;

function simState(demo: Demo, name: string, state: unknown): Record<string, unknown> {
	const s = state as Record<string, unknown>;
	const values = (m: unknown) => (m instanceof Map ? [...m.entries()] : []);
	if (name === 'callbell') {
		const statuses = new Map(values(s.customStatuses).map(([id, v]) => [id, (v as { name: string }).name]));
		return {
			agents: values(s.users).map(([, u]) => {
				const user = u as { name: string; email: string; available: boolean; customStatusId: string | null };
				return { name: user.name, email: user.email, available: user.available, customStatus: user.customStatusId ? statuses.get(user.customStatusId) ?? user.customStatusId : null };
			}),
		};
	}
	if (name === 'rocketchat') {
		return {
			customStatuses: values(s.statuses).map(([, v]) => ({ name: (v as { name: string }).name, statusType: (v as { statusType: string }).statusType })),
			omnichannel: values(s.livechat).map(([id, status]) => ({ agent: demo.world.users.get(String(id))?.username ?? id, status })),
		};
	}
	return {
		leads: values(s.leads).map(([, v]) => {
			const l = v as { uuid: string; status?: string; name?: string; email?: string; phone?: string; tags: string[]; notes: Array<{ title?: string; description?: string }>; agentId?: string; updates: number };
			return { uuid: l.uuid, status: l.status, name: l.name, email: l.email, phone: l.phone, tags: l.tags, agentId: l.agentId, notes: l.notes.map((n) => [n.title, n.description].filter(Boolean).join(': ')), updates: l.updates };
		}),
		contacts: values(s.contacts).map(([id, status]) => ({ id, status })),
		subscribers: values(s.subscribers).map(([id, status]) => ({ id, status })),
	};
}

export function snapshot(demo: Demo, username: string) {
	const language = languageOf(demo, username);
	const host = demo.host;
	return {
		appId: host.appId,
		user: username,
		language,
		users: [...demo.world.users.values()]
			.filter((u) => !u.appId && u.username !== 'rocket.cat')
			.map((u) => ({ username: u.username, name: u.name, roles: u.roles, language: (u.settings?.preferences as { language?: string } | undefined)?.language ?? 'en', status: u.status, statusText: u.statusText })),
		commands: [...host.bridges.commands.values()]
			.filter((c) => c.appId === host.appId && c.enabled !== false)
			.map(({ command: c }) => ({ command: c.command, params: appText(language, c.i18nParamsExample), description: appText(language, c.i18nDescription) }))
			.sort((a, b) => a.command.localeCompare(b.command)),
		settings: host.settings().map((s) => ({
			id: s.id,
			type: s.type,
			label: appText(language, s.i18nLabel),
			description: appText(language, s.i18nDescription),
			value: s.type === 'password' ? '' : s.value ?? s.packageValue,
			isSet: s.value !== undefined && s.value !== '' && s.value !== null,
			values: s.values?.map((v) => ({ key: v.key, label: appText(language, v.i18nLabel) })),
		})),
		sims: demo.sims.list.map((sim) => ({
			name: sim.name,
			url: sim.url,
			requests: sim.requests.slice(-REQUESTS_SHOWN).map((r) => ({ method: r.method, path: r.path, status: r.status, body: r.body, at: r.at, fault: r.fault, rateLimited: r.rateLimited })),
			state: simState(demo, sim.name, sim.state),
		})),
		// The rooms this user is in: channels, then the direct messages the app opened with them.
		rooms: roomsOf(demo.world, username).map((r) => ({
			id: r.id,
			kind: r.kind,
			label: r.label,
			// a DM is named after the others in it, as Rocket.Chat's sidebar does (for bob: the app's bot)
			name: r.kind === 'dm' ? r.members.filter((m) => m !== username).join(', ') || username : r.label,
			members: r.members,
		})),
		jobs: host.jobs.list().map((j) => ({ name: jobName(j), when: j.when, everyMs: j.intervalMs ?? null })),
	};
}

export type PageState = ReturnType<typeof snapshot>;
