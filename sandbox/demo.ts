/**
 * One call that starts every simulator and the app inside the engine, configured against them:
 * shared by the sandbox tests, `npm start` and the benchmark. `startDemo({ instances: 2 })` runs the
 * app as a Rocket.Chat cluster does: two instances over one Rocket.Chat (sandbox/host/cluster.ts).
 */
import { Cluster } from './host/cluster';
import { type HostOptions, SandboxHost } from './host/host';
import { type AllSims, DEMO, startAll, type StartAllConfig } from './simulators';

/** Where every simulator listens; anything else on loopback (127.0.0.2, …) is "another origin" to tests. */
export const SIMULATOR_HOST = '127.0.0.1';
import { World } from './host/world';

export interface Demo {
	/** The first instance (the only one unless `instances` was asked for). */
	readonly host: SandboxHost;
	/** Every instance, `hosts[0]` being `host`: commands, requests, events and UIKit go to the one a test picks. */
	readonly hosts: SandboxHost[];
	/** The deployment: its job table (`cluster.jobs`, also every host's `jobs`) runs each job on one instance. */
	readonly cluster: Cluster;
	sims: AllSims;
	world: World;
	stop(): Promise<void>;
	/** A fresh host over the same world and simulators: a server restart (of `instance`, default 0). */
	restart(opts?: RestartOptions): Promise<SandboxHost>;
	/** Throws when the app left errors in any instance's engine. */
	assertNoErrors(): void;
}

export type RestartOptions = Omit<HostOptions, 'world' | 'cluster' | 'instance'> & { instance?: number };

/** The sandbox's own endpoint secrets (the vendors' demo tokens are in simulators' DEMO): `npm run sign` and the docs use them. */
export const DEMO_SECRETS = { apiSecret: 'demo-api-secret', callbellWebhookSecret: 'demo-webhook-secret' } as const;

/** App settings pointing at the simulators, with the demo tokens. */
export function demoSettings(sims: AllSims): Record<string, unknown> {
	return {
		// The simulators listen on loopback: allowed first, so the base URLs below are accepted.
		allow_private_hosts: true,
		callbell_base_url: sims.callbell.url,
		callbell_api_token: DEMO.callbellToken,
		callbell_webhook_secret: DEMO_SECRETS.callbellWebhookSecret,
		callbell_user_map: DEMO.callbellUsers.map((u) => `${u.email} = ${u.uuid}`).join('\n'),
		rocketchat_admin_user_id: DEMO.rocketchatAdminUserId,
		rocketchat_admin_token: DEMO.rocketchatAdminToken,
		api_secret: DEMO_SECRETS.apiSecret,
		botpenguin_base_url: sims.botpenguin.url,
		botpenguin_lead_token: DEMO.botpenguinLeadToken,
		botpenguin_api_key: DEMO.botpenguinApiKey,
		botpenguin_bot_id: DEMO.botId,
		botpenguin_customer_id: DEMO.customerId,
		botpenguin_agent_map: `alice = ${DEMO.agentId}`,
	};
}

export interface DemoOptions extends Omit<HostOptions, 'world' | 'cluster' | 'instance'> {
	sims?: StartAllConfig;
	/** App instances over the one Rocket.Chat (default 1). */
	instances?: number;
	/** Seeds which instance runs each scheduler job (replayable; default fixed). */
	jobSeed?: number;
	/** Settings to leave out of the demo configuration (e.g. to test "not configured"). */
	unset?: string[];
}

export async function startDemo(opts: DemoOptions = {}): Promise<Demo> {
	const sims = await startAll(opts.sims);
	const world = new World(sims.rocketchat.url);
	// As an admin of a server that validates app requests (SSRF) would: the simulators' host is allowed.
	world.setServerSetting('SSRF_Allowlist', SIMULATOR_HOST);
	world.addUser({ username: 'admin', roles: ['admin', 'user'], email: 'admin@demo.test' });
	world.addUser({ username: 'alice', roles: ['user', 'livechat-agent'], email: 'alice@demo.test' });
	world.addUser({ username: 'bob', roles: ['user', 'livechat-agent'], email: 'bob@demo.test', language: 'pt-BR' });
	world.addUser({ username: 'carol', roles: ['user'], email: 'carol@demo.test', language: 'es' });
	// as on a real server, everyone is in #general (what `/st team` typed there shows)
	world.join('GENERAL', ['admin', 'alice', 'bob', 'carol']);
	// The REST API and the engine are one server: the Omnichannel route knows the host's users and roles.
	sims.rocketchat.useDirectory((id) => {
		const user = world.users.get(id);
		return user ? { _id: user.id, roles: [...(user.roles ?? [])], active: user.isEnabled !== false } : undefined;
	});
	const settings = { ...demoSettings(sims), ...opts.settings };
	for (const id of opts.unset ?? []) delete settings[id];
	const cluster = new Cluster(world, { manual: opts.timers === 'manual', seed: opts.jobSeed });
	const hosts: SandboxHost[] = [];
	const stopHosts = () => Promise.all(hosts.map((h) => h.stop()));
	try {
		// the first instance installs and configures the app; the others start on what it stored
		hosts.push(await SandboxHost.start({ ...opts, world, settings, cluster, instance: 0 }));
		for (let i = 1; i < (opts.instances ?? 1); i++) hosts.push(await SandboxHost.start({ ...opts, settings: {}, install: false, world, cluster, instance: i }));
	} catch (e) {
		await stopHosts();
		await sims.closeAll();
		throw e;
	}
	// One server: its HTTP port (the Site_Url) also serves the app's endpoints, at the URLs health prints
	// (through the first instance; tests pick an instance with demo.hosts[i].api).
	sims.rocketchat.useAppEndpoints((req) => demo.host.api.serve(req));
	// Configuring the app checked its credentials with the vendors: that is setup, not what a test or
	// a demo prompt should see first.
	sims.list.forEach((s) => s.clear());
	const demo: Demo = {
		get host() {
			return hosts[0];
		},
		hosts,
		cluster,
		sims,
		world,
		stop: async () => {
			await stopHosts();
			await sims.closeAll();
			// An answer outside Rocket.Chat's published REST contract is a simulator bug that would hide app bugs.
			const broken = sims.rocketchat.contractProblems;
			if (broken.length > 0) throw new Error(`the Rocket.Chat simulator broke Rocket.Chat's REST contract:\n${broken.join('\n')}`);
		},
		restart: async ({ instance = 0, ...restartOpts } = {}) => {
			await hosts[instance].stop();
			hosts[instance] = await SandboxHost.start({ timers: opts.timers, echoStatusEvents: opts.echoStatusEvents, ...restartOpts, world, cluster, instance });
			return hosts[instance];
		},
		assertNoErrors: () => {
			const failures = hosts.flatMap((h) => {
				try {
					h.assertNoErrors();
					return [];
				} catch (e) {
					return [hosts.length > 1 ? `instance ${h.instance}: ${(e as Error).message}` : (e as Error).message];
				}
			});
			if (failures.length > 0) throw new Error(failures.join('\n'));
		},
	};
	return demo;
}
