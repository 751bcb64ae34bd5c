import { DEMO } from '../../sandbox/simulators';
import type { MessageKey, Params } from '../../src/i18n';
import { confirmValue, declaredDefault, demoPerTest, says } from './fixtures';

/**
 * Issue 18, the app's side of a newcomer's first hour: what a reply says is what happened (no silent
 * substitution), the README's own examples work, and a reply is in one language. Exact sentences,
 * in the reader's language, through the app's own catalogues.
 */

const demo = demoPerTest();
const host = () => demo().host;
const say = (user: string, key: MessageKey, params?: Params) => says(demo(), user, key, params);
const LEAD = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
const bp = () => demo().sims.botpenguin;

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

describe('the README’s own examples work', () => {
	it('note="…" is a plain note: sent with the title of lead_note_title', async () => {
		const reply = await host().as('alice').run(`/lead ${LEAD} note="Called back, wants a demo on Monday"`);
		expect(reply.texts).toEqual([say('alice', 'lead_line_done', { label: say('alice', 'lead_label', { uuid: LEAD }), what: say('alice', 'lead_what_updated', { fields: 'notes' }) })]);
		expect(bp().state.leads.get(LEAD)?.notes).toEqual([{ title: declaredDefault('lead_note_title'), description: 'Called back, wants a demo on Monday' }]);
		// "title: text" still gives the title; a time or a link is no title
		await host().setSetting('lead_note_title', 'From the chat');
		await host().as('alice').run(`/lead ${LEAD} note="Follow up: call at 10:30" note="See https://example.com/x"`);
		expect(bp().state.leads.get(LEAD)?.notes.slice(1)).toEqual([
			{ title: 'Follow up', description: 'call at 10:30' },
			{ title: 'From the chat', description: 'See https://example.com/x' },
		]);
	});

	it('the lead form takes a plain note line too', async () => {
		const opened = await host().as('alice').run(`/lead ${LEAD}`);
		const view = opened.surfaces[0].view as Record<string, unknown>;
		const done = await host().ui.submit('alice', view, { 'lead.f.note': { note: 'Asked for a callback' } });
		expect(done.texts).toEqual([say('alice', 'lead_line_done', { label: say('alice', 'lead_label', { uuid: LEAD }), what: say('alice', 'lead_what_updated', { fields: 'notes' }) })]);
		expect(bp().state.leads.get(LEAD)?.notes).toEqual([{ title: declaredDefault('lead_note_title'), description: 'Asked for a callback' }]);
	});

	it('/st bsy on a call: did you mean “busy”?', async () => {
		const reply = await host().as('alice').run('/st bsy on a call');
		expect(reply.texts).toEqual([say('alice', 'st_err_did_you_mean', { word: 'bsy', suggestion: 'busy' })]);
		expect(host().user('alice').status).toBe('online');
		const pt = await host().as('bob').run('/st ocpado em ligação');
		expect(pt.texts).toEqual([say('bob', 'st_err_did_you_mean', { word: 'ocpado', suggestion: 'ocupado' })]);
	});

	it('a failure of two contacts speaks of them, not “it”', async () => {
		const [known] = DEMO.contactIds;
		const unknown = '650f472d173951357f08ed01';
		const asked = await host().as('admin').run(`/contact-delete ${known} ${unknown}`);
		expect(asked.text.split('\n')[0]).toBe(say('admin', 'contact_confirm_text', { count: 2, subs: '', ids: `${known}, ${unknown}` }).split('\n')[0]);
		const done = await host().ui.blockAction('admin', { actionId: 'lead.contacts.confirm', value: confirmValue(asked) });
		const reason = say('admin', 'failure_not_found', { vendor: 'BotPenguin', message: 'One or more User IDs not found', count: 2 });
		expect(reason).toBe('BotPenguin did not find them: One or more User IDs not found');
		expect(done.texts).toEqual([
			[
				say('admin', 'contact_batches', { count: 2, requests: say('admin', 'contact_requests', { count: 1, size: 100 }) }),
				say('admin', 'lead_line_failed', { label: say('admin', 'contact_label', { from: 1, to: 2, total: 2 }), reason }),
			].join('\n'),
		]);
		expect(done.text).toContain('Deleting 2 contacts in 1 request:');
	});
});

describe('one language per reply', () => {
	it('an audit shows outcomes and labels in the reader’s language, whoever wrote them', async () => {
		await host().as('bob').run('/st busy'); // bob reads pt-BR: Callbell confirms, the outbox audits it
		await host().as('bob').run('/st online');
		const line = (user: string) => `callbell.status callbell ${say(user, 'st_cb_label')}: ${say(user, 'audit_outcome_done')}`;
		const bobs = await host().as('bob').run('/inbox-bridge audit 1');
		expect(bobs.text.split('\n')).toEqual([say('bob', 'audit_title', { count: 1 }), expect.stringContaining(line('bob'))]);
		expect(bobs.text).toContain('Status no Callbell: feito');
		expect(bobs.text).toContain('*Auditoria* — último registro');
		const admins = await host().as('admin').run('/inbox-bridge audit @bob 1');
		expect(admins.text).toContain(line('admin'));
		expect(admins.text).toContain('Callbell status: done');
		const two = await host().as('admin').run('/inbox-bridge audit @bob 2');
		expect(two.text.split('\n')[0]).toBe(say('admin', 'audit_title', { count: 2 }));
		expect(two.text.split('\n')[0]).toBe('*Audit* — last 2 entries');
	});

	it('a Spanish agent who says “ocupada” is answered “ocupada”', async () => {
		const reply = await host().as('carol').run('/st ocupada En una llamada');
		expect(reply.text.split('\n')[0]).toBe(say('carol', 'st_rc_done', { status: 'ocupada', text: say('carol', 'st_text_part', { text: 'En una llamada' }), until: '' }));
		expect(reply.text).toMatch(/^\*Rocket\.Chat\*: ✅ ocupada — “En una llamada”$/m);
		// an English word gets the Spanish name of the status, never the English word back
		const english = await host().as('carol').run('/st busy');
		expect(english.text).toMatch(/^\*Rocket\.Chat\*: ✅ ocupado$/m);
		// what Rocket.Chat calls the status (its own menu's word) in the list
		expect((await host().as('carol').run('/st list')).text).toContain(say('carol', 'st_list_now_rc', { status: say('carol', 'st_presence_busy'), text: '', until: '' }));
	});
});

describe('plain text is plain', () => {
	/** The field errors of a view submission that was refused (`viewErrorResponse`). */
	const fieldErrors = (reply: { response?: unknown }): Record<string, string> => {
		const r = reply.response as { errors?: Record<string, string>; data?: { errors?: Record<string, string> } } | undefined;
		return r?.errors ?? r?.data?.errors ?? {};
	};

	it('field errors under a form’s inputs carry no markdown marks', async () => {
		const lead = await host().as('alice').run(`/lead ${LEAD}`);
		const leadErrors = fieldErrors(await host().ui.submit('alice', lead.surfaces[0].view as Record<string, unknown>, { 'lead.f.email': { email: 'not-an-email' }, 'lead.f.status': { status: 'DONE' } }));
		expect(leadErrors).toEqual({ 'lead.f.email': 'email “not-an-email” is not an email address', 'lead.f.status': 'status “DONE” is not one of OPEN, INPROGRESS, REVIEW, ONHOLD, DEPENDANCY, CLOSED' });
		const form = await host().as('bob').run('/st');
		const stErrors = fieldErrors(await host().ui.submit('bob', form.surfaces[0].view as Record<string, unknown>, { 'st.presence': { value: 'dancing' }, 'st.duration': { value: 'for 5x' } }));
		expect(Object.values(stErrors).join('\n')).not.toMatch(/[`*]/);
		expect(stErrors['st.presence']).toBe(say('bob', 'st_err_unknown_status', { word: 'dancing' }).replace('`/st list`', '“/st list”'));
	});
});
