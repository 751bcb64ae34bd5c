import type { Schedule } from '../../parse/st-hours';
import { utcOffsetOf } from '../../parse/utc-offset';

/**
 * Working-hours arithmetic, pure: a schedule in the agent's local time, a moment (epoch ms) and the
 * agent's offset from UTC (Rocket.Chat's `user.utcOffset`, hours, fractional for e.g. India's +5.5).
 *
 * The offset is a fixed number the client updates (daylight saving shows up as a new offset), so a
 * boundary is only ever computed from the offset as it is now; the job re-reads it at every boundary.
 *
 * A shift starts on each listed day at `start` and ends at `end` the same day, or the next day when
 * `end` is not after `start` (`22:00-06:00`). A shift is shorter than a day, so shifts never overlap
 * and boundaries alternate: a start (→ `in`), then its end (→ `out`).
 */

export type HoursState = 'in' | 'out';

/** A moment the state changes, and the state from then on. */
export interface Boundary {
	at: number;
	state: HoursState;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The longest gap between two boundaries: a shift starts at least once a week. */
export const MAX_BOUNDARY_GAP_MS = 7 * DAY;

/** The offset in ms, whole minutes; one that is no real offset reads as UTC (src/parse/utc-offset.ts). */
export const offsetMs = (utcOffset: unknown): number => utcOffsetOf(utcOffset).ms;

/** Every boundary whose local day lies within [from, to] days of the local day of `t` (local epoch ms). */
function boundaries(localT: number, s: Schedule, fromDay: number, toDay: number): Boundary[] {
	const today = Math.floor(localT / DAY);
	const out: Boundary[] = [];
	for (let d = today + fromDay; d <= today + toDay; d++) {
		const weekday = (((d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
		if (!s.days.includes(weekday)) continue;
		const start = d * DAY + s.start * MINUTE;
		const end = d * DAY + s.end * MINUTE + (s.end <= s.start ? DAY : 0);
		out.push({ at: start, state: 'in' }, { at: end, state: 'out' });
	}
	return out;
}

/** The first boundary strictly after `now`. */
export function nextBoundary(now: number, utcOffset: number | undefined, s: Schedule): Boundary {
	const off = offsetMs(utcOffset);
	const local = now + off;
	let best: Boundary | undefined;
	for (const b of boundaries(local, s, -1, 8)) if (b.at > local && (!best || b.at < best.at)) best = b;
	const found = best as Boundary; // a listed day within the next eight days always starts a shift
	return { at: found.at - off, state: found.state };
}

/** The last boundary at or before `t`. */
export function lastBoundary(t: number, utcOffset: number | undefined, s: Schedule): Boundary {
	const off = offsetMs(utcOffset);
	const local = t + off;
	let best: Boundary | undefined;
	for (const b of boundaries(local, s, -8, 1)) if (b.at <= local && (!best || b.at > best.at)) best = b;
	const found = best as Boundary;
	return { at: found.at - off, state: found.state };
}

/** Inside or outside working hours at `t`. */
export function stateAt(t: number, utcOffset: number | undefined, s: Schedule): HoursState {
	return lastBoundary(t, utcOffset, s).state;
}

/**
 * When the job wakes at `t` (at or after the boundary it was armed for), which boundary to apply, if
 * any, with the offset and schedule as they are now:
 * - the armed boundary, as the current offset places it (one hour earlier or later after a daylight
 *   saving change): the newest boundary of the armed state that is not handled yet (after `through`);
 * - a boundary of the other state past the armed moment: the job ran late (server down) and the
 *   newest boundary is what holds now;
 * - nothing when the current offset moves the armed boundary later than `t` (clocks went back): the
 *   newest boundary is then an old one, already applied; the job re-arms for the real moment.
 */
export function dueAtWake(t: number, utcOffset: number | undefined, s: Schedule, armed: Boundary, through: number): Boundary | undefined {
	const last = lastBoundary(t, utcOffset, s);
	if (last.state === armed.state) return last.at > through ? last : undefined;
	return last.at > armed.at ? last : undefined;
}

/** Whose hours apply: the agent's own, the admin default, or none (`/st hours off`). */
export type HoursMode = 'own' | 'default' | 'off';

/**
 * The schedule in force for an agent: their own hours win over the admin default; `off` means none
 * even where a default exists; following the default with no default set means none either.
 */
export function effectiveSchedule(mode: HoursMode, own: Schedule | undefined, fallback: Schedule | undefined): { from: 'own' | 'default' | 'off' | 'none'; schedule?: Schedule } {
	if (mode === 'off') return { from: 'off' };
	if (mode === 'own' && own) return { from: 'own', schedule: own };
	return fallback ? { from: 'default', schedule: fallback } : { from: 'none' };
}
