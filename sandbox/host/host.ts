/**
 * The sandbox host: Rocket.Chat's own Apps-Engine (1.62.0, the Deno runtime Rocket.Chat 7–8 run)
 * with in-memory bridges. It installs the built zip exactly as a server would and gives tests a
 * small API: `host.as('alice').run('/st busy')`, `host.fire.userStatusChanged(...)`,
 * `host.api.post(...)`, `host.jobs.runDue()`, `host.ui.submit(...)`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import AdmZip from 'adm-zip';
import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { AppStatus, AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import { checkMessageBlocks, checkSurface } from '../contracts/uikit';
import { SandboxBridges, type UiRecord } from './bridges';
import { prepareRuntimeEnd } from './runtime-end';
import { WorldLogStorage, WorldMetadataStorage, WorldSourceStorage } from './storage';
import { type Delivered, newId, type StoredJob, type UserSeed, World } from './world';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DENO_DIR = path.join(ROOT, 'sandbox', '.deno-cache');

export function defaultZipPath(): string {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { nameSlug: string; version: string };
	return path.join(ROOT, 'dist', `${manifest.nameSlug}_${manifest.version}.zip`);
}

export interface HostOptions {
	/** The app package to install; default: the one `npm run build` wrote. */
	zip?: string | Buffer;
	/** Reuse a world to simulate a server restart (persistence, jobs and app state survive). */
	world?: World;
	/** App settings to set after install (fires onSettingUpdated like the admin UI). */
	settings?: Record<string, unknown>;
	/** `real`: scheduled jobs fire on their own; `manual`: only `jobs.runDue()` runs them. */
	timers?: 'real' | 'manual';
	/** Fire IPostUserStatusChanged after the app changes a status, as Rocket.Chat's presence broadcast does. */
	echoStatusEvents?: boolean;
	/** Install the zip (default) or only load what the world already has installed. */
	install?: boolean;
}

export interface Reply {
	/** Ephemeral texts the app sent to the acting user during the call. */
	texts: string[];
	/** All of them joined by newlines, handy for `toContain`. */
	text: string;
	/** Every message or notification the app produced during the call. */
	delivered: Delivered[];
	/** Modals and other surfaces the app opened for the user during the call. */
	surfaces: UiRecord[];
	/** What the app's handler returned (for a view submission: success or the field errors). */
	response?: unknown;
}

export class SandboxHost {
	public readonly errors: string[] = [];
	public readonly world: World;
	public readonly bridges: SandboxBridges;
	public appId = '';
	private manager!: AppManager;
	private readonly processors = new Map<string, IProcessor>();
	private readonly timers = new Map<string, NodeJS.Timeout>();
	private readonly pending = new Set<Promise<unknown>>();
	private readonly restoreConsole: () => void;
	private readonly tempDir: string;
	private stopped = false;

	private constructor(private readonly opts: HostOptions) {
		this.world = opts.world ?? new World();
		this.bridges = new SandboxBridges(this.world, {
			onUserUpdated: (before, after) => {
				if (this.opts.echoStatusEvents === false) return;
				if (before.status === after.status && before.statusText === after.statusText) return;
				this.track(
					new Promise((r) => setImmediate(r)).then(() =>
						this.listener(AppInterface.IPostUserStatusChanged, { user: after, currentStatus: after.status, previousStatus: before.status }),
					),
				);
			},
			onProcessors: (processors) => processors.forEach((p) => this.processors.set(p.id, p)),
			onJobScheduled: (job) => this.arm(job),
			onJobsCancelled: (predicate) => {
				for (const [id, job] of this.world.jobs) {
					if (predicate(job)) {
						this.world.jobs.delete(id);
						clearTimeout(this.timers.get(id));
						this.timers.delete(id);
					}
				}
			},
		});
		this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-bridge-sandbox-'));
		this.restoreConsole = this.captureEngineErrors();
	}

	/** Starts the engine, installs (or reloads) the app and applies `settings`. */
	public static async start(opts: HostOptions = {}): Promise<SandboxHost> {
		process.env.DENO_DIR = process.env.DENO_DIR ?? DENO_DIR;
		// The engine skips every permission check when NODE_ENV is "test" (as jest sets it); a server
		// enforces them, so the sandbox does too.
		if (process.env.NODE_ENV === 'test') process.env.NODE_ENV = 'sandbox';
		const bin = path.join(ROOT, 'node_modules', '.bin');
		if (!(process.env.PATH ?? '').split(path.delimiter).includes(bin)) process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;
		const host = new SandboxHost(opts);
		try {
			await host.boot();
		} catch (e) {
			await host.stop();
			throw e;
		}
		return host;
	}

	private async boot(): Promise<void> {
		(AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
		this.manager = new AppManager({
			metadataStorage: new WorldMetadataStorage(this.world),
			logStorage: new WorldLogStorage(this.world, (e) => this.onLog(e)),
			bridges: this.bridges,
			sourceStorage: new WorldSourceStorage(this.world),
			tempFilePath: this.tempDir,
		});
		await this.manager.load();
		const installed = [...this.world.appMetadata.keys()];
		if (this.opts.install !== false && installed.length === 0) {
			const zip = typeof this.opts.zip === 'string' || this.opts.zip === undefined ? fs.readFileSync(this.opts.zip ?? defaultZipPath()) : this.opts.zip;
			const admin = this.world.userByUsername('admin') ?? this.world.addUser({ username: 'admin', roles: ['admin'] });
			// Rocket.Chat installs with the permissions the admin accepted: exactly those app.json asks for.
			const requested = requestedPermissions(zip);
			const result = await this.manager.add(zip, { enable: true, user: admin, permissionsGranted: requested });
			if (result.hasStorageError() || result.hasAppUserError() || !result.getApp()) {
				throw new InstallError(result.getStorageError() || inspect(result.getAppUserError()) || 'install failed');
			}
			this.appId = result.getApp().getID();
		} else {
			this.appId = installed[0];
			// A server start: Rocket.Chat's orchestrator calls enableAll() after load(), which
			// initializes every stored app and enables those that were enabled before.
			await this.manager.enableAll();
			if (!AppStatusUtils.isEnabled(await this.status())) await this.enable();
		}
		const status = await this.status();
		if (!AppStatusUtils.isEnabled(status)) throw new InstallError(`app is ${status}, not enabled: ${this.errors.join('\n')}`);
		if (!this.world.userByUsername('admin')) this.world.addUser({ username: 'admin', roles: ['admin'] });
		for (const job of this.world.jobs.values()) this.arm(job);
		for (const [id, value] of Object.entries(this.opts.settings ?? {})) await this.setSetting(id, value);
	}

	public async status(): Promise<AppStatus> {
		return this.manager.getOneById(this.appId).getStatus();
	}

	// ---------------------------------------------------------------- people and settings
	public addUser(seed: UserSeed): IUser {
		return this.world.addUser(seed);
	}

	public user(username: string): IUser {
		const user = this.world.userByUsername(username);
		if (!user) throw new Error(`sandbox: no user @${username}`);
		return user;
	}

	public async setSetting(id: string, value: unknown): Promise<void> {
		const app = this.manager.getOneById(this.appId);
		const setting = app.getStorageItem().settings[id];
		if (!setting) throw new Error(`sandbox: the app declares no setting "${id}"`);
		await this.manager.getSettingsManager().updateAppSetting(this.appId, { ...setting, value });
	}

	/** The app's settings as the admin page lists them (definition and current value). */
	public settings(): ISetting[] {
		return Object.values(this.manager.getOneById(this.appId).getStorageItem().settings);
	}

	public setting(id: string): unknown {
		const s = this.manager.getOneById(this.appId).getStorageItem().settings[id];
		return s?.value ?? s?.packageValue;
	}

	// ---------------------------------------------------------------- slash commands
	/** Acts as a user: `host.as('alice').run('/st busy')`. Creates the user if unknown. */
	public as(username: string, roomId = 'GENERAL') {
		return {
			run: (line: string, opts: { triggerId?: string } = {}) => this.run(username, line, roomId, opts.triggerId),
		};
	}

	public async run(username: string, line: string, roomId = 'GENERAL', triggerId?: string): Promise<Reply> {
		const match = /^\/(\S+)\s*([\s\S]*)$/.exec(line.trim());
		if (!match) throw new Error(`sandbox: "${line}" is not a slash command`);
		const [, command, rest] = match;
		const user = this.world.userByUsername(username) ?? this.world.addUser({ username });
		const room = this.world.rooms.get(roomId);
		if (!room) throw new Error(`sandbox: no room ${roomId}`);
		const params = rest.split(' ').filter((p) => p !== '');
		return this.capture(username, async () => {
			const context = new SlashCommandContext(user, room, params, undefined, triggerId ?? newId('trigger'));
			await this.manager.getCommandManager().executeCommand(command, context);
		});
	}

	/** Every command the app registered, as Rocket.Chat's command list would show it. */
	public commands(): string[] {
		return [...this.bridges.commands.keys()].sort();
	}

	// ---------------------------------------------------------------- events
	public readonly fire = {
		userStatusChanged: (username: string, change: { status: string; statusText?: string; previousStatus?: string }) => {
			const before = this.user(username);
			const after = { ...before, status: change.status, statusText: change.statusText ?? before.statusText } as IUser;
			this.world.users.set(after.id, after);
			return this.capture(username, () =>
				this.listener(AppInterface.IPostUserStatusChanged, { user: after, currentStatus: change.status, previousStatus: change.previousStatus ?? before.status }),
			);
		},
		livechatRoomClosed: (room: Record<string, unknown>, actingUser = 'admin') =>
			this.capture(actingUser, () => this.listener(AppInterface.IPostLivechatRoomClosed, room)),
	};

	private async listener(int: AppInterface, data: unknown): Promise<unknown> {
		try {
			return await this.manager.getListenerManager().executeListener(int as never, data as never);
		} catch (e) {
			this.errors.push(`${int}: ${errorText(e)}`);
			throw e;
		}
	}

	// ---------------------------------------------------------------- app HTTP endpoints
	/**
	 * The app's endpoints as Rocket.Chat serves them (apps/meteor/app/apps/server/bridges/api.ts):
	 * `/api/apps/public/<appId>/<path>` and `/api/apps/private/<appId>/<hash>/<path>` both reach the
	 * app's router; the engine then refuses a PRIVATE endpoint unless the hash is the installation's
	 * (`AppApi.validateVisibility`, in the server, before the runtime sees the request). Bodies arrive
	 * as Rocket.Chat's JSON body parser leaves them (`JSON.parse` of the raw text).
	 */
	public readonly api = {
		/** `fetch`-like: any URL path, a JS value as body (or `raw` text, parsed as the server would). */
		request: async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', urlPath: string, opts: { body?: unknown; raw?: string; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<IApiResponse> => {
			const m = /^\/api\/apps\/(?:public\/([^/]+)|private\/([^/]+)\/([^/]+))\/(.+)$/.exec(urlPath);
			const appId = m ? (m[1] ?? m[2]) : undefined;
			if (!m || !appId || ![...this.bridges.apis.values()].some((a) => a.appId === appId)) return { status: 404 };
			const privateHash = m[3];
			const lower = Object.fromEntries(Object.entries({ 'content-type': 'application/json', ...(opts.headers ?? {}) }).map(([k, v]) => [k.toLowerCase(), v]));
			const content = opts.raw !== undefined ? (JSON.parse(opts.raw) as unknown) : opts.body;
			const request = { method: method.toLowerCase(), headers: lower, query: opts.query ?? {}, params: {}, content, privateHash };
			const result = await this.track(this.manager.getApiManager().executeApi(appId, m[4], request as never));
			await this.idle();
			return result;
		},
		call: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', endpoint: string, body?: unknown, headers: Record<string, string> = {}, query: Record<string, string> = {}): Promise<IApiResponse> =>
			this.api.request(method, this.api.url(endpoint), { body, headers, query }),
		post: (endpoint: string, body?: unknown, headers?: Record<string, string>, query?: Record<string, string>) => this.api.call('POST', endpoint, body, headers, query),
		get: (endpoint: string, headers?: Record<string, string>, query?: Record<string, string>) => this.api.call('GET', endpoint, undefined, headers, query),
		/** The URL path Rocket.Chat serves the endpoint at (private ones carry the installation's hash); the public form when none is registered. */
		url: (endpoint: string) => [...this.bridges.apis.values()].find((a) => a.endpoint.path === endpoint)?.computedPath ?? this.api.publicUrl(endpoint),
		/** The public form of an endpoint's URL, whatever its visibility. */
		publicUrl: (endpoint: string) => `/api/apps/public/${this.appId}/${endpoint}`,
	};

	// ---------------------------------------------------------------- scheduler
	public readonly jobs = {
		list: (): StoredJob[] => [...this.world.jobs.values()].sort((a, b) => a.when - b.when),
		/** Runs every job due by now + advanceMs (the clock is not moved; jobs run early). Returns how many ran. */
		runDue: async (opts: { advanceMs?: number; all?: boolean } = {}): Promise<number> => {
			const horizon = Date.now() + (opts.advanceMs ?? 0);
			const due = this.jobs.list().filter((j) => opts.all || j.when <= horizon);
			for (const job of due) await this.runJob(job);
			await this.idle();
			return due.length;
		},
	};

	private arm(job: StoredJob): void {
		if (this.opts.timers === 'manual' || this.stopped) return;
		clearTimeout(this.timers.get(job.jobId));
		const delay = Math.max(0, Math.min(job.when - Date.now(), 2 ** 31 - 1));
		this.timers.set(job.jobId, setTimeout(() => void this.track(this.runJob(job)).catch(() => undefined), delay));
	}

	private async runJob(job: StoredJob): Promise<void> {
		if (!this.world.jobs.has(job.jobId)) return;
		clearTimeout(this.timers.get(job.jobId));
		this.timers.delete(job.jobId);
		if (job.intervalMs) {
			job.when = Date.now() + job.intervalMs;
			this.arm(job);
		} else {
			this.world.jobs.delete(job.jobId);
		}
		const processor = this.processors.get(job.name);
		if (!processor) {
			this.errors.push(`scheduler: no processor registered for ${job.name}`);
			return;
		}
		try {
			await processor.processor({ ...(job.data ?? {}), jobId: job.jobId } as never, undefined as never, undefined as never, undefined as never, undefined as never);
		} catch (e) {
			this.errors.push(`job ${job.name}: ${errorText(e)}`);
		}
	}

	// ---------------------------------------------------------------- UIKit
	public readonly ui = {
		/** Surfaces (modals) opened so far, newest last. */
		opened: (username?: string): UiRecord[] => this.bridges.ui.filter((u) => !username || u.user === username),
		last: (username?: string): UiRecord | undefined => this.ui.opened(username).at(-1),
		/** Submits a view with `state` as `{blockId: {actionId: value}}`. */
		submit: (username: string, view: Record<string, unknown>, state: Record<string, Record<string, unknown>>, roomId = 'GENERAL') =>
			this.capture(username, () =>
				this.listener(AppInterface.IUIKitInteractionHandler, {
					type: 'viewSubmit',
					appId: this.appId,
					actionId: undefined,
					triggerId: newId('trigger'),
					user: this.user(username),
					room: this.world.rooms.get(roomId),
					payload: { view: { ...view, state } },
				}),
			),
		close: (username: string, view: Record<string, unknown>) =>
			this.capture(username, () =>
				this.listener(AppInterface.IUIKitInteractionHandler, {
					type: 'viewClosed',
					appId: this.appId,
					user: this.user(username),
					payload: { view, isCleared: false },
				}),
			),
		/** Clicks a button (in a message or a modal). */
		blockAction: (username: string, action: { actionId: string; value?: string; blockId?: string; view?: Record<string, unknown>; roomId?: string }) =>
			this.capture(username, () =>
				this.listener(AppInterface.IUIKitInteractionHandler, {
					type: 'blockAction',
					appId: this.appId,
					actionId: action.actionId,
					triggerId: newId('trigger'),
					user: this.user(username),
					room: this.world.rooms.get(action.roomId ?? 'GENERAL'),
					container: action.view ? { type: 'view', id: action.view.id } : { type: 'message', id: 'm' },
					payload: { value: action.value, blockId: action.blockId ?? 'block', view: action.view },
				}),
			),
	};

	// ---------------------------------------------------------------- lifecycle
	public async disable(): Promise<void> {
		await this.manager.disable(this.appId);
	}

	/** Enables again. The engine re-runs extendConfiguration, so drop the app's commands first (see notes). */
	public async enable(): Promise<void> {
		for (const [name, c] of this.bridges.commands) if (c.appId === this.appId) this.bridges.commands.delete(name);
		const ok = await this.manager.enable(this.appId);
		if (!ok) throw new Error(`sandbox: enable failed: ${this.errors.join('\n')}`);
	}

	/** Waits until status echoes and timer-fired jobs started so far have finished. */
	public async idle(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	public async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		for (const t of this.timers.values()) clearTimeout(t);
		this.timers.clear();
		await this.idle().catch(() => undefined);
		const runtimes = prepareRuntimeEnd(this.manager ? await this.manager.get() : []);
		try {
			if (this.manager) await this.manager.unload(false);
		} finally {
			await runtimes.wait();
			(AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
			this.restoreConsole();
			fs.rmSync(this.tempDir, { recursive: true, force: true });
		}
	}

	/** Throws when the app left errors in the engine (thrown handlers, error logs). Tests call it in afterEach. */
	public assertNoErrors(): void {
		if (this.errors.length > 0) {
			const list = this.errors.splice(0);
			throw new Error(`the app left ${list.length} error(s) in the engine:\n${list.join('\n')}`);
		}
	}

	// ---------------------------------------------------------------- internals
	private track<T>(p: Promise<T>): Promise<T> {
		this.pending.add(p);
		const done = () => this.pending.delete(p);
		p.then(done, done);
		return p;
	}

	private async capture(username: string, fn: () => Promise<unknown>): Promise<Reply> {
		const from = this.world.messages.length;
		const uiFrom = this.bridges.ui.length;
		let response: unknown;
		try {
			response = await this.track(fn());
		} catch (e) {
			if (!this.errors.some((x) => x.includes(errorText(e)))) this.errors.push(errorText(e));
			throw e;
		}
		await this.idle();
		const delivered = this.world.messages.slice(from);
		const surfaces = this.bridges.ui.slice(uiFrom);
		// Every surface and block list must be what Rocket.Chat's ui-kit defines (sandbox/contracts/uikit.ts).
		const uikit = [...surfaces.flatMap(checkSurface), ...delivered.flatMap((d) => (d.blocks?.length ? checkMessageBlocks(this.appId, d.blocks) : []))];
		this.errors.push(...uikit.map((p) => `UIKit contract: ${p}`));
		const texts = delivered.filter((d) => d.kind === 'ephemeral' && d.to === username).map((d) => d.text);
		return { texts, text: texts.join('\n'), delivered, surfaces, response };
	}

	private onLog(entry: ILoggerStorageEntry): void {
		for (const e of entry.entries ?? []) {
			if (e.severity === 'error') this.errors.push(`app log (${entry.method}): ${e.args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')}`);
		}
	}

	/** The engine only prints handler exceptions (`JSON-RPC error received`); collect them for the test. */
	private captureEngineErrors(): () => void {
		const original = console.error;
		console.error = (...args: unknown[]) => {
			const text = args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 6 }))).join(' ');
			if (!this.stopped) this.errors.push(`engine: ${text}`);
			if (process.env.SANDBOX_VERBOSE) original(...args);
		};
		return () => {
			console.error = original;
		};
	}
}

export class InstallError extends Error {}

/** The permissions a package's app.json asks for; undefined when it cannot be read (the engine then says why). */
function requestedPermissions(zip: Buffer): Array<{ name: string }> | undefined {
	try {
		return (JSON.parse(new AdmZip(zip).readAsText('app.json')) as { permissions?: Array<{ name: string }> }).permissions;
	} catch {
		return undefined;
	}
}

function errorText(e: unknown): string {
	if (e instanceof Error) return e.message;
	return typeof e === 'string' ? e : inspect(e, { depth: 4 });
}

export { World } from './world';
export type { Delivered, StoredJob, UserSeed } from './world';
