import * as z from '../zod';

const CLOCK = /^([01]?\d|2[0-3])(?:[:h]([0-5]\d)?)?$/i;

/** `17:30`, `9:05`, `17h30`, `17h`, `9` → minutes after midnight (the one home of the clock syntax: `until 17:30`, working hours). */
// `abort`: text off the pattern never reaches the transform (zod 4 would run it after a failed check).
export const clockSchema = z.pipe(z.string().check(z.regex(CLOCK, { abort: true })), z.transform((s) => {
	const m = CLOCK.exec(s) as RegExpExecArray;
	return Number(m[1]) * 60 + Number(m[2] ?? 0);
}));

/** Minutes after midnight → `09:05`. */
export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
