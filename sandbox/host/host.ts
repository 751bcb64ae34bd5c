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
import { AppStatus, AppStatusUtils } from '@rocket.chat/apps-engine/definition/AppStatus';
import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { checkMessageBlocks, checkSurface } from '../contracts/uikit';
import { HostApi } from './api';
import { SandboxBridges } from './bridges';
import { EngineCallCounter, tapEngineCalls } from './engine-calls';
import { appLogErrors, captureEngineErrors, errorText } from './errors';
import { JobClock } from './jobs';
import { DENO_DIR, defaultZipPath, InstallError, requestedPermissions, ROOT } from './package';
import { prepareRuntimeEnd } from './runtime-end';
import { WorldLogStorage, WorldMetadataStorage, WorldSourceStorage } from './storage';
import type { HostOptions, Reply } from './types';
import { HostUi } from './ui';
import { newId, type UserSeed, World } from './world';

export class SandboxHost {
	public readonly errors: string[] = [];
	public readonly world: World;
	public readonly bridges: SandboxBridges;
	public appId = '';
	/** Every call the app's runtime makes to the server, by kind: `engineCalls.reset()`, `.snapshot()`, `.measure(fn)`. */
	public readonly engineCalls = new EngineCallCounter();
	private releaseTap = () => undefined as void;
	private manager!: AppManager;
	/** The scheduler clock: `jobs.list()`, `jobs.runDue({ advanceMs, all })` (see jobs.ts). */
	public readonly jobs: JobClock;
	/** The app's HTTP endpoints as Rocket.Chat serves them: `api.post('status', body, headers)` (see api.ts). */
	public readonly api: HostApi;
	/** UIKit from the user's side: `ui.last()`, `ui.submit(...)`, `ui.blockAction(...)` (see ui.ts). */
	public readonly ui: HostUi<Reply>;
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
			onProcessors: (processors) => this.jobs.registered(processors),
			onJobScheduled: (job) => this.jobs.arm(job),
			onJobsCancelled: (predicate) => this.jobs.cancel(predicate),
		});
		this.jobs = new JobClock(this.world, {
			manual: opts.timers === 'manual',
			stopped: () => this.stopped,
			track: (p) => this.track(p),
			idle: () => this.idle(),
			error: (text) => this.errors.push(text),
		});
		this.api = new HostApi({ apis: this.bridges.apis, manager: () => this.manager, appId: () => this.appId, track: (p) => this.track(p), idle: () => this.idle() });
		this.ui = new HostUi<Reply>({
			opened: this.bridges.ui,
			appId: () => this.appId,
			user: (username) => this.user(username),
			room: (roomId) => this.world.rooms.get(roomId),
			interact: (username, data) => this.capture(username, () => this.listener(AppInterface.IUIKitInteractionHandler, data)),
		});
		this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-bridge-sandbox-'));
		this.restoreConsole = captureEngineErrors((text) => {
			if (!this.stopped) this.errors.push(text);
		});
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
		this.releaseTap = tapEngineCalls(this.engineCalls).release;
		this.manager = new AppManager({
			metadataStorage: new WorldMetadataStorage(this.world),
			logStorage: new WorldLogStorage(this.world, (e) => this.errors.push(...appLogErrors(e))),
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
		for (const job of this.world.jobs.values()) this.jobs.arm(job);
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
		this.jobs.stop();
		await this.idle().catch(() => undefined);
		const runtimes = prepareRuntimeEnd(this.manager ? await this.manager.get() : []);
		try {
			if (this.manager) await this.manager.unload(false);
		} finally {
			await runtimes.wait();
			(AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
			this.releaseTap();
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
}

export { DENO_DIR, defaultZipPath, InstallError, ROOT } from './package';
export type { HostOptions, Reply } from './types';
export { World } from './world';
export type { Delivered, StoredJob, UserSeed } from './world';
