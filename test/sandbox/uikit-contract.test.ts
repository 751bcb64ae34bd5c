import { checkMessageBlocks, checkSurface } from '../../sandbox/contracts/uikit';
import { type Demo, startDemo } from '../../sandbox/demo';
import type { Reply } from '../../sandbox/host/host';
import { DEMO } from '../../sandbox/simulators';

/**
 * Every UIKit surface and block list the packaged app emits, captured in the engine, is what
 * Rocket.Chat's ui-kit defines (sandbox/contracts/uikit.ts; the checker's own failures are in
 * test/unit/uikit-contract.test.ts). The host also runs the checker on every call of every sandbox
 * test and reports a mismatch as an engine error, so assertNoErrors fails those tests too.
 */
const LEAD = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
const USERS = ['alice', 'bob', 'carol'] as const; // en, pt-BR, es: translated labels, same shapes

let demo: Demo;
beforeAll(async () => {
	demo = await startDemo({ timers: 'manual' });
	// every user may use every command here
	await demo.host.setSetting('lead_roles', 'user');
	await demo.host.setSetting('contact_delete_roles', 'user');
	await demo.host.setSetting('botpenguin_send_subscriber_ids', true);
});
afterEach(() => demo.host.assertNoErrors());
afterAll(async () => {
	await demo?.stop();
});

/** The surfaces and message block lists of a reply, each checked; at least one of them must be there. */
function emitted(reply: Reply): { surfaces: number; messages: number; problems: string[] } {
	const messages = reply.delivered.filter((d) => (d.blocks?.length ?? 0) > 0);
	return {
		surfaces: reply.surfaces.length,
		messages: messages.length,
		problems: [...reply.surfaces.flatMap(checkSurface), ...messages.flatMap((d) => checkMessageBlocks(demo.host.appId, d.blocks ?? []))],
	};
}

describe.each(USERS)('what %s sees conforms to Rocket.Chat ui-kit', (user) => {
	it('the /st form (with the custom statuses as presets)', async () => {
		const out = emitted(await demo.host.as(user).run('/st'));
		expect(out).toEqual({ surfaces: 1, messages: 0, problems: [] });
	});

	it('the /lead form', async () => {
		const out = emitted(await demo.host.as(user).run(`/lead ${LEAD}`));
		expect(out).toEqual({ surfaces: 1, messages: 0, problems: [] });
	});

	it('the /contact-delete confirmation, with one id and with many and subscriber ids', async () => {
		expect(emitted(await demo.host.as(user).run(`/contact-delete ${DEMO.contactIds[0]}`))).toEqual({ surfaces: 0, messages: 1, problems: [] });
		const many = [...DEMO.contactIds, ...DEMO.subscriberIds.map((s) => `sub:${s}`)].join(' ');
		expect(emitted(await demo.host.as(user).run(`/contact-delete ${many}`))).toEqual({ surfaces: 0, messages: 1, problems: [] });
	});
});
