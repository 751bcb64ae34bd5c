import type { IUserRead } from '@rocket.chat/apps-engine/definition/accessors/IUserRead';
import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
import { type IUser, UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';
import type { ClaimState } from '../../../src/presence-claims';
import type { RcChange } from '../../../src/status/claims/change';
import { ClaimsProbe } from '../../../src/status/claims/probe';
import { type RocketChatWriter, rocketChatWriter, type WriterOptions } from '../../../src/status/claims/writer';
import { type Claim, displayed, endActive, expire, legacyUpdateStatus, person, type PresenceUser, setActive } from '../fakes/presence-claims';

/**
 * A Rocket.Chat server as the claims writer meets it, each user's status held by the 8.6 model
 * (fakes/presence-claims.ts): the user updater applies the model's rules (never the writer's), the user
 * reader shows the result as an `IUser`, and Rocket.Chat's own claims (calls, meetings, calendars) and
 * its expiry job act on the same users without the app.
 *
 * - `claims`: 8.6+ with an engine that has setActiveState/endActiveState; `updateStatus` is what it
 *   becomes there (legacyUpdateStatus).
 * - `legacy`: an engine without them, like 1.62's Deno Proxy: the methods exist and the server refuses
 *   them; `updateStatus` is only recorded (the old status model is not this model).
 * - `claims` with `timeouts`: the first n calls of endActiveState time out (an undecided probe).
 */

export const T0 = Date.UTC(2026, 11, 7, 9);
export const MIN = 60_000;
export const AGENT = 'agent-1';
export const APP_USER = 'app-user';

export type Call = { method: string; params: unknown[] };

export class Engine {
	public now = T0;
	public readonly calls: Call[] = [];
	public updateStatusAnswer: boolean | Error = true;
	private readonly users = new Map<string, PresenceUser>();

	constructor(
		private readonly kind: 'claims' | 'legacy',
		agent: Partial<PresenceUser> = {},
		private readonly o: { timeouts?: number; blind?: boolean } = {},
	) {
		this.users.set(AGENT, person(agent));
		this.users.set(APP_USER, person({ kind: 'app' }));
	}

	public get agent(): PresenceUser {
		return this.state(AGENT);
	}

	/** Rocket.Chat itself (a call, a meeting, a calendar, the person in the client) claims or ends, without the app. */
	public claim(c: Claim): void {
		this.users.set(AGENT, setActive(this.agent, c, this.now).user);
	}
	public endClaim(statusId: string): void {
		this.users.set(AGENT, endActive(this.agent, this.now, statusId).user);
	}
	/** Time passes; the server's expiry job runs whether or not the app does. */
	public tick(ms: number): void {
		this.now += ms;
		for (const [id, u] of this.users) this.users.set(id, expire(u, this.now));
	}

	/** What the app reads: the 1.65+ fields too, unless the user converter is `blind`. */
	public iuser(id = AGENT): IUser {
		const u = this.state(id);
		const connection = u.connection === 'none' ? UserStatusConnection.OFFLINE : u.connection === 'away' ? UserStatusConnection.AWAY : UserStatusConnection.ONLINE;
		const base: IUser = { id, username: id, name: id, emails: [], type: UserType.USER, isEnabled: true, roles: ['user'], status: displayed(u), statusConnection: connection, statusText: u.active.text, utcOffset: 0, createdAt: new Date(T0), updatedAt: new Date(T0), lastLoginAt: new Date(T0) };
		if (this.o.blind) return base;
		const { statusDefault, source, statusId, expiresAt } = u.active;
		return Object.assign(base, { statusDefault, ...(source ? { statusSource: source } : {}), ...(statusId ? { statusId } : {}), ...(expiresAt ? { statusExpiresAt: new Date(expiresAt) } : {}) });
	}

	public readonly reader: Pick<IUserRead, 'getById'> = { getById: async (id) => this.iuser(id) };

	public readonly updater = {
		updateStatus: async (user: IUser, statusText: string | undefined, status: string): Promise<boolean> => {
			this.calls.push({ method: 'updateStatus', params: [user.id, statusText, status] });
			if (this.updateStatusAnswer instanceof Error) throw this.updateStatusAnswer;
			if (this.kind === 'claims') this.users.set(user.id, legacyUpdateStatus(this.state(user.id), status as Claim['statusDefault'], statusText ?? '', this.now).user);
			return this.updateStatusAnswer;
		},
		setActiveState: async (userId: string, s: ClaimState): Promise<void> => {
			this.record('setActiveState', [userId, s]);
			const claim: Claim = { statusDefault: s.statusDefault, source: s.statusSource, text: s.statusText, expiresAt: s.statusExpiresAt?.getTime(), statusId: s.statusId };
			this.users.set(userId, setActive(this.state(userId), claim, this.now).user);
		},
		endActiveState: async (userId: string, statusId?: string): Promise<void> => {
			this.record('endActiveState', [userId, statusId]);
			if (this.o.timeouts && this.o.timeouts-- > 0) throw new Error('Request timed out after 30000 ms');
			this.users.set(userId, endActive(this.state(userId), this.now, statusId).user);
		},
	} as unknown as IUserUpdater;

	/** The calls the app made, by method. */
	public made(method: string): unknown[][] {
		return this.calls.filter((c) => c.method === method).map((c) => c.params);
	}

	private record(method: string, params: unknown[]): void {
		this.calls.push({ method, params });
		if (this.kind === 'legacy') throw new Error(`Invalid accessor method "${method}"`);
	}

	private state(id: string): PresenceUser {
		const u = this.users.get(id);
		if (!u) throw new Error(`no user ${id}`);
		return u;
	}
}

/** A writer on this engine, with its own probe (a new runtime). */
export const writerFor = (engine: Engine, over: Partial<WriterOptions> = {}): RocketChatWriter =>
	rocketChatWriter(engine.updater, { probe: new ClaimsProbe(), probeUserId: APP_USER, users: engine.reader, now: () => engine.now, awayText: 'Away', ...over });

export const change = (over: Partial<RcChange> = {}): RcChange => ({ presence: 'busy', text: '', by: 'self', token: 's1', ...over });

/** An engine, its writer, and the writer's calls for the engine's agent as it is now. */
export function setup(kind: 'claims' | 'legacy' = 'claims', agent: Partial<PresenceUser> = {}, o: { timeouts?: number; blind?: boolean } = {}) {
	const engine = new Engine(kind, agent, o);
	const writer = writerFor(engine);
	return { engine, write: (c: Partial<RcChange> = {}) => writer.write(engine.iuser(), change(c)), end: (token: string) => writer.end(engine.iuser(), { token }) };
}
