import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { KeyValueStore } from '../../../src/store/kv';
import type { Transition } from '../../../src/status/timeline/transition';
import { MemoryStore } from '../fakes/memory-store';

/** App persistence in memory, counting the engine calls made on it. */
export function countingKv(): { kv: KeyValueStore; mem: MemoryStore; calls: { reads: number; writes: number }; reset(): void } {
	const mem = new MemoryStore();
	const calls = { reads: 0, writes: 0 };
	const count = <T extends object>(target: T, key: 'reads' | 'writes'): T =>
		new Proxy(target, {
			get(t, p, r) {
				const v: unknown = Reflect.get(t, p, r);
				return typeof v === 'function'
					? (...args: unknown[]) => {
							calls[key]++;
							return (v as (...a: unknown[]) => unknown).apply(t, args);
						}
					: v;
			},
		});
	const kv = new KeyValueStore(count<IPersistenceRead>(mem.reader(), 'reads'), count<IPersistence>(mem.writer(), 'writes'));
	return {
		kv,
		mem,
		calls,
		reset: () => {
			calls.reads = 0;
			calls.writes = 0;
		},
	};
}

export const at = (iso: string): number => Date.parse(iso);

/** A transition with defaults: online, no text, the agent's own change. */
export const tr = (iso: string, more: Partial<Transition> = {}): Transition => ({ at: at(iso), presence: 'online', text: '', source: 'self', ...more });

export const HOUR = 3_600_000;
