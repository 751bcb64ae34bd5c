import type { IHttp, IHttpRequest, IHttpResponse, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RequestMethod } from '@rocket.chat/apps-engine/definition/accessors';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../../../src/context';
import type { Accessors } from '../../../src/accessors';
import { appSettings } from '../../../src/settings-cache';

/**
 * A small in-memory Rocket.Chat + Callbell for unit and property tests of the status units: app
 * persistence (shared by every "instance" built over one world, as MongoDB is in a cluster), users
 * and their status events, settings, the scheduler, and a Callbell that keeps per-user state, emits
 * its own `agent_status_updated` events, and fails on request. Every accessor call yields to the
 * event loop first, so concurrent calls interleave at each await as they do over the engine's bridge.
 */

const CB = 'https://callbell.test/v1';
const SITE = 'https://chat.test';
let counter = 0;
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
/** As app persistence does: a field set to undefined is stored as null. */
const stored = <T>(v: T): T => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x === undefined ? null : x))) as T;
const keyOf = (a: RocketChatAssociationRecord) => `${a.getModel()}:${a.getID()}`;

export interface RcEvent {
	user: IUser;
	currentStatus: string;
	previousStatus: string;
	/** written by the app (its echo) or by the agent in Rocket.Chat's menu */
	byApp: boolean;
}

export interface CbUser {
	available: boolean;
	customStatusId: string | null;
	/** Callbell's time of the last change (ms) */
	at: number;
}

export interface CbEvent {
	email: string;
	available: boolean;
	customStatusId: string | null;
	at: number;
}

/** `dies_*`: the app instance dies in that request (it never returns): before Callbell got it, or after Callbell applied it. */
export type CbFault = 500 | 401 | 429 | 'timeout_after_applied' | 'unreadable_2xx' | 'dies_before_sent' | 'dies_after_applied';

/** A call that never returns: the instance that made it is gone. */
const never = () => new Promise<never>(() => undefined);

export class MemoryWorld {
	public now = Date.UTC(2026, 10, 30, 12, 0, 0);
	/** Callbell's clock runs this far from the app's (both are only roughly in sync in real life) */
	public cbSkewMs = 0;
	public readonly records: Array<{ assoc: Set<string>; data: unknown }> = [];
	public readonly users = new Map<string, IUser>();
	/** Saving a setting notifies the app, as the engine does (`onSettingUpdated` on every instance). */
	public readonly settings = new (class extends Map<string, unknown> {
		public override set(id: string, value: unknown): this {
			appSettings.changed();
			return super.set(id, value);
		}
	})();
	public readonly jobs = new Map<string, { name: string; when: number; data: unknown }>();
	/** status events Rocket.Chat has yet to deliver to the app */
	public readonly rcEvents: RcEvent[] = [];
	public readonly cbUsers = new Map<string, CbUser & { email: string }>();
	/** webhook events Callbell has yet to deliver */
	public readonly cbEvents: CbEvent[] = [];
	public readonly cbCustomStatuses = [
		{ id: 'cs-lunch', name: 'Lunch' },
		{ id: 'cs-meeting', name: 'In a meeting' },
		{ id: 'cs-vacation', name: 'Vacation' },
	];
	public readonly rcPresets = [
		{ _id: 'rc-lunch', name: 'Lunch', statusType: 'away' },
		{ _id: 'rc-meeting', name: 'In a meeting', statusType: 'busy' },
	];
	/** every Callbell write (PUT/DELETE) as sent */
	public readonly cbWrites: Array<{ uuid: string; body: Record<string, unknown> }> = [];
	public readonly cbFaults: CbFault[] = [];

	constructor() {
		this.settings.set('callbell_base_url', CB);
		this.settings.set('callbell_api_token', 'cb-token');
		this.settings.set('status_mirror_from_rocketchat', true);
		this.settings.set('rocketchat_admin_user_id', 'admin-id');
		this.settings.set('rocketchat_admin_token', 'rc-token');
		this.settings.set('api_secret', 'bot-secret');
		this.settings.set('retry_base_delay_ms', 1);
	}

	public addAgent(username: string, uuid?: string): IUser {
		const user = { id: `u-${username}`, username, name: username, emails: [{ address: `${username}@test.io`, verified: true }], status: 'online', statusText: '', type: 'user', isEnabled: true, roles: ['user'], utcOffset: 0 } as unknown as IUser;
		this.users.set(user.id, user);
		if (uuid) {
			this.cbUsers.set(uuid, { email: `${username}@test.io`, available: true, customStatusId: null, at: 0 });
			const map = String(this.settings.get('callbell_user_map') ?? '');
			this.settings.set('callbell_user_map', `${map}${map ? '\n' : ''}${username}@test.io = ${uuid}`);
		}
		return user;
	}

	/** The accessors one app call gets (any "instance": they all share this world). */
	public accessors(): Accessors {
		return { read: this.read(), modify: this.modify(), http: this.http(), persis: this.persistence() };
	}

	public readonly ctx: AppContext = { appId: 'app-id', logger: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, log: () => undefined } as unknown as AppContext['logger'] };

	/** The agent changes status in Rocket.Chat's own menu. */
	public userChanges(userId: string, status: string): void {
		const before = this.users.get(userId) as IUser;
		const after = { ...before, status } as IUser;
		this.users.set(userId, after);
		this.rcEvents.push({ user: after, currentStatus: status, previousStatus: String(before.status), byApp: false });
	}

	/** Someone changes the agent's status in Callbell: its state moves, an event is on its way. */
	public callbellChanges(uuid: string, available: boolean, customStatusId: string | null, at = this.now + this.cbSkewMs): CbEvent {
		const u = this.cbUsers.get(uuid) as CbUser & { email: string };
		Object.assign(u, { available, customStatusId, at });
		const event = { email: u.email, available, customStatusId, at };
		this.cbEvents.push(event);
		return event;
	}

	private persistence(): IPersistence {
		const match = (r: { assoc: Set<string> }, wanted: RocketChatAssociationRecord[]) => wanted.every((a) => r.assoc.has(keyOf(a)));
		const remove = async (wanted: RocketChatAssociationRecord[]) => {
			await yieldNow();
			const gone = this.records.filter((r) => match(r, wanted));
			for (const r of gone) this.records.splice(this.records.indexOf(r), 1);
			return gone.map((r) => stored(r.data) as object);
		};
		return {
			create: async (data: object) => {
				await yieldNow();
				this.records.push({ assoc: new Set(), data: stored(data) });
				return `p${counter++}`;
			},
			createWithAssociation: async (data: object, a: RocketChatAssociationRecord) => this.persistence().createWithAssociations(data, [a]),
			createWithAssociations: async (data: object, assocs: RocketChatAssociationRecord[]) => {
				await yieldNow();
				this.records.push({ assoc: new Set(assocs.map(keyOf)), data: stored(data) });
				return `p${counter++}`;
			},
			update: async () => {
				throw new Error('not used');
			},
			updateByAssociation: async (a: RocketChatAssociationRecord, data: object, upsert?: boolean) => this.persistence().updateByAssociations([a], data, upsert),
			updateByAssociations: async (assocs: RocketChatAssociationRecord[], data: object, upsert?: boolean) => {
				await yieldNow();
				const found = this.records.filter((r) => match(r, assocs));
				if (found.length === 0 && upsert) this.records.push({ assoc: new Set(assocs.map(keyOf)), data: stored(data) });
				for (const r of found) r.data = stored(data);
				return 'p';
			},
			remove: async () => undefined,
			removeByAssociation: async (a: RocketChatAssociationRecord) => remove([a]),
			removeByAssociations: async (assocs: RocketChatAssociationRecord[]) => remove(assocs),
		} as unknown as IPersistence;
	}

	private read(): IRead {
		const readBy = async (assocs: RocketChatAssociationRecord[]) => {
			await yieldNow();
			return this.records.filter((r) => assocs.every((a) => r.assoc.has(keyOf(a)))).map((r) => stored(r.data) as object);
		};
		const reader = {
			read: async () => undefined,
			readByAssociation: async (a: RocketChatAssociationRecord) => readBy([a]),
			readByAssociations: readBy,
		};
		const users = {
			// no app user: an outcome the app wants to announce has nowhere to go (logged)
			getAppUser: async () => undefined,
			getById: async (id: string) => {
				await yieldNow();
				const u = this.users.get(id);
				return u ? stored(u) : undefined;
			},
			getByUsername: async (name: string) => {
				await yieldNow();
				const u = [...this.users.values()].find((x) => x.username === name);
				return u ? stored(u) : undefined;
			},
		};
		const settings = { getValueById: async (id: string) => this.settings.get(id) };
		const server = { getValueById: async (id: string) => (id === 'Site_Url' ? SITE : undefined) };
		return {
			getPersistenceReader: () => reader,
			getUserReader: () => users,
			getEnvironmentReader: () => ({ getSettings: () => settings, getServerSettings: () => server }),
		} as unknown as IRead;
	}

	/**
	 * An engine with presence claims (8.6+, Apps-Engine 1.65+): the user updater also has
	 * setActiveState/endActiveState, recorded in `claimCalls`; a claim shows at once (no stash here: the
	 * rules are test/unit/fakes/presence-claims.ts's, tested with the writer in test/unit/claims/).
	 */
	public claimsEngine = false;
	/** A claim Rocket.Chat holds over the app's (e.g. a call: internal), shown instead of what the app claims. */
	public heldClaim?: { statusDefault: string; statusText: string; statusId: string; statusSource: 'internal' | 'manual' | 'external' };
	public readonly claimCalls: Array<{ method: 'setActiveState' | 'endActiveState'; userId: string; state?: Record<string, unknown>; statusId?: string }> = [];

	private claimsUpdater() {
		return {
			setActiveState: async (userId: string, state: { statusDefault: string; statusText?: string } & Record<string, unknown>) => {
				await yieldNow();
				this.claimCalls.push({ method: 'setActiveState', userId, state });
				const before = this.users.get(userId) as IUser;
				// a stronger claim held by Rocket.Chat itself (a call): the app's waits, what shows stays
				if (this.heldClaim) this.users.set(userId, { ...before, status: this.heldClaim.statusDefault, statusDefault: this.heldClaim.statusDefault, statusText: this.heldClaim.statusText, statusId: this.heldClaim.statusId, statusSource: this.heldClaim.statusSource } as unknown as IUser);
				else this.users.set(userId, { ...before, status: state.statusDefault, statusDefault: state.statusDefault, statusText: state.statusText ?? before.statusText, statusId: state.statusId, statusSource: state.statusSource } as unknown as IUser);
			},
			endActiveState: async (userId: string, statusId?: string) => {
				await yieldNow();
				this.claimCalls.push({ method: 'endActiveState', userId, ...(statusId !== undefined ? { statusId } : {}) });
			},
		};
	}

	private modify(): IModify {
		const updater = {
			updateStatus: async (user: IUser, statusText: string, status: string) => {
				await yieldNow();
				const before = this.users.get(user.id) as IUser;
				const after = { ...before, status, statusText } as IUser;
				this.users.set(user.id, after);
				// Rocket.Chat broadcasts a presence change (not a text-only one) to the app later
				if (before.status !== status) this.rcEvents.push({ user: stored(after), currentStatus: status, previousStatus: String(before.status), byApp: true });
				return true;
			},
		};
		if (this.claimsEngine) Object.assign(updater, this.claimsUpdater());
		const scheduler = {
			scheduleOnce: async (job: { id: string; when: Date; data?: unknown }) => {
				await yieldNow();
				const id = (counter++).toString(16).padStart(24, '0');
				this.jobs.set(id, { name: job.id, when: new Date(job.when).getTime(), data: job.data });
				return id;
			},
			cancelJob: async (id: string) => {
				await yieldNow();
				this.jobs.delete(id);
			},
		};
		return { getUpdater: () => ({ getUserUpdater: () => updater }), getScheduler: () => scheduler } as unknown as IModify;
	}

	private http(): IHttp {
		const respond = (url: string, method: RequestMethod, status: number, json: unknown): IHttpResponse => ({ url, method, statusCode: status, headers: { 'content-type': 'application/json' }, content: JSON.stringify(json), data: json });
		const call = async (method: RequestMethod, url: string, options?: IHttpRequest): Promise<IHttpResponse> => {
			await yieldNow();
			if (url.startsWith(`${SITE}/api/v1/custom-user-status.list`)) return respond(url, method, 200, { statuses: this.rcPresets, total: this.rcPresets.length, success: true });
			if (!url.startsWith(CB)) throw new Error(`MemoryWorld: no route for ${method} ${url}`);
			const fault = this.cbFaults.shift();
			if (fault === 500 || fault === 401) return respond(url, method, fault, { error: `simulated ${fault}` });
			if (fault === 429) return { ...respond(url, method, 429, { error: 'slow down' }), headers: { 'content-type': 'application/json', 'retry-after': '1' } };
			if (fault === 'dies_before_sent') return never();
			const path = url.slice(CB.length);
			if (method === RequestMethod.GET && path === '/custom_statuses') return respond(url, method, 200, { customStatuses: this.cbCustomStatuses });
			const m = /^\/users\/([^/]+)\/status$/.exec(path);
			const user = m ? this.cbUsers.get(decodeURIComponent(m[1])) : undefined;
			if (!m || !user) return respond(url, method, 404, { error: 'not found' });
			const body = JSON.parse(options?.content ?? '{}') as { available?: boolean; custom_status_uuid?: string | null };
			this.cbWrites.push({ uuid: m[1], body });
			if (body.available !== undefined) user.available = body.available;
			if (body.custom_status_uuid !== undefined) user.customStatusId = body.custom_status_uuid;
			// Callbell stamps a change when it applies it, a moment after the app sent it
			user.at = this.now + this.cbSkewMs + 1;
			// and tells the app about every change, the app's own included
			this.cbEvents.push({ email: user.email, available: user.available, customStatusId: user.customStatusId, at: user.at });
			if (fault === 'dies_after_applied') return never();
			if (fault === 'timeout_after_applied') throw Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' });
			if (fault === 'unreadable_2xx') return { url, method, statusCode: 200, headers: { 'content-type': 'text/html' }, content: '<html>ok' };
			const custom = user.customStatusId ? { id: user.customStatusId, name: 'x', last_updated_at: 'z' } : null;
			return respond(url, method, 200, { user_status: { custom_status: custom, appearance: { available: user.available, last_updated_at: 'z' } } });
		};
		return {
			get: (url: string, o?: IHttpRequest) => call(RequestMethod.GET, url, o),
			put: (url: string, o?: IHttpRequest) => call(RequestMethod.PUT, url, o),
			post: (url: string, o?: IHttpRequest) => call(RequestMethod.POST, url, o),
			del: (url: string, o?: IHttpRequest) => call(RequestMethod.DELETE, url, o),
			patch: (url: string, o?: IHttpRequest) => call(RequestMethod.PATCH, url, o),
		} as unknown as IHttp;
	}
}
