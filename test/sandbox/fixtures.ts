import { type Demo, type DemoOptions, startDemo } from '../../sandbox/demo';
import type { Reply } from '../../sandbox/host/host';
import { type MessageKey, type Params, t, userLocale } from '../../src/i18n';
import { type SettingId, SETTINGS } from '../../src/settings';

/** A setting's default as the app declares it (src/settings.ts, its one home): tests never restate it. */
export function declaredDefault(id: SettingId): string {
	const declared = SETTINGS.find((s) => s.id === id);
	if (typeof declared?.packageValue !== 'string') throw new Error(`no string default declared for ${id}`);
	return declared.packageValue;
}

/** A number setting's default as the app declares it. */
export function declaredNumber(id: SettingId): number {
	const declared = SETTINGS.find((s) => s.id === id);
	if (typeof declared?.packageValue !== 'number') throw new Error(`no number default declared for ${id}`);
	return declared.packageValue;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs due scheduler jobs until `done()` holds (the app's clock is real, so retries need real time). */
export async function settle(demo: Demo, done: () => boolean, timeoutMs = 15000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!done()) {
		if (Date.now() > until) throw new Error('did not settle in time');
		await demo.host.jobs.runDue({ all: true });
		await sleep(50);
	}
}

/** No outbox drain is waiting (recurring housekeeping jobs stay scheduled for ever). */
export const noDrainPending = (demo: Demo) => demo.host.jobs.list().every((j) => !j.name.startsWith('delivery.drain'));

/** Forgets what every simulator recorded (their state stays): the next assertions see only what follows. */
export const clearRequests = (demo: Demo) => demo.sims.list.forEach((s) => s.clear());

/** The writes Callbell received (status PUTs and custom-status DELETEs), in order. */
export const callbellWrites = (demo: Demo) => demo.sims.callbell.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');

/**
 * What the app says to `username` for `key`: the user's own locale (the demo's bob reads pt-BR, carol
 * es), through the app's translator and i18n/*.json, so a test asserts the exact sentence, never
 * "either language".
 */
export const says = (demo: Demo, username: string, key: MessageKey, params?: Params): string => t(key, params, userLocale(demo.host.user(username)));

/**
 * The same sentence as a pattern for a whole line: placeholders not given in `params` (a reason, a
 * number of seconds) match anything, everything else is the exact text of the user's locale.
 */
export function saysLine(demo: Demo, username: string, key: MessageKey, params?: Params): RegExp {
	const escaped = says(demo, username, key, params).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	return new RegExp(`^${escaped.replace(/\\\{\w+\\\}/g, '.+?')}$`, 'm');
}

export interface Button {
	actionId: string;
	value: string;
}

/** The buttons of the messages a reply carried. */
export function buttonsOf(reply: Reply): Button[] {
	const blocks = reply.delivered.flatMap((d) => (d.blocks ?? []) as Array<{ type: string; elements?: Button[] }>);
	return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** The value of the contact-delete confirmation's "confirm" button (a test error when there is none). */
export function confirmValue(reply: Reply): string {
	const confirm = buttonsOf(reply).find((b) => b.actionId === 'lead.contacts.confirm');
	if (!confirm) throw new Error(`no confirm button in ${JSON.stringify(reply.delivered)}`);
	return confirm.value;
}

/**
 * A fresh demo (simulators + the packaged app in the engine, manual timers) for every test of the file,
 * checked for errors the app left in the engine and stopped afterwards. Returns the current one.
 */
export function demoPerTest(opts: DemoOptions = {}): () => Demo {
	let demo: Demo | undefined;
	beforeEach(async () => {
		demo = await startDemo({ timers: 'manual', ...opts });
	});
	afterEach(async () => {
		try {
			demo?.assertNoErrors();
		} finally {
			await demo?.stop();
		}
	});
	return () => {
		if (!demo) throw new Error('demoPerTest: no demo outside a test');
		return demo;
	};
}
