import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import { Outbox, type Requester } from '../delivery/outbox';
import type { Accessors } from '../accessors';
import { AuditLog } from '../store/audit';
import { StatusSync } from './turn/turn';
import type { StatusDeps } from './turn/deps';
import type { OffStatus } from '../parse/st-hours';
import type { Boundary } from './hours/hours';
import { applyBoundary, type BoundaryOutcome } from './hours/boundary';
import { Identity, type LinkResult } from './model/identity';
import { rcPresets } from './presets/presets';
import { type CallbellEvent, type CallbellSessionEvent, StatusSources } from './turn/sources';
import { type KnownReading, readKnown } from './replies/known';
import { StatusStore } from './model/store';
import type { Applied, ApplyOptions, Want } from './model/types';

export { EXPIRE_JOB } from './turn/turn';
export type { CbOutcome } from './model/types';
export type { Applied, ApplyOptions, RcOutcome, Source, Want } from './model/types';

/**
 * The status feature's one door for commands, endpoints, events and jobs. Behind it:
 * - identity.ts — who is who: links, the user map, who may link what, finding users;
 * - apply.ts    — the one per-agent path every change takes (order, echoes, the timer, Rocket.Chat);
 * - mirror.ts   — the Callbell half (target, ledger, outbox);
 * - sources.ts  — each source's rules (command/bot, Rocket.Chat event, Callbell webhook, timer);
 * - hours-apply.ts — a working-hours boundary (hours.ts computes them, hours-plan.ts arms the job);
 * - store.ts    — what is remembered per agent, validated when read.
 */
export class StatusService {
	public readonly store: StatusStore;
	private readonly d: StatusDeps;
	private readonly outbox: Outbox;
	private readonly sync: StatusSync;
	private readonly sources: StatusSources;

	constructor(ctx: AppContext, a: Accessors, now: () => number = Date.now) {
		this.store = new StatusStore(a.read.getPersistenceReader(), a.persis);
		const identity = new Identity(a.read, this.store);
		this.outbox = new Outbox(ctx, a);
		this.d = { ctx, a, store: this.store, identity, outbox: this.outbox, audit: new AuditLog(this.store.raw()), now };
		this.sync = new StatusSync(this.d);
		this.sources = new StatusSources(this.d, this.sync);
	}

	// ------------------------------------------------------------------ identity
	public callbellUuid(user: IUser): Promise<string | undefined> {
		return this.d.identity.callbellUuid(user);
	}

	/** Links `user` to a Callbell user: `self` for `/st link`, `admin` for `/inbox-bridge link`. A refusal is audited. */
	public async link(user: IUser, uuid: string, by: 'admin' | 'self', requester: Requester): Promise<LinkResult> {
		const result = await this.d.identity.link(user, uuid, by);
		await this.d.audit.add({
			at: this.d.now(),
			userId: requester.userId,
			username: requester.username,
			action: 'callbell.link',
			vendor: 'callbell',
			object: `@${user.username} → ${uuid}`,
			outcome: result.ok ? 'done' : 'refused',
			...(result.ok ? {} : { detail: result.reason }),
		});
		return result;
	}

	public findUser(who: string): Promise<IUser | undefined> {
		return this.d.identity.findUser(who);
	}

	// ------------------------------------------------------------------ presets
	public presets(fresh = false) {
		return rcPresets(this.d.a.read, this.d.a.http, this.store, fresh);
	}

	/**
	 * What the app knows of each of `users` (known.ts: `/st list`, the form, the team board), no vendor
	 * call. `detail`: also why the last Callbell change failed.
	 */
	public known(users: ReadonlyArray<IUser>, opts: { detail: boolean }): Promise<KnownReading> {
		return readKnown(
			{
				store: this.store,
				outbox: this.outbox,
				read: this.d.a.read,
				callbellUuid: (u) => this.d.identity.callbellUuid(u),
				callbellLedger: (id) => this.sync.mirror.ledger(id),
				saveOmnichannel: (id, update) =>
					this.sync.update(id, (sync) => {
						const next = update(sync.omnichannel);
						if (next) sync.omnichannel = next;
						return next !== undefined;
					}),
			},
			users,
			opts,
		);
	}

	// ------------------------------------------------------------------ sources
	/** A change the app was asked for (`/st`, the form, the bot endpoint). */
	public apply(user: IUser, want: Want, opts: ApplyOptions): Promise<Applied> {
		return this.sources.request(user, want, opts);
	}

	public clear(user: IUser, requester: Requester): Promise<{ applied: Applied; hadTimer: boolean }> {
		return this.sources.clear(user, requester);
	}

	public fromRocketChat(user: IUser, currentStatus: string): Promise<Applied | undefined> {
		return this.sources.fromRocketChat(user, currentStatus);
	}

	/** The Callbell webhook: only for agents who have a Callbell user (linked or mapped); nobody else is changed. */
	public async fromCallbell(user: IUser, event: CallbellEvent): Promise<Applied | 'echo' | 'stale' | 'not_linked'> {
		if (!(await this.d.identity.callbellUuid(user))) return 'not_linked';
		return this.sources.fromCallbell(user, event);
	}

	/** A Callbell login or logout (already mapped to a presence): the same agents as the webhook above. */
	public async fromCallbellSession(user: IUser, event: CallbellSessionEvent): Promise<Applied | 'stale' | 'not_linked'> {
		if (!(await this.d.identity.callbellUuid(user))) return 'not_linked';
		return this.sources.fromCallbellSession(user, event);
	}

	public expire(userId: string, token: string): Promise<Applied | undefined> {
		return this.sources.expire(userId, token);
	}

	/** A boundary of the agent's working hours (the job in hours-feature.ts; the rules in hours-apply.ts). */
	public boundary(user: IUser, due: Boundary, previous: Boundary, off: OffStatus): Promise<BoundaryOutcome> {
		return applyBoundary(this.d, this.sync, user, due, previous, off);
	}
}
