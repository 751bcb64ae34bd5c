/**
 * Several app instances over one Rocket.Chat, as a Rocket.Chat cluster runs an app: every server
 * instance runs its own Apps-Engine with its own Deno runtime of the app (so the app's module memory —
 * its settings cache, in-process locks — is per instance), and all of them share one MongoDB (here the
 * World: users, rooms, messages, app persistence, server settings, app metadata, the job table).
 *
 * What a cluster does between its instances, and the sandbox does here:
 * - **jobs**: one job table; each due job is run by exactly one instance (jobs.ts);
 * - **events** happen on the instance where they are caused (a status change made through one
 *   instance's user bridge fires `IPostUserStatusChanged` there), requests and commands go to the
 *   instance the test names (`demo.hosts[1]`);
 * - **settings**: an admin saves a setting on one instance; Rocket.Chat broadcasts
 *   `apps.settingUpdated` and every other instance's `AppServerListener.onAppSettingUpdated` calls its
 *   own `updateAppSetting`, which runs the app's `onSettingUpdated` there (below: `settingSaved`).
 */
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { seeded } from '../random';
import { JobClock } from './jobs';
import type { World } from './world';

/** What the cluster needs of one instance. */
export interface ClusterMember {
	readonly instance: number;
	/** The app is enabled there and the instance is not stopping: it takes relayed settings. */
	live(): boolean;
	/** Runs the app's `updateAppSetting` on this instance, as Rocket.Chat's listener does for a setting saved elsewhere. */
	applySettingFromPeer(appId: string, setting: ISetting): Promise<void>;
	idle(): Promise<void>;
	/** Whether work is in flight on this instance. */
	busy(): boolean;
	error(text: string): void;
	track<T>(p: Promise<T>): Promise<T>;
}

export class Cluster {
	public readonly jobs: JobClock;
	private readonly members = new Map<number, ClusterMember>();
	/** Setting updates each instance received from a peer, so applying one does not broadcast it back (as Rocket.Chat's `received` map). */
	private readonly received = new Map<number, Set<string>>();
	private readonly random: () => number;

	constructor(public readonly world: World, opts: { manual: boolean; seed?: number }) {
		this.random = seeded(opts.seed ?? 20261207);
		this.jobs = new JobClock(world, { manual: opts.manual, draw: (n) => Math.floor(this.random() * n), idle: () => this.idle() });
	}

	public join(member: ClusterMember): void {
		const old = this.members.get(member.instance);
		if (old?.live()) throw new Error(`sandbox cluster: instance ${member.instance} is still running`);
		this.members.set(member.instance, member);
	}

	public leave(member: ClusterMember): void {
		if (this.members.get(member.instance) === member) this.members.delete(member.instance);
	}

	/** Waits until no instance has work in flight (status echoes, jobs, relayed settings). */
	public async idle(): Promise<void> {
		// one instance's work may start work on another (a relayed setting): settle until none is busy
		do await Promise.all([...this.members.values()].map((m) => m.idle()));
		while ([...this.members.values()].some((m) => m.busy()));
	}

	/**
	 * An instance's engine saved a setting (its detail-changes bridge was told). Every other live
	 * instance applies it with its own settings manager, unless this save was itself a relayed one.
	 * Returns when they all have (Rocket.Chat's broadcast takes milliseconds; tests see its end).
	 */
	public async settingSaved(from: number, appId: string, setting: ISetting): Promise<void> {
		const key = `${appId}_${setting.id}`;
		const mine = this.received.get(from);
		if (mine?.delete(key)) return;
		const peers = [...this.members.values()].filter((m) => m.instance !== from && m.live());
		await Promise.all(
			peers.map((peer) => {
				const got = this.received.get(peer.instance) ?? new Set<string>();
				this.received.set(peer.instance, got);
				got.add(key);
				return peer.track(
					peer.applySettingFromPeer(appId, setting).catch((e: unknown) => {
						got.delete(key);
						peer.error(`setting ${setting.id} relayed to instance ${peer.instance}: ${e instanceof Error ? e.message : String(e)}`);
					}),
				);
			}),
		);
	}
}
