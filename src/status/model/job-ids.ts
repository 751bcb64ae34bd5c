/**
 * A scheduler job id Rocket.Chat can cancel by id (its Agenda document id). Anything else is never
 * passed to cancelJob: a processor name there would cancel every agent's job of that kind.
 */
export const CANCELLABLE_JOB = /^[0-9a-f]{24}$/i;
