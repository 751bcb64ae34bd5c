import * as z from '../zod';

/**
 * A user's offset from UTC, the one home of how the app reads it. Rocket.Chat's `user.utcOffset` is
 * hours (fractional: India +5.5, Nepal +5.75), set by the user's own client, and the server only checks
 * that it is a number — so it is input like any other: `1e17`, `NaN` or `-9999` can arrive. Real offsets
 * lie within −12 h … +14 h; anything outside ±14 h, or not a finite number, is read as UTC and
 * flagged (`ignored`) so the reply can say so. No offset at all (a user who never signed in from a
 * client) is UTC too, silently: replies name the zone they use.
 */

/** The widest offset a real time zone has (Kiribati, UTC+14). */
export const MAX_UTC_OFFSET_HOURS = 14;

const MINUTE = 60_000;

const offsetSchema = z.number().check(z.gte(-MAX_UTC_OFFSET_HOURS), z.lte(MAX_UTC_OFFSET_HOURS));

export interface UtcOffset {
	/** whole minutes east of UTC, within ±14 h */
	minutes: number;
	/** the same in ms */
	ms: number;
	/** an offset was given but is no real one: UTC is used instead */
	ignored: boolean;
}

export function utcOffsetOf(raw: unknown): UtcOffset {
	if (raw === undefined || raw === null) return { minutes: 0, ms: 0, ignored: false };
	const parsed = offsetSchema.safeParse(raw);
	if (!parsed.success) return { minutes: 0, ms: 0, ignored: true };
	const minutes = Math.round(parsed.data * 60) || 0; // never −0
	return { minutes, ms: minutes * MINUTE, ignored: false };
}

/** `UTC`, `UTC+1`, `UTC−3`, `UTC+5:30`, `UTC+5:45`: an offset as replies name it. */
export function zoneName(offset: UtcOffset): string {
	if (offset.minutes === 0) return 'UTC';
	const abs = Math.abs(offset.minutes);
	const h = Math.floor(abs / 60);
	const m = abs % 60;
	return `UTC${offset.minutes > 0 ? '+' : '−'}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * Whether `at` is a moment a timer or a working-hours job may be armed for, seen from `now`: a finite
 * time no earlier than `now - pastMs` and no later than `now + futureMs`. Every computed `until` and
 * boundary passes through it before it reaches the scheduler or a reply.
 */
export const withinRange = (at: number, now: number, futureMs: number, pastMs = 0): boolean => Number.isFinite(at) && at >= now - pastMs && at <= now + futureMs;
