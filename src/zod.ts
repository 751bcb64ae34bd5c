/**
 * The one door to zod: `zod/v4-mini`, the functional API whose unused parts a bundle leaves out (about
 * 20 KB less than zod's classic API), with zod's English messages (`field: Invalid input: …` in the
 * answers and logs that quote an issue). The app imports `* as z` from here, never from zod itself
 * (the sandbox's simulators, which never ship, keep zod's classic API).
 */
import { config } from 'zod/v4-mini';
// The English messages alone: `locales.en` through the namespace would bundle every language zod has.
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/v4-mini';

/** A schema whose output is T, of any input: what code that takes "a schema of T" accepts. */
export type Schema<T> = import('zod/v4-mini').ZodMiniType<T, unknown>;
