/**
 * Short-lived copies of vendor lists kept in persistence (read and written by src/status/store.ts).
 * Named here so delivery can drop one after a write that changed the list it copies.
 */
export const CALLBELL_STATUSES_CACHE = 'callbell-statuses';
export const cacheKey = (name: string): string => `st:cache:${name}`;
