import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * The terminal demo prints what the app says later, as it arrives: a lead update queued after a
 * vendor failure is delivered by the outbox's own scheduler job (real timers, as at the prompt),
 * and its outcome shows up without any command being typed.
 */
const ROOT = path.join(__dirname, '..', '..');
const UUID = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
/** Long enough that the retry comes after the command's own reply even on a busy machine (what
 * arrives while a command runs is printed as its reply), short enough to keep the test quick. */
const RETRY_MS = 3000;

function waitFor(out: () => string, text: RegExp, child: ChildProcessWithoutNullStreams): Promise<void> {
	return new Promise((resolve, reject) => {
		const check = () => {
			if (text.test(out())) {
				child.stdout.off('data', check);
				child.off('exit', onExit);
				resolve();
			}
		};
		const onExit = () => reject(new Error(`the demo exited before printing ${text}:\n${out()}`));
		child.stdout.on('data', check);
		child.once('exit', onExit);
		check();
	});
}

it('the terminal demo prints a queued write\u2019s later outcome when it arrives', async () => {
	const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'sandbox/cli.ts', '--no-build', '--setting', `retry_base_delay_ms=${RETRY_MS}`], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
	let out = '';
	child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
	child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
	try {
		await waitFor(() => out, /alice> $/, child);
		child.stdin.write('fail botpenguin 1 503\n');
		child.stdin.write(`/lead-close ${UUID}\n`);
		await waitFor(() => out, /queued/i, child);
		// Nothing more is typed: the drain job runs on its own and its outcome is printed.
		await waitFor(() => out, /\[notice to @alice in #general\] .*Delivered later: Lead 7e88d192/, child);
		child.stdin.write('quit\n');
		await new Promise((r) => child.once('exit', r));
	} finally {
		child.kill();
	}
	expect(out).not.toMatch(/! /);
}, 60000);
