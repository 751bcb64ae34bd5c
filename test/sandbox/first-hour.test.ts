import type { MessageKey, Params } from '../../src/i18n';
import { demoPerTest, says } from './fixtures';

/**
 * Issue 18, the app's side of a newcomer's first hour: what a reply says is what happened (no silent
 * substitution), the README's own examples work, and a reply is in one language. Exact sentences,
 * in the reader's language, through the app's own catalogues.
 */

const demo = demoPerTest();
const host = () => demo().host;
const say = (user: string, key: MessageKey, params?: Params) => says(demo(), user, key, params);

describe('no silent substitutions', () => {
	it('an agent asking for another user’s audit entries is told they see only their own', async () => {
		await host().as('alice').run('/st busy');
		await host().as('bob').run('/st away');
		const other = await host().as('alice').run('/inbox-bridge audit @bob 3');
		expect(other.texts).toEqual([say('alice', 'audit_own_only')]);
		const pt = await host().as('bob').run('/inbox-bridge audit @alice');
		expect(pt.texts).toEqual([say('bob', 'audit_own_only')]);
		// naming oneself is one's own audit
		const own = await host().as('alice').run('/inbox-bridge audit @alice 3');
		expect(own.text).toBe((await host().as('alice').run('/inbox-bridge audit 3')).text);
		expect(own.text).toMatch(/@alice /);
		// an admin sees bob's
		expect((await host().as('admin').run('/inbox-bridge audit @bob 3')).text).toMatch(/@bob /);
	});

	it('/st help advertises /st link only while agents may link themselves (callbell_self_link)', async () => {
		const off = await host().as('alice').run('/st help');
		expect(off.texts).toEqual([[say('alice', 'st_help'), say('alice', 'st_help_team'), say('alice', 'st_usage')].join('\n')]);
		expect(off.text).not.toContain('/st link');
		await host().setSetting('callbell_self_link', true);
		const on = await host().as('bob').run('/st help');
		expect(on.texts).toEqual([[say('bob', 'st_help'), say('bob', 'st_help_link'), say('bob', 'st_help_team'), say('bob', 'st_usage')].join('\n')]);
	});

	it('/st list of an unlinked agent names /st link only while it works, and otherwise who links', async () => {
		const off = await host().as('carol').run('/st list');
		expect(off.text.split('\n')).toContain(say('carol', 'st_list_now_cb_unlinked_admin', { username: 'carol' }));
		expect(off.text).not.toContain('/st link');
		expect((await host().as('carol').run('/st link cb-user-carol-0003')).texts).toEqual([say('carol', 'st_link_refused_self_link_off', { uuid: 'cb-user-carol-0003' })]);
		await host().setSetting('callbell_self_link', true);
		const on = await host().as('carol').run('/st list');
		expect(on.text.split('\n')).toContain(say('carol', 'st_list_now_cb_unlinked'));
	});
});
