import type { KeyValueStore } from '../store/kv';
import { type RateLimit, tokenTag, tryAcquire, type WindowLog } from './policy';
import type { Clock, SerialLock } from './runtime';

/**
 * The sliding-window limiter per channel and token, kept in persistence so every server instance
 * shares one window. A slot is stamped when taken and moved to "answered" when the vendor answers, so
 * it is reused only a full window after the vendor counted it.
 */
export class Limiter {
	constructor(
		private readonly kv: KeyValueStore,
		private readonly lock: SerialLock,
		private readonly clock: Clock,
	) {}

	/** Takes a slot now, or says how long until one frees. The token is only ever hashed into the key. */
	public acquire(channel: string, credential: string, limit: RateLimit): Promise<{ ok: true; slot: Slot } | { ok: false; waitMs: number }> {
		const id = `limiter:${channel}:${tokenTag(credential)}`;
		return this.lock.run(async () => {
			const log = (await this.kv.get<WindowLog>(id)) ?? { sent: [] };
			const stamp = this.clock.now();
			const taken = tryAcquire({ sent: Array.isArray(log.sent) ? log.sent.filter((t) => typeof t === 'number') : [] }, limit, stamp);
			if (!taken.ok) return { ok: false as const, waitMs: taken.waitMs };
			await this.kv.put(id, taken.log);
			return { ok: true as const, slot: { id, stamp } };
		});
	}

	/** The vendor answered: the slot counts from now. */
	public answered(slot: Slot): Promise<void> {
		return this.lock.run(async () => {
			const log = (await this.kv.get<WindowLog>(slot.id)) ?? { sent: [] };
			const at = log.sent.indexOf(slot.stamp);
			if (at < 0) return;
			log.sent[at] = this.clock.now();
			await this.kv.put(slot.id, log);
		});
	}
}

export interface Slot {
	id: string;
	stamp: number;
}
