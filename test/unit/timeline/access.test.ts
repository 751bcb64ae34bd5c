import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { mayReportOn } from '../../../src/status/manage/report-access';

const user = (id: string, roles: string[], more: Partial<IUser> = {}): IUser => ({ id, username: id, roles, type: 'user', isEnabled: true, ...more }) as unknown as IUser;
const roles = { managerRoles: ['admin', 'livechat-manager'], managedRoles: ['livechat-agent'] };

const ana = user('ana', ['user', 'livechat-agent']);
const bob = user('bob', ['user', 'livechat-agent']);
const lead = user('lead', ['user', 'livechat-manager']);
const boss = user('boss', ['user', 'livechat-manager', 'livechat-agent', 'auditor']);
const gone = user('gone', ['user', 'livechat-agent'], { isEnabled: false });
const bot = user('bot', ['bot', 'livechat-agent'], { type: 'bot' as IUser['type'] });

describe('whose time a viewer may see', () => {
	it('their own always, a peer’s never', () => {
		expect(mayReportOn(ana, ana, roles)).toBe(true);
		expect(mayReportOn(ana, bob, roles)).toBe(false);
	});

	it('as a manager, the people they may change, and no one above them', () => {
		expect(mayReportOn(lead, ana, roles)).toBe(true);
		expect(mayReportOn(lead, boss, roles)).toBe(false); // holds a role the lead lacks
		expect(mayReportOn(lead, gone, roles)).toBe(false);
		expect(mayReportOn(lead, bot, roles)).toBe(false);
		expect(mayReportOn(lead, undefined, roles)).toBe(false);
	});
});
