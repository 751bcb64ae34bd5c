/**
 * Shared machinery for the vendor simulators, one file per concern under ./http: the server
 * (server.ts), the request pipeline and its order (pipeline.ts), route matching (router.ts), body
 * reading and parsing (body.ts), the per-token sliding-window rate limiter (limiter.ts), the fault
 * knobs (faults.ts), the shared types (types.ts) and small helpers (helpers.ts). Each simulator
 * (botpenguin.ts, callbell.ts, rocketchat.ts) only declares its routes, its error body shape and its
 * domain state.
 */
export * from './http/helpers';
export * from './http/limiter';
export * from './http/server';
export * from './http/types';
