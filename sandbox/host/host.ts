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
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import { checkMessageBlocks, checkSurface } from '../contracts/uikit';
import { HostApi } from './api';
import { SandboxBridges } from './bridges';
import { EngineCallCounter, tapEngineCalls } from './engine-calls';
import { appLogErrors, captureEngineErrors, errorText } from './errors';
import { HostEvents } from './events';
import { Cluster, type ClusterMember } from './cluster';
import type { JobClock, JobRunner } from './jobs';
import { newManager, releaseManager } from './manager';
import { defaultZipPath, InstallError, prepareEnvironment, requestedPermissions } from './package';
import { prepareRuntimeEnd } from './runtime-end';
import { WorldLogStorage, WorldMetadataStorage, WorldSourceStorage } from './storage';
import type { HostOptions, Reply } from './types';
import { HostUi } from './ui';
import { newId, type UserSeed, World } from './world';

export class SandboxHost {
	public readonly errors: string[] = [];
	public readonly world: World;
	/** Which app instance of the deployment this is (`demo.hosts[instance]`); 0 for a single host. */
	public readonly instance: number;
	/** The deployment this instance belongs to (one World, one job table; settings relayed between instances). */
	public readonly cluster: Cluster;
	public readonly bridges: SandboxBridges;
	public appId = '';
	/** Every call the app's runtime makes to the server, by kind: `engineCalls.reset()`, `.snapshot()`, `.measure(fn)`. */
	public readonly engineCalls = new EngineCallCounter();
	private releaseTap = () => undefined as void;
	private manager!: AppManager;
	/** The deployment's scheduler, shared by its instances: `jobs.list()`, `jobs.runDue({ advanceMs, all, on })` (see jobs.ts). */
	public readonly jobs: JobClock;
	/** The app's HTTP endpoints as Rocket.Chat serves them: `api.post('status', body, headers)` (see api.ts). */
	public readonly api: HostApi;
	/** Events on this instance: `fire.userStatusChanged('alice', { status: 'away' })`, `fire.livechatRoomClosed(room)` (see events.ts). */
	public readonly fire: HostEvents;
	/** UIKit from the user's side: `ui.last()`, `ui.submit(...)`, `ui.blockAction(...)` (see ui.ts). */
	public readonly ui: HostUi<Reply>;
	private readonly pending = new Set<Promise<unknown>>();
	private readonly processors = new Map<string, IProcessor>();
	private readonly member: ClusterMember & JobRunner;
	private readonly restoreConsole: () => void;
	private readonly tempDir: string;
	/** The app is enabled on this instance: it takes jobs and relayed settings (an instance still starting takes neither). */
	private ready = false;
	private stopped = false;

	private constructor(private readonly opts: HostOptions) {
		this.cluster = opts.cluster ?? new Cluster(opts.world ?? new World(), { manual: opts.timers === 'manual' });
		if (opts.world && opts.world !== this.cluster.world) throw new Error('sandbox: a host runs over its cluster\'s world');
		this.world = this.cluster.world;
		this.instance = opts.instance ?? 0;
		this.bridges = new SandboxBridges(
			this.world,
			{
				onUserUpdated: (before, after) => this.fire.echo(before, after),
					onProcessors: (processors) => processors.forEach((p) => this.processors.set(p.id, p)),
				onJobScheduled: (job) => this.jobs.arm(job),
				onJobsCancelled: (predicate) => this.jobs.cancel(predicate),
				onSettingSaved: (appId, setting) => void this.track(this.cluster.settingSaved(this.instance, appId, setting)),
			},
			this.instance,
		);
		this.jobs = this.cluster.jobs;
		if (opts.timers) this.jobs.manual = opts.timers === 'manual';
		this.fire = new HostEvents({
			world: this.world,
			manager: () => this.manager,
			user: (username) => this.user(username),
			capture: (username, fn) => this.capture(username, fn),
			track: (p) => this.track(p),
			error: (text) => void this.errors.push(text),
			echoes: () => this.opts.echoStatusEvents !== false,
		});
		const member = {
			instance: this.instance,
			live: () => this.ready && !this.stopped,
			processor: (name: string) => this.processors.get(name),
			track: <T>(p: Promise<T>) => this.track(p),
			error: (text: string) => void this.errors.push(text),
			idle: () => this.idle(),
			busy: () => this.pending.size > 0,
			applySettingFromPeer: (appId: string, setting: ISetting) => this.manager.getSettingsManager().updateAppSetting(appId, setting),
		};
		this.member = member;
		this.cluster.join(member);
		this.jobs.join(member);
		this.api = new HostApi({ apis: this.bridges.apis, manager: () => this.manager, appId: () => this.appId, track: (p) => this.track(p), idle: () => this.idle() });
		this.ui = new HostUi<Reply>({
			opened: this.bridges.ui,
			appId: () => this.appId,
			user: (username) => this.user(username),
			room: (roomId) => this.world.rooms.get(roomId),
			interact: (username, data) => this.capture(username, () => this.fire.listener(AppInterface.IUIKitInteractionHandler, data)),
		});
		this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-bridge-sandbox-'));
		this.restoreConsole = captureEngineErrors((text) => {
			if (!this.stopped) this.errors.push(text);
		});
	}

	/** Starts the engine, installs (or reloads) the app and applies `settings`. */
	public static async start(opts: HostOptions = {}): Promise<SandboxHost> {
		prepareEnvironment();
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
		this.releaseTap = tapEngineCalls(this.engineCalls, this.bridges).release;
		this.manager = newManager({
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
		this.ready = true;
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
		// as Rocket.Chat relays the save to its other instances (cluster.ts); a test sees its end
		await this.cluster.idle();
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
		await this.idle().catch(() => undefined);
		await this.bridges.endHttp();
		const runtimes = prepareRuntimeEnd(this.manager ? await this.manager.get() : []);
		try {
			if (this.manager) await this.manager.unload(false);
		} finally {
			await runtimes.wait();
			if (this.manager) releaseManager(this.manager);
			this.cluster.leave(this.member);
			this.jobs.leave(this.member);
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
		// what this instance sent (another instance's work in the same moment is its own call's)
		const delivered = this.world.messages.slice(from).filter((d) => d.instance === this.instance);
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
