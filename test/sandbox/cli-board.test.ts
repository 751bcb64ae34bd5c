import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` shows the team board: its contextual bar is printed like a reply and its buttons can be
 * clicked (`click N` updates the bar), as in the browser sandbox.
 */
const ROOT = path.join(__dirname, '..', '..');

it('the terminal demo prints the team board and clicks its Refresh button', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-board-'));
	const script = path.join(dir, 'board.txt');
	fs.writeFileSync(script, ['as admin', '/st @bob away Covering the phones', 'as alice', '/st team', 'click 1'].join('\n'));
	const out = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'sandbox/cli.ts', '--no-build', '--script', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
	fs.rmSync(dir, { recursive: true, force: true });
	const results = out.trim().split('\n').map((l) => JSON.parse(l) as { command: string; replies: string[]; requests: unknown[]; errors: string[] });
	const [, opened, refreshed] = results;
	expect(opened.command).toBe('/st team');
	expect(opened.replies[0]).toMatch(/^\[contextual_bar\.open\] .*Team board/);
	expect(opened.replies).toContain('*#general* · 4 members · page 1 of 1');
	expect(opened.replies).toContain('🟡 *bob* @bob · away — “Covering the phones”\nCallbell: away · Omnichannel: agent, availability not followed (omnichannel_follow_status is off)');
	expect(opened.replies.at(-1)).toBe('[click 1] Refresh');
	expect(refreshed.replies[0]).toMatch(/^\[contextual_bar\.update\]/);
	expect(refreshed.replies).toContain('*#general* · 4 members · page 1 of 1');
	expect([...opened.requests, ...refreshed.requests]).toEqual([]);
	expect(results.flatMap((r) => r.errors)).toEqual([]);
}, 60000);
