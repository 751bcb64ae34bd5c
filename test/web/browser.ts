/**
 * The browser tests' harness: the demo sandbox and its web server, a real headless Chromium
 * (Debian's package, installed by scripts/setup-browser.sh) driven by playwright-core, and a
 * screenshot of each test under dist/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type Demo, startDemo } from '../../sandbox/demo';
import { ROOT } from '../../sandbox/host/host';
import { startWeb, type WebServer } from '../../sandbox/web/server';

export const SCREENSHOTS = path.join(ROOT, 'dist', 'screenshots');

function chromiumPath(): string {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return execFileSync('bash', [path.join(ROOT, 'scripts', 'setup-browser.sh')], { encoding: 'utf8' }).trim().split('\n').pop() ?? 'chromium';
}

export interface Room {
	demo: Demo;
	web: WebServer;
	browser: Browser;
	/** Uncaught errors of the pages opened (tests expect none). */
	pageErrors: string[];
	close(): Promise<void>;
	/** A fresh page on the room, as `user`, with the live feed connected. */
	open(user: string): Promise<Page>;
}

export async function startRoom(): Promise<Room> {
	const demo = await startDemo({ timers: 'manual' });
	const web = await startWeb(demo, { port: 0 });
	const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
	const pageErrors: string[] = [];
	// One context for all pages: a new context per page costs seconds on a small machine.
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	return {
		demo,
		web,
		browser,
		pageErrors,
		open: async (user) => {
			const page = await context.newPage();
			page.on('pageerror', (e) => pageErrors.push(e.message));
			await page.goto(`${web.url}?user=${user}`);
			await page.locator('#live.on').waitFor();
			return page;
		},
		close: async () => {
			await browser.close();
			await web.close();
			await demo.stop();
		},
	};
}

export async function screenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	const file = path.join(SCREENSHOTS, `${name}.png`);
	await page.screenshot({ path: file });
	return file;
}

/** Types a line in the composer and sends it, as a person does. */
export async function send(page: Page, line: string): Promise<void> {
	const composer = page.locator('#composer');
	await composer.fill(line);
	await page.locator('#popup').evaluate((el) => el.setAttribute('hidden', ''));
	await composer.press('Enter');
}

/** Waits until `done()` holds (a page action reaches the server asynchronously); fails after `tries`. */
export async function until(done: () => boolean, tries = 100): Promise<void> {
	for (let i = 0; i < tries; i++) {
		if (done()) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`not reached: ${done.toString()}`);
}
