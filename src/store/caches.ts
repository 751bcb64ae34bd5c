import * as z from '../zod';
import { LIST_LIMITS, utf8Length } from '../vendors/limits';

/**
 * Short-lived copies of vendor lists kept in persistence (read and written by src/status/model/store.ts).
 * Named here so delivery can drop one after a write that changed the list it copies.
 */
export const CALLBELL_STATUSES_CACHE = 'callbell-statuses';
export const cacheKey = (name: string): string => `st:cache:${name}`;

/**
 * The most a cached copy may weigh in persistence (its JSON, UTF-8). The lists are bounded where they
 * are read (src/vendors/limits.ts), so this is the backstop: a copy over it is not kept at all (the
 * list is read from the vendor each time instead), never cut, since a cut copy would hide statuses.
 */
export const MAX_CACHE_BYTES = 256 * 1024;

/** A cached copy as read back: bounded like the vendor answer it copies; anything else reads as absent. */
export const cachedListSchema = z.object({
	at: z.number(),
	list: z.array(z.record(z.string(), z.union([z.string().check(z.maxLength(LIST_LIMITS.nameLength)), z.number(), z.boolean(), z.null()]))).check(z.maxLength(LIST_LIMITS.totalItems)),
});

/** Whether a copy may be kept (MAX_CACHE_BYTES). */
export const fitsCache = (record: { at: number; list: unknown[] }): boolean => record.list.length <= LIST_LIMITS.totalItems && utf8Length(JSON.stringify(record)) <= MAX_CACHE_BYTES;
