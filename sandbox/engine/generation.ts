/**
 * What differs between the Apps-Engine generations the sandbox runs (npm test: 1.62; npm run
 * test:engines: the older ones, see docs/engines.md), for tests that must say how a behaviour differs
 * per generation instead of assuming the newest. One home for each such fact, with the engine source
 * that shows it.
 */
import enginePackage from '@rocket.chat/apps-engine/package.json';

/** The engine this process runs (jest.engines.config.js maps `@rocket.chat/apps-engine` per project). */
export const ENGINE_VERSION: string = enginePackage.version;

const [major, minor] = ENGINE_VERSION.split('.').map(Number);
const atLeast = (m: number, n: number) => major > m || (major === m && minor >= n);

/**
 * Whether each engine call has its own logger. From 1.62 it does (deno-runtime/main.ts creates one per
 * request and lib/messenger.ts sends that request's with its answer). 1.53–1.59 keep one for the whole
 * runtime, replaced by every new call (main.ts: `AppObjectRegistry.set('logger', logger)`, `app.logger =
 * logger`), and every answer carries the newest one (messenger.ts `successResponse`/`errorResponse`:
 * `AppObjectRegistry.get('logger')`): the lines of a call that another call overlaps are never stored,
 * and the newer call's entry is stored twice.
 */
export const PER_CALL_LOGGER = atLeast(1, 62);
