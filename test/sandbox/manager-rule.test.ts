import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { demoPerTest, says } from './fixtures';

/**
 * Issue 17, findings 2–5: whom a manager may change is a rule (src/status/manage/rule.ts), not an
 * accident. A manager changes only active people holding a role in `status_managed_roles` and no role
 * the manager lacks; every refused target — an admin, the app's own user, a user who is no agent, a
 * deactivated one, nobody at all — gets the same sentence, and nothing is written anywhere: no
 * Rocket.Chat update, no Callbell or Omnichannel call, no direct message, no timer.
 */

const demo = demoPerTest({ settings: { omnichannel_follow_status: true } });
const host = () => demo().host;
const world = () => demo().world;

/** Everything a change could leave behind, to compare before and after a refusal. */
function traces() {
	const users = [...world().users.values()].map((u) => `${u.username}:${u.status}:${u.statusText ?? ''}`).sort();
	const vendorCalls = demo().sims.list.flatMap((s) => s.requests.map((r) => `${s.name} ${r.method} ${r.path}`));
	const messages = world().messages.filter((m) => m.kind === 'message').map((m) => m.text);
	const timers = host().jobs.list().filter((j) => j.name.startsWith('status.expire')).length;
	return { users, vendorCalls, messages, timers };
}

/** dave: a livechat-manager who is no admin and no agent. */
function seedManager(): void {
	host().addUser({ username: 'dave', roles: ['user', 'livechat-manager'], email: 'dave@demo.test' });
}

const appUser = (): IUser => {
	const found = [...world().users.values()].find((u) => u.appId === host().appId);
	if (!found) throw new Error('no app user');
	return found;
};

/** Runs `command` as `who` and checks it was refused with the one sentence and left no trace. */
async function refusedWithoutTrace(who: string, target: string, change = 'busy Hacked'): Promise<void> {
	const before = traces();
	const reply = await host().as(who).run(`/st @${target} ${change}`);
	expect(reply.text).toBe(says(demo(), who, 'st_manage_target_refused', { user: target, roles: String(host().setting('status_managed_roles') || 'livechat-agent') }));
	expect(traces()).toEqual(before);
}

describe('/st @user: whom a manager may change', () => {
	it('a livechat-manager cannot change an admin — not even an admin who is also an agent; an admin can', async () => {
		seedManager();
		await refusedWithoutTrace('dave', 'admin', 'offline I quit, do not contact me');
		// every kind of change: a preset (not even looked up), a timer, clear
		await refusedWithoutTrace('dave', 'admin', 'Lunch for 1h');
		await refusedWithoutTrace('dave', 'admin', 'away until 17:30');
		await refusedWithoutTrace('dave', 'admin', 'clear');
		expect(host().user('admin').status).toBe('online');

		// an admin who also takes chats holds the managed role: the admin role still puts them out of reach
		host().addUser({ username: 'admin', roles: ['admin', 'user', 'livechat-agent'], email: 'admin@demo.test' });
		await refusedWithoutTrace('dave', 'admin', 'offline I quit, do not contact me');
		// …whatever the settings say
		await host().setSetting('status_managed_roles', 'livechat-agent, admin');
		await refusedWithoutTrace('dave', 'admin', 'offline I quit');

		host().addUser({ username: 'boss', roles: ['admin', 'user', 'livechat-agent'], email: 'boss@demo.test' });
		const byAdmin = await host().as('admin').run('/st @boss away Board meeting');
		expect(byAdmin.text).toMatch(/^Status of @boss, set by you:/);
		expect(host().user('boss').status).toBe('away');
	});

	it("never changes the app's own user or a bot, even when their roles are listed as managed", async () => {
		const bot = appUser();
		await refusedWithoutTrace('admin', bot.username);
		await host().setSetting('status_managed_roles', 'livechat-agent, bot, app');
		await refusedWithoutTrace('admin', bot.username);
		// a bot account (type bot) that was given the agent role
		host().addUser({ username: 'helperbot', roles: ['bot', 'livechat-agent'] });
		Object.assign(host().user('helperbot'), { type: 'bot' });
		await refusedWithoutTrace('admin', 'helperbot');
		expect(host().user(bot.username).statusText ?? '').not.toBe('Hacked');
	});

	it('changes only holders of status_managed_roles: carol (role user only) is refused until the setting names her role', async () => {
		seedManager();
		await refusedWithoutTrace('dave', 'carol');
		await refusedWithoutTrace('admin', 'carol');
		await host().setSetting('status_managed_roles', 'livechat-agent, user');
		const allowed = await host().as('dave').run('/st @carol busy');
		expect(allowed.text).toMatch(/^Status of @carol, set by you:/);
		expect(host().user('carol').status).toBe('busy');
	});

	it('never changes a deactivated user: no Rocket.Chat update, no Omnichannel call, no direct message', async () => {
		seedManager();
		host().addUser({ username: 'frank', roles: ['user', 'livechat-agent'], email: 'frank@demo.test' });
		Object.assign(host().user('frank'), { isEnabled: false });
		await refusedWithoutTrace('dave', 'frank', 'busy for 1h');
		await refusedWithoutTrace('admin', 'frank', 'clear');
		expect(host().user('frank').status).toBe('online');
	});

	it('never changes someone holding a role the manager lacks; a peer manager and a plain agent are fine', async () => {
		seedManager();
		host().addUser({ username: 'hank', roles: ['user', 'livechat-agent', 'livechat-monitor'], email: 'hank@demo.test' });
		host().addUser({ username: 'gina', roles: ['user', 'livechat-agent', 'livechat-manager'], email: 'gina@demo.test' });
		await refusedWithoutTrace('dave', 'hank');
		expect((await host().as('dave').run('/st @gina away Covering')).text).toMatch(/^Status of @gina, set by you:/);
		expect((await host().as('dave').run('/st @alice Lunch until 23:59')).text).toMatch(/^Status of @alice, set by you:/);
		expect(host().user('gina').status).toBe('away');
		expect(host().user('alice').status).toBe('away');
	});

	it('answers an unknown user exactly like every other refused target, and keeps the reason out of what the manager can read', async () => {
		seedManager();
		await refusedWithoutTrace('dave', 'nobody');
		const sentences = new Set<string>();
		for (const target of ['nobody', 'admin', 'carol', appUser().username]) {
			const reply = await host().as('dave').run(`/st @${target} away`);
			sentences.add(reply.text.replace(`@${target}`, '@…'));
		}
		expect(sentences.size).toBe(1);

		// the manager's own audit: the attempts, one wording for all
		const own = await host().as('dave').run('/inbox-bridge audit');
		const lines = own.text.split('\n').filter((l) => l.includes('status.set_for'));
		expect(lines.length).toBeGreaterThanOrEqual(4);
		expect(new Set(lines.map((l) => l.replace(/^• \S+ /, '').replace(/@\S+:/, '@…:'))).size).toBe(1);
		// the admin whose status was aimed at sees the attempt in their own audit
		expect((await host().as('admin').run('/inbox-bridge audit @admin')).text).toMatch(/@dave status\.set_for rocketchat @admin: refused/);
		// the reason is in the app's log, for admins
		expect(world().logs.some((l) => JSON.stringify(l).includes('may not change @admin: not_managed'))).toBe(true);
	});
});
