/**
 * Counts, which do not depend on the machine: engine calls per operation (every request the app's
 * runtime sends to the server, counted by the host, sandbox/host/engine-calls.ts) and vendor calls
 * per status change.
 */
import { randomUUID } from 'node:crypto';
import { startDemo } from '../../sandbox/demo';
import type { EngineCallSnapshot } from '../../sandbox/host/engine-calls';
import { met, out } from './report';
import { traceCalls } from './trace';

/** Issue 19's goals (engine calls); operations without one are printed for reference. */
const GOALS = {
	st: 10,
	stUnchanged: 4,
	unlinkedPresence: 2,
	unchangedPresence: 1,
} as const;

function line(label: string, calls: EngineCallSnapshot, goal?: number): void {
	const kinds = Object.entries(calls.byKind).map(([k, n]) => `${k} ${n}`).join(', ');
	const verdict = goal === undefined ? '' : ` (goal <= ${goal}: ${met(calls.total <= goal)})`;
	out(`   ${label.padEnd(46)} ${String(calls.total).padStart(3)}${verdict}  [${kinds}]`);
}

/** Where an operation's calls go: each runtime method with its count, most first, and the records it touched (ids blanked). */
export function byMethod(label: string, traced: Map<string, Map<string, number>>): void {
	const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
	out(`   ${label}, by method (and record):`);
	const rows = [...traced].sort(([a, x], [b, y]) => total(y) - total(x) || a.localeCompare(b));
	for (const [method, records] of rows) {
		const named = [...records].filter(([r]) => r !== '').sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
		const detail = named.length ? `  (${named.map(([r, n]) => `${r}${n > 1 ? ` ×${n}` : ''}`).join(', ')})` : '';
		out(`     ${String(total(records)).padStart(3)}  ${method.replace(/^accessor:|^bridges:/, '')}${detail}`);
	}
}

/** 1. Engine calls per operation, in a demo whose presence echoes are fired by hand (so each is counted on its own). */
export async function engineCalls(): Promise<void> {
	const demo = await startDemo({ timers: 'manual', echoStatusEvents: false });
	try {
		const h = demo.host;
		const count = async (fn: () => Promise<unknown>) => (await h.engineCalls.measure(async () => (await fn(), await h.idle()))).calls;
		// Warm up every path once (first-use records, caches), then start from alice online.
		await h.as('alice').run('/inbox-bridge help');
		await h.as('alice').run(`/lead-close ${randomUUID()}`);
		await h.as('alice').run('/st busy');
		await h.fire.userStatusChanged('alice', { status: 'busy', previousStatus: 'online' });
		await h.as('alice').run('/st online');
		await h.fire.userStatusChanged('alice', { status: 'online', previousStatus: 'busy' });
		h.addUser({ username: 'dave' });

		out('1. engine calls per operation (requests from the app runtime to the server; alice is linked to Callbell and BotPenguin, dave to nothing)');
		let busy: Map<string, Map<string, number>> = new Map();
		line('/st busy (linked agent, a change)', await count(async () => (busy = await traceCalls(h.bridges, async () => (await h.as('alice').run('/st busy'), await h.idle())))), GOALS.st);
		const echo = await count(() => h.fire.userStatusChanged('alice', { status: 'busy', previousStatus: 'online' }));
		let again: Map<string, Map<string, number>> = new Map();
		line('/st busy again (no change)', await count(async () => (again = await traceCalls(h.bridges, async () => (await h.as('alice').run('/st busy'), await h.idle())))), GOALS.stUnchanged);
		line('/st busy In a meeting', await count(() => h.as('alice').run('/st busy In a meeting')));
		line('/lead-close <uuid>', await count(() => h.as('alice').run(`/lead-close ${randomUUID()}`)));
		line('presence event, agent linked to nothing', await count(() => h.fire.userStatusChanged('dave', { status: 'away', previousStatus: 'online' })), GOALS.unlinkedPresence);
		line('presence event, linked agent, no change', await count(() => h.fire.userStatusChanged('alice', { status: 'busy', previousStatus: 'busy' })), GOALS.unchangedPresence);
		line('the echo of /st busy (its own presence event)', echo);
		line('/inbox-bridge help', await count(() => h.as('alice').run('/inbox-bridge help')));
		byMethod('/st busy (linked agent, a change)', busy);
		byMethod('/st busy again (no change)', again);
		h.assertNoErrors();
	} finally {
		await demo.stop();
	}
}

/** 2. Vendor calls per status change: one per real change, none when nothing changed. */
export async function vendorCalls(): Promise<void> {
	const demo = await startDemo({ timers: 'manual' });
	try {
		const cb = demo.sims.callbell;
		const calls = async (fn: () => Promise<unknown>) => {
			cb.clear();
			await fn();
			return cb.requests.length;
		};
		await demo.host.as('alice').run('/st online');
		const changed = await calls(() => demo.host.as('alice').run('/st away'));
		const unchanged = await calls(() => demo.host.as('alice').run('/st away'));
		const fromUi = await calls(() => demo.host.fire.userStatusChanged('alice', { status: 'online' }));
		out(`2. Callbell calls per status change  changed: ${changed} (goal 1), unchanged: ${unchanged} (goal 0), changed from the Rocket.Chat menu: ${fromUi} (goal 1)`);
	} finally {
		await demo.stop();
	}
}
