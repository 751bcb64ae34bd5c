import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { KeyValueStore } from '../store/kv';
import type { Clock } from './runtime';

/** A drain marker older than this, with its drain never having re-armed, belongs to a drain that died. */
const DRAIN_MARKER_STALE_MS = 30000;
const MARKER = 'drain:next';
/** The scheduler job that runs a drain (./drain.ts). */
export const DRAIN_JOB = 'delivery.drain';

/**
 * When the next drain runs: one scheduler job, and a marker of its time that every instance reads, so
 * a call that queues something arms a drain only when none is armed for that moment or earlier.
 * Without a scheduler (an event the engine called without `modify`) nothing is armed and no marker is
 * left: what such a call queues goes with the recurring sweep (./jobs.ts, every minute).
 */
export class DrainArming {
	constructor(
		private readonly kv: KeyValueStore,
		private readonly clock: Clock,
		private readonly modify?: IModify,
	) {}

	/** Arms a drain for `at` unless one is already armed no later (and not stale). */
	public async arm(at: number): Promise<void> {
		const now = this.clock.now();
		const marker = await this.kv.get<{ at?: unknown }>(MARKER);
		if (marker && typeof marker.at === 'number' && marker.at <= at && marker.at > now - DRAIN_MARKER_STALE_MS) return;
		await this.rearm(at);
	}

	/** Arms a drain for `at`, whatever is armed: the drain calls this for its own successor. */
	public async rearm(at: number): Promise<void> {
		if (!this.modify) return;
		const now = this.clock.now();
		await this.kv.put(MARKER, { at });
		await this.modify.getScheduler().scheduleOnce({ id: DRAIN_JOB, when: new Date(Math.max(at, now)) });
	}
}
