import { UserType, type IUser } from '@rocket.chat/apps-engine/definition/users';
import fc from 'fast-check';
import { mayManage } from '../../src/status/manage/rule';

/**
 * src/status/manage/rule.ts, the one place that decides whom a manager may change. The sandbox
 * (test/sandbox/manager-rule.test.ts) shows each rule end to end; here a search over generated users
 * and settings looks for a target the rule lets through that it never should.
 */

const user = (roles: string[], extra: Partial<IUser> = {}): IUser => ({ id: `u-${roles.join('-')}`, username: 'x', type: UserType.USER, isEnabled: true, roles, ...extra }) as IUser;
const AGENTS = ['livechat-agent'];

describe('mayManage', () => {
	it('each refusal, with its reason', () => {
		const manager = user(['user', 'livechat-manager']);
		expect(mayManage(manager, undefined, AGENTS)).toEqual({ ok: false, reason: 'no_user' });
		expect(mayManage(manager, user(['user']), AGENTS)).toEqual({ ok: false, reason: 'not_managed' });
		expect(mayManage(manager, user(['user', 'livechat-agent'], { isEnabled: false }), AGENTS)).toEqual({ ok: false, reason: 'inactive' });
		expect(mayManage(manager, user(['user', 'livechat-agent'], { type: UserType.BOT }), AGENTS)).toEqual({ ok: false, reason: 'not_person' });
		expect(mayManage(manager, user(['user', 'livechat-agent'], { type: UserType.APP, appId: 'a' }), AGENTS)).toEqual({ ok: false, reason: 'not_person' });
		expect(mayManage(manager, user(['bot', 'livechat-agent']), AGENTS)).toEqual({ ok: false, reason: 'not_person' });
		expect(mayManage(manager, user(['admin', 'livechat-agent']), AGENTS)).toEqual({ ok: false, reason: 'outranks' });
		expect(mayManage(manager, user(['admin', 'livechat-agent']), [...AGENTS, 'admin'])).toEqual({ ok: false, reason: 'outranks' });
		expect(mayManage(manager, user(['livechat-agent', 'livechat-monitor']), AGENTS)).toEqual({ ok: false, reason: 'outranks' });
	});

	it('lets through an agent, a peer manager, and anyone managed for an admin', () => {
		const manager = user(['user', 'livechat-manager']);
		expect(mayManage(manager, user(['user', 'livechat-agent']), AGENTS).ok).toBe(true);
		expect(mayManage(manager, user(['user', 'livechat-agent', 'livechat-manager']), AGENTS).ok).toBe(true);
		expect(mayManage(user(['admin']), user(['admin', 'livechat-agent', 'livechat-monitor']), AGENTS).ok).toBe(true);
	});

	it('never lets through a machine, a deactivated user, a user without a managed role, or an admin for a non-admin (searched)', () => {
		const role = fc.constantFrom('user', 'admin', 'bot', 'app', 'livechat-agent', 'livechat-manager', 'livechat-monitor', 'guest', 'custom');
		const roles = fc.uniqueArray(role, { maxLength: 5 });
		const target = fc.record({
			roles,
			type: fc.constantFrom(UserType.USER, UserType.BOT, UserType.APP, UserType.UNKNOWN),
			isEnabled: fc.constantFrom(true, false, undefined),
			appId: fc.option(fc.constant('app-id'), { nil: undefined }),
		});
		fc.assert(
			fc.property(roles, target, roles, (managerRoles, t, managed) => {
				const manager = user(managerRoles);
				const verdict = mayManage(manager, user(t.roles, { type: t.type, isEnabled: t.isEnabled as boolean, appId: t.appId }), managed);
				if (!verdict.ok) return;
				expect(t.type).toBe(UserType.USER);
				expect(t.appId).toBeUndefined();
				expect(t.isEnabled).toBe(true);
				expect(t.roles.some((r) => r === 'bot' || r === 'app')).toBe(false);
				expect(t.roles.some((r) => managed.includes(r))).toBe(true);
				if (!managerRoles.includes('admin')) {
					expect(t.roles).not.toContain('admin');
					// every role that is not the base role or a managed one is one the manager holds
					for (const r of t.roles) if (r !== 'user' && !managed.includes(r)) expect(managerRoles).toContain(r);
				}
			}),
			{ numRuns: 2000 },
		);
	});
});
