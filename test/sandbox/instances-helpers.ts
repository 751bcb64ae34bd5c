/** The generated actions of the two-instance tests (the actions themselves: sandbox/agent-probe.ts). */
import fc from 'fast-check';
import { type Action, CUSTOM, PRESENCES, TEXTS, type Timed } from '../../sandbox/agent-probe';

const on = fc.integer({ min: 0, max: 1 });
const presence = fc.constantFrom(...PRESENCES);
export const action: fc.Arbitrary<Action> = fc.oneof(
	{ weight: 3, arbitrary: fc.record({ t: fc.constant('st' as const), on, presence, text: fc.constantFrom(...TEXTS) }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('bot' as const), on, presence, text: fc.constantFrom(...TEXTS) }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('menu' as const), on, presence }) },
	{ weight: 2, arbitrary: fc.record({ t: fc.constant('callbell' as const), on, available: fc.boolean(), custom: fc.constantFrom(...CUSTOM) }) },
	{ weight: 1, arbitrary: fc.record({ t: fc.constant('report' as const), on }) },
);
export const timed: fc.Arbitrary<Timed> = fc.tuple(action, fc.constantFrom(0, 0, 1, 3, 8)).map(([a, delay]) => ({ ...a, delay }));

