import fs from 'node:fs';
import path from 'node:path';
import { SETTINGS } from '../../src/settings';

/** docs/settings.md is where an admin looks a setting up: every setting the app declares has its row there, and no row names one it lacks. */
describe('docs/settings.md', () => {
	const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'settings.md'), 'utf8');
	// a row's first cell names one setting or several (`a`, `b`, `c`)
	const rows = new Set([...doc.matchAll(/^\| ((?:`[a-z0-9_]+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`([a-z0-9_]+)`/g)].map((x) => x[1])));

	it('has a row for every declared setting', () => {
		expect(SETTINGS.map((s) => s.id).filter((id) => !rows.has(id))).toEqual([]);
	});

	it('has no row for a setting the app does not declare', () => {
		const declared = new Set(SETTINGS.map((s) => s.id));
		expect([...rows].filter((id) => !declared.has(id))).toEqual([]);
	});
});
