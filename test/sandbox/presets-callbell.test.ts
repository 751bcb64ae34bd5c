import { DEMO } from '../../sandbox/simulators';
import type { Reply } from '../../sandbox/host/host';
import { demoPerTest, settle } from './fixtures';

/**
 * Presets in both systems: `custom_statuses_in_callbell` mirrors `/st preset add|rename|remove` to the
 * Callbell custom status of the same name through the outbox; `/st preset sync` compares the two
 * and its Fix button creates or corrects what Callbell lacks. Packaged app, real engine, simulators.
 */

const demo = demoPerTest({ settings: { retry_base_delay_ms: 20, retry_max_delay_ms: 200 } });
const host = () => demo().host;
const cb = () => demo().sims.callbell;
const cbCalls = () => cb().requests.map((r) => `${r.method} ${r.path}`);
const cbNamed = (name: string) => [...cb().state.customStatuses.values()].filter((s) => s.name === name);
const on = () => host().setSetting('custom_statuses_in_callbell', true);
const ALICE_CB = DEMO.callbellUsers[0].uuid;

function fixButton(reply: Reply): { actionId: string; value: string } | undefined {
	const blocks = reply.delivered.flatMap((d) => (d.blocks ?? []) as Array<{ type: string; elements?: Array<{ actionId: string; value: string }> }>);
	return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).find((e) => e.actionId === 'st.preset.sync.fix');
}

describe('custom_statuses_in_callbell off (the default)', () => {
	it('add, rename and remove change Rocket.Chat only: zero Callbell calls, one line back', async () => {
		expect((await host().as('admin').run('/st preset add Focus busy')).text).toBe('✅ Preset “Focus” (busy) created.');
		expect((await host().as('admin').run('/st preset rename Focus -> Deep work')).text).toBe('✅ Preset “Focus” renamed to “Deep work”.');
		expect((await host().as('admin').run('/st preset remove Deep work')).text).toBe('✅ Preset “Deep work” removed.');
		await host().jobs.runDue({ all: true });
		expect(cbCalls()).toEqual([]);
	});
});

describe('custom_statuses_in_callbell on', () => {
	it('add, rename and remove also create, rename and delete the Callbell twin; the reply names both systems', async () => {
		await on();
		// alice's use of a preset fills the app's cache of Callbell statuses (without "Focus" yet)
		await host().as('alice').run('/st Lunch');
		cb().clear();

		const added = await host().as('admin').run('/st preset add Focus busy');
		expect(added.text).toBe('*Rocket.Chat*: ✅ Preset “Focus” (busy) created.\nCallbell: ✅ custom status “Focus” created.');
		expect(cbCalls()).toEqual(['GET /v1/custom_statuses', 'POST /v1/custom_statuses']);
		expect(cb().requests[1].body).toEqual({ name: 'Focus', emoji: '🔴' });
		const [focus] = cbNamed('Focus');
		expect(focus).toMatchObject({ name: 'Focus', emoji: '🔴' });

		// the cache was refreshed: the new preset maps to its new Callbell twin at once
		cb().clear();
		await host().as('alice').run('/st Focus');
		expect(cb().requests.filter((r) => r.method === 'PUT').map((r) => r.body)).toEqual([{ custom_status_uuid: focus.id }]);

		cb().clear();
		const renamed = await host().as('admin').run('/st preset rename Focus -> Deep work');
		expect(renamed.text).toBe('*Rocket.Chat*: ✅ Preset “Focus” renamed to “Deep work”.\nCallbell: ✅ custom status “Focus” renamed to “Deep work”.');
		expect(cbCalls()).toEqual(['GET /v1/custom_statuses', `PUT /v1/custom_statuses/${focus.id}`]);
		expect(cb().requests[1].body).toEqual({ name: 'Deep work' });
		expect(cb().state.customStatuses.get(focus.id)?.name).toBe('Deep work');

		cb().clear();
		const removed = await host().as('admin').run('/st preset remove Deep work');
		expect(removed.text).toBe('*Rocket.Chat*: ✅ Preset “Deep work” removed.\nCallbell: ✅ custom status “Deep work” removed.');
		expect(cbCalls()).toEqual(['GET /v1/custom_statuses', `DELETE /v1/custom_statuses/${focus.id}`]);
		expect(cb().state.customStatuses.has(focus.id)).toBe(false);
		// alice had it: Callbell unassigned it with the status
		expect(cb().state.users.get(ALICE_CB)?.customStatusId).toBeNull();

		// a presence change has nothing to send to Callbell
		cb().clear();
		expect((await host().as('admin').run('/st preset set Lunch busy')).text).toBe('✅ Preset “Lunch” is now busy.');
		expect(cbCalls()).toEqual([]);
	});

	it('answers in the admin’s language (pt-BR, es)', async () => {
		await on();
		host().addUser({ username: 'ana', roles: ['user', 'admin'], language: 'pt-BR' });
		host().addUser({ username: 'eva', roles: ['user', 'admin'], language: 'es' });
		expect((await host().as('ana').run('/st preset add Foco busy')).text).toBe('*Rocket.Chat*: ✅ Predefinido “Foco” (ocupado) criado.\nCallbell: ✅ status personalizado “Foco” criado.');
		expect((await host().as('ana').run('/st preset rename Foco -> Pausa')).text).toBe(
			'*Rocket.Chat*: ✅ Predefinido “Foco” renomeado para “Pausa”.\nCallbell: ✅ status personalizado “Foco” renomeado para “Pausa”.',
		);
		expect((await host().as('eva').run('/st preset remove Pausa')).text).toBe('*Rocket.Chat*: ✅ Predefinido “Pausa” eliminado.\nCallbell: ✅ estado personalizado “Pausa” eliminado.');
		expect((await host().as('eva').run('/st preset add Enfoque busy')).text).toBe('*Rocket.Chat*: ✅ Predefinido “Enfoque” (ocupado) creado.\nCallbell: ✅ estado personalizado “Enfoque” creado.');
		expect(cbNamed('Pausa')).toEqual([]);
		expect(cbNamed('Enfoque')).toHaveLength(1);
	});

	it('Callbell down: Rocket.Chat done, Callbell queued, then delivered and the admin told', async () => {
		await on();
		cb().failNext(1, 503, { message: 'maintenance' });
		const reply = await host().as('admin').run('/st preset add Focus busy');
		expect(reply.texts).toHaveLength(1);
		expect(reply.text).toMatch(/^\*Rocket\.Chat\*: ✅ Preset “Focus” \(busy\) created\.\nCallbell: ⏳ queued — Callbell had an error \(.*maintenance.*\)\. It will be sent automatically/);
		expect(cbNamed('Focus')).toEqual([]);
		// renamed while the create still waits: queued behind it, sent after it (never merged into it)
		const renamed = await host().as('admin').run('/st preset rename Focus -> Deep work');
		expect(renamed.text).toBe('*Rocket.Chat*: ✅ Preset “Focus” renamed to “Deep work”.\nCallbell: ⏳ queued; it will be sent automatically and you will be told how it ends.');
		const told = () => demo().world.messages.map((m) => m.text ?? '').join('\n');
		await settle(demo(), () => cbNamed('Deep work').length === 1 && /Delivered later: Callbell custom status “Deep work”/.test(told()));
		expect(told()).toContain('✅ Delivered later: Callbell custom status “Focus”.');
		expect(cbNamed('Focus')).toEqual([]);
		expect(cb().requests.filter((r) => r.method !== 'GET' && r.status < 300).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}$/, ':id')}`)).toEqual(['POST /v1/custom_statuses', 'PUT /v1/custom_statuses/:id']);
	});

	it('a create whose answer is lost is sent again only after a look-up: never a second status', async () => {
		await on();
		// the POST is applied, then the connection drops: the app cannot know whether it landed
		cb().afterApplyNext(1, 'reset', { method: 'POST' });
		const reply = await host().as('admin').run('/st preset add Focus busy');
		expect(reply.text).toMatch(/^\*Rocket\.Chat\*: ✅ Preset “Focus” \(busy\) created\.\nCallbell: ⏳ queued/);
		expect(cbNamed('Focus')).toHaveLength(1);
		await settle(demo(), () => demo().world.messages.some((m) => /Delivered later/.test(m.text ?? '')));
		// the retry looked the name up, found the status the lost answer made, and posted nothing
		expect(cbCalls()).toEqual(['GET /v1/custom_statuses', 'POST /v1/custom_statuses', 'GET /v1/custom_statuses']);
		expect(cbNamed('Focus')).toHaveLength(1);
	});

	it('refuses a non-admin before calling anything', async () => {
		await on();
		expect((await host().as('alice').run('/st preset add Focus busy')).text).toBe('Only admins can use `/st preset`.');
		expect((await host().as('alice').run('/st preset sync')).text).toBe('Only admins can use `/st preset sync`.');
		expect(cbCalls()).toEqual([]);
	});
});

describe('/st preset sync', () => {
	it('lists what differs and the Fix button (admins only) creates and corrects in Callbell, removing nothing', async () => {
		// Rocket.Chat: Lunch (away), In a meeting (busy) + Focus; Callbell: Lunch, In a meeting, Vacation (+ a lower-case twin without emoji)
		await host().as('admin').run('/st preset add Focus busy');
		await host().as('admin').run('/st preset add Break away');
		cb().state.customStatuses.set('cb-cs-break', { id: 'cb-cs-break', name: 'break', emoji: '', createdAt: '', updatedAt: '' });
		cb().clear();

		const report = await host().as('admin').run('/st preset sync');
		expect(report.text).toBe(
			[
				'*Presets: Rocket.Chat and Callbell differ*',
				'• Only in *Rocket.Chat*: “Focus”',
				'• Only in Callbell: “Vacation”',
				'• Same name, different case: “Break” ≠ “break”',
				'• No emoji in Callbell: “break”',
				'“Fix” creates in Callbell what is missing there and gives the others Rocket.Chat’s spelling and an emoji. It removes nothing: remove statuses found only in Callbell there, if they are not wanted.',
			].join('\n'),
		);
		const button = fixButton(report);
		expect(button).toBeDefined();
		expect(cb().requests.every((r) => r.method === 'GET')).toBe(true);

		const refused = await host().ui.blockAction('alice', { actionId: button!.actionId, value: button!.value });
		expect(refused.text).toBe('Only admins can use `/st preset sync`.');
		expect(cb().requests.every((r) => r.method === 'GET')).toBe(true);

		const fixed = await host().ui.blockAction('admin', { actionId: button!.actionId, value: button!.value });
		expect(fixed.text).toBe(
			[
				'*Presets: fixing Callbell*',
				'Callbell: ✅ custom status “Focus” created.',
				'Callbell: ✅ custom status “break” renamed to “Break”.',
				'Left as they are in Callbell: “Vacation”',
			].join('\n'),
		);
		expect(cbNamed('Focus')).toMatchObject([{ emoji: '🔴' }]);
		expect(cb().state.customStatuses.get('cb-cs-break')).toMatchObject({ name: 'Break', emoji: '🟡' });
		expect(cb().state.customStatuses.has(DEMO.callbellCustomStatuses[2].id)).toBe(true);

		const again = await host().as('admin').run('/st preset sync');
		expect(again.text).toBe('*Presets: Rocket.Chat and Callbell differ*\n• Only in Callbell: “Vacation”\nNothing for the app to fix: what is only in Callbell is removed in Callbell, by hand, if it is not wanted.');
		expect(fixButton(again)).toBeUndefined();
	});

	it('one press sends inline only within the call’s budget: with a slow Callbell the rest is queued and delivered later, each status once', async () => {
		const names = ['Focus', 'Deep work', 'Training', 'Coaching', 'Admin time', 'Research'];
		for (const name of names) await host().as('admin').run(`/st preset add ${name} busy`);
		const button = fixButton(await host().as('admin').run('/st preset sync'));
		expect(button).toBeDefined();
		// every Callbell call takes 0.7 s: each create is a look-up and a POST, so six of them never fit in the 5 s inline budget
		cb().setFaults({ latencyMs: 700 });
		const fixed = await host().ui.blockAction('admin', { actionId: button!.actionId, value: button!.value });
		cb().setFaults({ latencyMs: 0 });
		const lines = (fixed.text ?? '').split('\n').filter((l) => l.startsWith('Callbell:'));
		const created = lines.filter((l) => /^Callbell: ✅ custom status “.*” created\.$/.test(l));
		const queued = lines.filter((l) => l === 'Callbell: ⏳ queued; it will be sent automatically and you will be told how it ends.');
		expect({ lines: lines.length, sent: created.length + queued.length }).toEqual({ lines: names.length, sent: names.length });
		expect(queued.length).toBeGreaterThan(0);
		// a drain run tells the admin once, naming every status it delivered
		const toldLater = () => demo().world.messages.filter((m) => /Delivered later/.test(m.text ?? '')).map((m) => m.text ?? '').join('\n');
		await settle(demo(), () => names.every((n) => cbNamed(n).length > 0) && names.filter((n) => toldLater().includes(`“${n}”`)).length >= queued.length);
		expect(names.map((n) => [n, cbNamed(n).length])).toEqual(names.map((n) => [n, 1]));
	});
});
