import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { t } from '../../src/i18n';

/**
 * `npm start` in script mode shows what the app says to others and later: the DM a manager's change
 * sends (`[dm to bob] …`, never a room id), the notice when a timer ends; `run jobs` runs only the
 * jobs that are due, `run all jobs` every one, `advance 30m` those due within 30 minutes; `jobs`
 * shows dates; a request without a body prints no `undefined`.
 */
const ROOT = path.join(__dirname, '..', '..');

interface Line {
	command?: string;
	replies: string[];
	requests: Array<{ vendor: string; method: string; path: string; body?: unknown }>;
	errors: string[];
}

function runScript(lines: string[]): Line[] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-later-'));
	const script = path.join(dir, 'later.txt');
	fs.writeFileSync(script, lines.join('\n'));
	try {
		const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'sandbox/cli.ts', '--no-build', '--script', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
		return out.trim().split('\n').map((l) => JSON.parse(l) as Line);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

it('prints the DM a manager’s change sends and the timer’s end; run jobs / run all jobs / advance differ', () => {
	const results = runScript(['as admin', '/st @bob away Covering the phones for 30m', 'jobs', 'run jobs', '/st busy for 1m', 'advance 5m', 'run all jobs']);
	const byCommand = (c: string) => results.find((r) => r.command === c) as Line;
	expect(results.flatMap((r) => r.errors)).toEqual([]);

	const changed = byCommand('/st @bob away Covering the phones for 30m');
	const dm = changed.replies.find((r) => r.startsWith('[dm to bob] '));
	expect(dm).toContain(t('st_manage_told', { manager: 'admin' }, 'pt-BR'));
	// a request without a body prints none (it printed "undefined")
	expect(changed.requests.find((r) => r.method === 'GET')).not.toHaveProperty('body');

	const jobs = byCommand('jobs').replies.join('\n');
	expect(jobs).toMatch(/^status\.expire {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(in (29m|30m)/m);

	// nothing is due yet: bob's timer keeps running
	expect(byCommand('run jobs').replies[0]).toMatch(/^0 due job\(s\) ran; \d+ scheduled later/);
	expect(byCommand('run jobs').replies.join('\n')).not.toContain(t('st_timer_ended', {}, 'pt-BR'));

	// within 5 minutes only admin's own 1-minute timer ends, told in a DM (no room to answer in)
	const advanced = byCommand('advance 5m').replies.join('\n');
	expect(advanced).toContain(`[dm to admin] ${t('st_timer_ended', {}, 'en')}`);
	expect(advanced).not.toContain(t('st_timer_ended', {}, 'pt-BR'));

	// run all jobs ends bob's 30-minute timer too
	expect(byCommand('run all jobs').replies.join('\n')).toContain(`[dm to bob] ${t('st_timer_ended', {}, 'pt-BR')}`);
	for (const r of results) for (const reply of r.replies) expect(reply).not.toMatch(/\[notice in r[0-9a-z]+\]|\bin r[0-9a-z]{12,}\b/);
}, 90000);
