/**
 * `npm start`: starts the vendor simulators, builds and installs the app in the real Apps-Engine,
 * configures it against them, and gives you a prompt as a demo agent. Type slash commands; under
 * each reply you see what every vendor received, and what the app said to others (`[dm to bob] …`).
 *
 *   npm start -- --as bob                     act as another user (admin, alice, bob, carol exist)
 *   npm start -- --setting callbell_base_url=https://api.callbell.eu/v1
 *   npm start -- --script commands.txt        one command per line, one JSON object per line out
 *   npm run web  (npm start -- --web [--port 3210])   the same sandbox as a Rocket.Chat-like page
 *
 * At the prompt (and in a script): `as <user>`, `click N` (button N of the last reply), `jobs`,
 * `run jobs` (those due now), `run all jobs` (every one, as if its time had come), `advance 30m`
 * (those due within 30 minutes, run now), `fail <simulator> [n] [status]`, `help`, `quit`. What the
 * app says later (a queued write delivered or given up, a timed status restored) prints as it arrives.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { startDemo, type Demo } from './demo';
import { ROOT } from './host/host';
import type { RecordedRequest } from './simulators';
import type { Delivered, World } from './host/world';
import { deliveredLine, jobLines, parseSpan, requestLine, span, surfaceLine } from './terminal';
import { startWeb } from './web/server';

interface Button {
	actionId: string;
	value?: string;
	blockId?: string;
	label: string;
	/** the contextual bar the button is in (clicking it then updates that bar) */
	view?: Record<string, unknown>;
}

/** The readable text of a contextual bar's blocks (sections and context lines), so the terminal shows it like a reply. */
function textsOf(blocks: unknown): string[] {
	const texts: string[] = [];
	for (const b of Array.isArray(blocks) ? (blocks as Array<Record<string, unknown>>) : []) {
		const text = (b.text as { text?: unknown } | undefined)?.text;
		if (typeof text === 'string') texts.push(text);
		if (b.type === 'context') for (const e of (b.elements as Array<{ text?: unknown }> | undefined) ?? []) if (typeof e.text === 'string') texts.push(e.text);
	}
	return texts;
}

/** Buttons in the blocks the app sent, so a person (or a script) can `click N`. */
function buttonsOf(delivered: Array<{ blocks?: unknown[] }>): Button[] {
	const found: Button[] = [];
	const walk = (node: unknown, blockId?: string): void => {
		if (Array.isArray(node)) return node.forEach((n) => walk(n, blockId));
		if (!node || typeof node !== 'object') return;
		const o = node as Record<string, unknown>;
		const block = typeof o.blockId === 'string' ? o.blockId : blockId;
		if (o.type === 'button' && typeof o.actionId === 'string') {
			const text = (o.text as { text?: string } | undefined)?.text ?? o.actionId;
			found.push({ actionId: o.actionId, value: typeof o.value === 'string' ? o.value : undefined, blockId: block, label: text });
		}
		Object.values(o).forEach((v) => walk(v, block));
	};
	delivered.forEach((d) => walk(d.blocks ?? [], undefined));
	return found;
}

let lastButtons: Button[] = [];
/** True while a typed line runs: what the app says then is its reply, shown under the line. */
let running = false;

interface Outcome {
	command: string;
	user: string;
	replies: string[];
	requests: Array<{ vendor: string; method: string; path: string; status: number; body?: unknown }>;
	errors: string[];
}

function parseSettings(list: string[] | undefined): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const item of list ?? []) {
		const eq = item.indexOf('=');
		if (eq <= 0) throw new Error(`--setting expects id=value, got "${item}"`);
		const raw = item.slice(eq + 1);
		out[item.slice(0, eq)] = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
	}
	return out;
}

async function execute(demo: Demo, user: string, line: string): Promise<Outcome> {
	running = true;
	try {
		return await executeLine(demo, user, line);
	} finally {
		running = false;
	}
}

const META_HELP =
	'Type a slash command, `click N`, `as <user>`, `jobs`, `run jobs` (due now), `run all jobs` (every one, as if its time had come), `advance 30m` (due within 30m, run now), `fail <simulator> [n] [status]`, `help` or `quit`.';

/** The prompt's own commands (not the app's): jobs and fault knobs. Undefined when `line` is none of them. */
async function meta(demo: Demo, line: string): Promise<string | undefined> {
	const jobs = demo.host.jobs;
	if (line === 'help') return META_HELP;
	if (line === 'jobs') return jobLines(jobs.list()).join('\n');
	if (line === 'run jobs') {
		const ran = await jobs.runDue();
		const later = jobs.list().length;
		return `${ran} due job(s) ran${later ? `; ${later} scheduled later (\`jobs\` lists them, \`run all jobs\` runs them now)` : ''}`;
	}
	if (line === 'run all jobs') return `${await jobs.runDue({ all: true })} job(s) ran, as if their time had come`;
	const advance = /^advance\s+(\S+)$/.exec(line);
	if (advance) {
		const ms = parseSpan(advance[1]);
		if (ms === undefined) return `"${advance[1]}" is not a duration: try advance 30m, advance 2h, advance 1h30m`;
		const ran = await jobs.runDue({ advanceMs: ms });
		return `${ran} job(s) due within ${span(ms)} ran now (the clock itself does not move)`;
	}
	if (line.startsWith('fail ')) return failNext(demo, line);
	return undefined;
}

async function executeLine(demo: Demo, user: string, line: string): Promise<Outcome> {
	const marks = demo.sims.list.map((s) => s.requests.length);
	const from = demo.world.messages.length;
	const replies: string[] = [];
	const errors: string[] = [];
	const after: string[] = [];
	try {
		const said = await meta(demo, line);
		if (said !== undefined) replies.push(said);
		else {
			const click = /^click (\d+)$/.exec(line);
			const button = click ? lastButtons[Number(click[1]) - 1] : undefined;
			if (click && !button) throw new Error(`no button ${click[1]} in the last reply`);
			if (!click && !line.startsWith('/')) throw new Error(META_HELP);
			const reply = button
				? await demo.host.ui.blockAction(user, { actionId: button.actionId, value: button.value, blockId: button.blockId, ...(button.view ? { view: button.view } : {}) })
				: await demo.host.as(user).run(line);
			lastButtons = buttonsOf(reply.delivered);
			for (const s of reply.surfaces) {
				after.push(surfaceLine(s));
				// a contextual bar (the team board) is read in place: its text, and its buttons to click
				if (s.type.startsWith('contextual_bar.') && s.view) {
					after.push(...textsOf(s.view.blocks));
					lastButtons.push(...buttonsOf([{ blocks: s.view.blocks as unknown[] }]).map((b) => ({ ...b, view: s.view })));
				}
			}
			lastButtons.forEach((b, i) => after.push(`[click ${i + 1}] ${b.label}`));
		}
	} catch (e) {
		errors.push(e instanceof Error ? e.message : String(e));
	}
	// What the app said during the line, to this user and to anyone else (a DM, a notice in a room).
	replies.push(...demo.world.messages.slice(from).map((d) => deliveredLine(demo.world, d, user)), ...after);
	errors.push(...demo.host.errors.splice(0));
	const requests = demo.sims.list.flatMap((s, i) =>
		s.requests.slice(marks[i]).map((r: RecordedRequest) => ({ vendor: s.name, method: r.method, path: r.path, status: r.status, ...(r.body === undefined ? {} : { body: r.body }) })),
	);
	return { command: line, user, replies, requests, errors };
}

/** `fail botpenguin 2 429`: the simulator's failNext knob, so a queued write can be watched at the prompt. */
function failNext(demo: Demo, line: string): string {
	const [, name, n = '1', status = '503'] = line.split(/\s+/);
	const sim = demo.sims.list.find((s) => s.name === name);
	if (!sim) return `no simulator "${name}"; there are ${demo.sims.list.map((s) => s.name).join(', ')}`;
	sim.failNext(Math.max(1, Number(n) || 1), Number(status) || 503);
	return `${name}: the next ${n} request(s) answer ${status}`;
}

/**
 * A message the app sent on its own (a scheduler job, an echo, a webhook): printed when it arrives,
 * named by where it went (`[dm to bob] …`, `[notice to @alice in #general] …`); in a script as a
 * JSON line `{"notice": …}`. At the prompt, the prompt is drawn again under it.
 */
function notice(world: World, d: Delivered, json: boolean, prompt: () => void): void {
	if (running) return;
	const text = deliveredLine(world, d);
	if (json) return void process.stdout.write(`${JSON.stringify({ notice: text, at: new Date(d.at).toISOString() })}\n`);
	process.stdout.write(`\r\x1b[K\x1b[33m${text}\x1b[0m\n`);
	prompt();
}

function show(o: Outcome): void {
	for (const r of o.replies) console.log(`\x1b[36m${r}\x1b[0m`);
	for (const r of o.requests) console.log(`  \x1b[2m${requestLine(r)}\x1b[0m`);
	for (const e of o.errors) console.log(`  \x1b[31m! ${e}\x1b[0m`);
}

/** Where the app's endpoints answer (the URLs `/inbox-bridge health` prints), to curl them. */
function endpointLines(demo: Demo): string[] {
	const site = String(demo.world.serverSettings.get('Site_Url')?.value ?? '');
	return ['status', 'callbell-webhook'].map((p) => `  ${p}: ${site}${demo.host.api.url(p)}`);
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			as: { type: 'string', default: 'alice' },
			setting: { type: 'string', multiple: true },
			script: { type: 'string' },
			'no-build': { type: 'boolean' },
			web: { type: 'boolean' },
			port: { type: 'string', default: '3210' },
		},
	});
	const quiet = Boolean(values.script);
	if (!values['no-build']) execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--no-check'], { stdio: quiet ? 'ignore' : 'inherit' });
	const demo = await startDemo({ settings: parseSettings(values.setting) });
	let user = values.as ?? 'alice';
	const shutdown = async () => {
		await demo.stop();
		process.exit(0);
	};
	const endpoints = [`App endpoints (curl them: docs/try-the-bot-endpoint.md, \`npm run sign\`):`, ...endpointLines(demo)];

	if (values.web) {
		const web = await startWeb(demo, { port: Number(values.port) });
		console.log(`Inbox Bridge sandbox: open ${web.url} (users admin, alice, bob pt-BR, carol es). Ctrl+C stops it.`);
		console.log(endpoints.join('\n'));
		const stopWeb = () => void web.close().then(shutdown);
		process.once('SIGINT', stopWeb);
		process.once('SIGTERM', stopWeb);
		return;
	}

	const prompt = () => process.stdout.write(`${user}> `);
	demo.world.events.on('delivered', (d: Delivered) => notice(demo.world, d, Boolean(values.script), prompt));
	if (values.script) {
		const lines = fs.readFileSync(values.script, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
		for (const line of lines) {
			if (line.startsWith('as ')) {
				user = line.slice(3).trim();
				continue;
			}
			console.log(JSON.stringify(await execute(demo, user, line)));
		}
		await shutdown();
		return;
	}

	console.log(`Inbox Bridge sandbox: app ${demo.host.appId} is ${await demo.host.status()}.`);
	console.log(`Simulators: ${demo.sims.list.map((s) => `${s.name} ${s.url}`).join(', ')}`);
	console.log(endpoints.join('\n'));
	console.log('Users: admin, alice, bob (pt-BR), carol (es). Try /inbox-bridge help, /st busy In a meeting for 30m, /lead-close <uuid>; `help` lists the prompt\'s own commands.');
	// Requests made while nobody typed (a curl to the app's endpoints, a retry job's vendor calls) print as they finish.
	for (const sim of demo.sims.list) {
		const previous = sim.onRequest;
		sim.onRequest = (r) => {
			previous?.(r);
			if (running) return;
			process.stdout.write(`\r\x1b[K\x1b[2m${requestLine({ vendor: sim.name, ...r })}\x1b[0m\n`);
			prompt();
		};
	}
	const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
	prompt();
	// Lines are handled one at a time, in order, also when piped in.
	for await (const input of rl) {
		const line = input.trim();
		if (line === 'quit' || line === 'exit') break;
		if (line.startsWith('as ')) user = line.slice(3).trim();
		else if (line) show(await execute(demo, user, line));
		prompt();
	}
	await shutdown();
}

main().catch((e) => {
	console.error(e instanceof Error ? e.message : e);
	process.exit(1);
});
