/**
 * Run by engine-proto-crash.test.ts in a child process (`tsx`): the runtime it kills leaves the
 * engine's liveness timer writing to a dead pipe (EPIPE), which would break whatever ran next in
 * the same jest worker. Prints one JSON line with what it saw.
 */
import { startDemo } from '../../../sandbox/demo';

async function main(): Promise<void> {
	const demo = await startDemo({ timers: 'manual' });
	const seen: Record<string, unknown> = {};
	try {
		await demo.host.setSetting('public_endpoints', true);
		// The engine reads endpoint visibility when it configures the app: on enable or a server start.
		await demo.restart({ timers: 'manual' });
		const publicUrl = demo.host.api.publicUrl('callbell-webhook');
		seen.registeredUrl = demo.host.api.url('callbell-webhook');
		seen.publicUrl = publicUrl;
		const hook = { email: 'alice@demo.test', available: false, userCustomStatus: null };
		seen.legacyStatus = (await demo.host.api.request('POST', publicUrl, { body: hook, query: { secret: 'demo-webhook-secret' } })).status;
		seen.healthWarns = (await demo.host.as('admin').run('/inbox-bridge health')).text.includes('public_endpoints');
		seen.aliveBefore = (await demo.host.as('admin').run('/inbox-bridge help')).text.includes('/st busy');
		// No secret: the runtime decodes the body before any app code could refuse it.
		seen.crash = await demo.host.api.request('POST', publicUrl, { raw: '{"email":"x@y.z","available":true,"__proto__":{}}' }).then(
			(res) => `answered ${res.status}`,
			(e: Error) => `failed: ${e.message}`,
		);
		seen.after = await demo.host.as('admin').run('/inbox-bridge help').then(
			(r) => `answered: ${r.text.slice(0, 60)}`,
			(e: Error) => `failed: ${e.message}`,
		);
	} finally {
		process.stdout.write(`${JSON.stringify(seen)}\n`);
		await Promise.race([demo.stop().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
	}
}

main().then(
	() => process.exit(0),
	(e: unknown) => {
		process.stderr.write(`${String(e)}\n`);
		process.exit(1);
	},
);
