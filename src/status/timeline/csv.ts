import { PRESENCES } from '../../vendors/rocketchat';
import { utf8Length } from '../../vendors/limits';
import type { AgentReport } from './report';

/**
 * The report as CSV (RFC 4180: comma-separated, CRLF line ends, a field holding a comma, quote, CR
 * or LF is quoted and its quotes doubled), for a spreadsheet. One table: first the totals, one row
 * per agent per viewer's day per status (`presence` rows, then `preset` rows, then `callbell`), then
 * the raw intervals (`interval` rows, from/to in ISO 8601 at the viewer's offset). Columns are fixed
 * English ids, so a sheet built on them works in every language.
 * - Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@` (and tab or CR)
 *   as a formula; such a cell (a status text, a preset or username someone chose) gets a leading `'`.
 * - Bounded: at most `maxRows` data rows and `maxBytes` bytes (CSV_MAX_ROWS, CSV_MAX_BYTES); past that
 *   the table stops at a whole row and `truncated` says so. An interval row's `over_limit_seconds` is
 *   that of the whole hold of a preset it belongs to (limits.ts).
 */
export const CSV_MAX_ROWS = 20_000;
/** and at most this many bytes (UTF-8), whatever the rows hold */
export const CSV_MAX_BYTES = 2_000_000;
export const CSV_COLUMNS = ['username', 'name', 'day', 'kind', 'status', 'seconds', 'from', 'to', 'text', 'source', 'by', 'over_limit_seconds'] as const;
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/** One field: neutralised when a spreadsheet would read it as a formula, quoted when it must be. */
export function csvField(value: string | number | undefined): string {
	let s = value === undefined ? '' : String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ISO 8601 with the viewer's offset: `2026-12-07T09:00:00-03:00`. */
export function isoAt(at: number, offsetMs: number): string {
	const local = new Date(at + offsetMs).toISOString().slice(0, 19);
	const m = Math.round(Math.abs(offsetMs) / 60_000);
	return `${local}${offsetMs < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

const seconds = (ms: number) => Math.round(ms / 1000);

function* rowsOf(reports: ReadonlyArray<AgentReport>, offsetMs: number): Generator<Row> {
	for (const r of reports) {
		const who = { username: r.agent.username, name: r.agent.name ?? '' };
		for (const d of r.days) {
			for (const p of PRESENCES) if (d.totals.presence[p] > 0) yield { ...who, day: d.day, kind: 'presence', status: p, seconds: seconds(d.totals.presence[p]) };
			for (const [preset, ms] of d.totals.preset) yield { ...who, day: d.day, kind: 'preset', status: preset, seconds: seconds(ms) };
			for (const k of ['available', 'unavailable'] as const) if (d.totals.callbell[k] > 0) yield { ...who, day: d.day, kind: 'callbell', status: k, seconds: seconds(d.totals.callbell[k]) };
		}
	}
	for (const r of reports) {
		const who = { username: r.agent.username, name: r.agent.name ?? '' };
		for (const d of r.days) {
			for (const i of d.intervals) {
				const over = r.overruns.find((o) => o.from <= i.from && i.to <= o.to);
				yield {
					...who,
					day: d.day,
					kind: 'interval',
					status: i.state.preset ? `${i.state.presence}/${i.state.preset}` : i.state.presence,
					seconds: seconds(i.to - i.from),
					from: isoAt(i.from, offsetMs),
					to: isoAt(i.to, offsetMs),
					text: i.state.text,
					source: i.state.source,
					by: i.state.by,
					...(over ? { over_limit_seconds: seconds(over.overMs) } : {}),
				};
			}
		}
	}
}

export function reportCsv(reports: ReadonlyArray<AgentReport>, offsetMs: number, maxRows = CSV_MAX_ROWS, maxBytes = CSV_MAX_BYTES): { csv: string; rows: number; truncated: boolean } {
	const lines = [CSV_COLUMNS.join(',')];
	let bytes = lines[0].length + 2;
	let rows = 0;
	let truncated = false;
	for (const row of rowsOf(reports, offsetMs)) {
		const line = CSV_COLUMNS.map((c) => csvField(row[c])).join(',');
		bytes += utf8Length(line) + 2;
		if (rows === maxRows || bytes > maxBytes) {
			truncated = true;
			break;
		}
		lines.push(line);
		rows++;
	}
	return { csv: `${lines.join('\r\n')}\r\n`, rows, truncated };
}
