/**
 * What `npm start` prints, as plain functions (the CLI in cli.ts only wires them): a message the app
 * sent to someone else or into a room, a vendor request, a surface it opened, the scheduled jobs.
 * Rooms are named (`#general`, `dm with @bob`), never raw ids; times carry their date.
 */
import type { UiRecord } from './host/bridges';
import { describeRoom } from './host/room-names';
import type { Delivered, StoredJob, World } from './host/world';

/**
 * One line for a message: the acting user's own ephemeral reply as is; anything else says where it
 * went: `[dm to bob] …`, `[notice to @bob in #general] …`, `[#general] …`.
 */
export function deliveredLine(world: World, d: Delivered, actingUser?: string): string {
	if (d.kind === 'ephemeral' && d.to === actingUser) return d.text;
	const room = describeRoom(world, d.roomId);
	const where = room?.label ?? `room ${d.roomId}`;
	if (d.kind === 'ephemeral') return `[notice to @${d.to ?? '?'} in ${where}] ${d.text}`;
	if (room?.kind === 'dm') return `[dm to ${room.people.filter((u) => u !== d.sender).join(', ') || '?'}] ${d.text}`;
	return `[${where}] ${d.text}`;
}

/** `→ callbell: PUT /v1/users/…/status {"available":false} ← 200` (no body part when there was none). */
export function requestLine(r: { vendor: string; method: string; path: string; status: number; body?: unknown }): string {
	const body = r.body === undefined ? '' : ` ${JSON.stringify(r.body)}`;
	return `→ ${r.vendor}: ${r.method} ${r.path}${body} ← ${r.status || 'no answer'}`;
}

const plain = (t: unknown): string => (t && typeof t === 'object' ? String((t as { text?: unknown }).text ?? '') : typeof t === 'string' ? t : '');

/** `[contextual_bar.open] Team board`: the surface's title text, not its JSON. */
export function surfaceLine(s: UiRecord): string {
	const title = plain(s.view?.title) || String(s.view?.id ?? '');
	return `[${s.type}] ${title}`.trimEnd();
}

/** The processor id of a job as the app registered it (Rocket.Chat stores `<id>_<appId>`). */
export const jobName = (job: Pick<StoredJob, 'name'>): string => (job.name.includes('_') ? job.name.slice(0, job.name.lastIndexOf('_')) : job.name);

/** `2026-12-08 03:40:12 UTC` */
export function dateTime(at: number): string {
	return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `29m 48s`, `2h 5m`, `3d 4h`: the largest two units. */
export function span(ms: number): string {
	const s = Math.round(Math.abs(ms) / 1000);
	const parts: Array<[number, string]> = [
		[Math.floor(s / 86400), 'd'],
		[Math.floor((s % 86400) / 3600), 'h'],
		[Math.floor((s % 3600) / 60), 'm'],
		[s % 60, 's'],
	];
	const first = parts.findIndex(([n]) => n > 0);
	if (first < 0) return '0s';
	return parts
		.slice(first, first + 2)
		.filter(([n]) => n > 0)
		.map(([n, u]) => `${n}${u}`)
		.join(' ');
}

/** One line per scheduled job: name, when (with the date) and how far off; recurring ones say how often. */
export function jobLines(jobs: StoredJob[], now = Date.now()): string[] {
	if (jobs.length === 0) return ['(no jobs)'];
	return jobs.map((j) => {
		const off = j.when - now;
		const rel = off >= 0 ? `in ${span(off)}` : `due ${span(off)} ago`;
		return `${jobName(j)}  ${dateTime(j.when)} (${rel})${j.intervalMs ? `, every ${span(j.intervalMs)}` : ''}`;
	});
}

/** `30m`, `2h`, `1h30m`, `45s`, `1d` → milliseconds; undefined when it is not a duration. */
export function parseSpan(text: string): number | undefined {
	const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
	if (!m || text.trim() === '') return undefined;
	const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
	return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}
