import { DEMO } from '../../sandbox/simulators';
import { demoPerTest } from './fixtures';

/**
 * `/st` in the agent's own words (bob reads Portuguese, carol Spanish), run in the real Apps-Engine
 * against the simulators: the keywords come from the packaged catalogues.
 */

const BOB_CB = DEMO.callbellUsers.find((u) => u.email === 'bob@demo.test')?.uuid as string;
const DAY = 24 * 3_600_000;

const demo = demoPerTest();
const host = () => demo().host;
const cbPuts = () => demo().sims.callbell.requests.filter((r) => r.method === 'PUT');
const cbWrites = () => demo().sims.callbell.requests.filter((r) => r.method !== 'GET');
const clearLogs = () => demo().sims.list.forEach((s) => s.clear());
const expireJobs = () => host().jobs.list().filter((j) => j.name.includes('status.expire'));

describe('/st in Portuguese and Spanish', () => {
	it('bob: /st ocupado Almoço por 30m sets busy + "Almoço" in Rocket.Chat and Callbell, and both come back after 30 minutes', async () => {
		await host().as('bob').run('/st disponível');
		expect(host().user('bob').status).toBe('online');
		expect(demo().sims.callbell.state.users.get(BOB_CB)?.available).toBe(true);
		clearLogs();

		const reply = await host().as('bob').run('/st ocupado Almoço por 30m');
		expect(host().user('bob').status).toBe('busy');
		expect(host().user('bob').statusText).toBe('Almoço'); // "por 30m" is the timer, not text
		expect(reply.text).toMatch(/^\*Rocket\.Chat\*: ✅ ocupado — “Almoço” até \d\d:\d\d \(UTC\)$/m);
		expect(reply.text).toMatch(/^Callbell: ✅ ausente$/m);
		expect(cbPuts().map((r) => [r.path, r.body])).toEqual([[`/v1/users/${BOB_CB}/status`, { available: false }]]);
		expect(expireJobs()).toHaveLength(1);

		clearLogs();
		await host().jobs.runDue({ advanceMs: 29 * 60_000 });
		expect(host().user('bob').status).toBe('busy');
		expect(cbWrites()).toEqual([]);
		await host().jobs.runDue({ advanceMs: 31 * 60_000 });
		expect(host().user('bob').status).toBe('online');
		expect(host().user('bob').statusText).toBe('');
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true }]);
		expect(demo().sims.callbell.state.users.get(BOB_CB)?.available).toBe(true);
	});

	it('bob: durante 45 min; invisivel without its accent; a change without a timer cancels the timer', async () => {
		const during = await host().as('bob').run('/st ausente Treinamento durante 45 min');
		expect(host().user('bob')).toMatchObject({ status: 'away', statusText: 'Treinamento' });
		expect(during.text).toMatch(/até \d\d:\d\d/);
		expect(expireJobs()).toHaveLength(1);
		await host().as('bob').run('/st invisivel');
		expect(host().user('bob')).toMatchObject({ status: 'offline', statusText: '' });
		expect(expireJobs()).toHaveLength(0); // a change without a timer cancels the one before
	});

	it('carol: /st ocupada hasta 18:00 is busy until the next 18:00 on her clock', async () => {
		host().world.users.set(host().user('carol').id, { ...host().user('carol'), utcOffset: -3 });
		const now = Date.now();
		const local = now - 3 * 3_600_000;
		let target = Math.floor(local / DAY) * DAY + 18 * 3_600_000;
		if (target <= local) target += DAY;

		const reply = await host().as('carol').run('/st ocupada hasta 18:00');
		expect(host().user('carol')).toMatchObject({ status: 'busy', statusText: '' });
		expect(reply.text).toMatch(/^\*Rocket\.Chat\*: ✅ ocupada hasta (\d{4}-\d\d-\d\d )?18:00 \(UTC−3\)$/m); // her own word said back
		const jobs = expireJobs();
		expect(jobs).toHaveLength(1);
		expect(Math.abs((jobs[0] as { when: number }).when - (target + 3 * 3_600_000))).toBeLessThan(61_000);
	});

	it('"por" not followed by a time stays text', async () => {
		const reply = await host().as('bob').run('/st ausente esperando por Bob');
		expect(host().user('bob')).toMatchObject({ status: 'away', statusText: 'esperando por Bob' });
		expect(reply.text).not.toMatch(/até/);
		expect(expireJobs()).toHaveLength(0);
	});

	it('a duration gone wrong is explained in the agent\'s language, nothing applied', async () => {
		const reply = await host().as('bob').run('/st ocupado por 5x');
		expect(reply.text).toMatch(/^"5x" não é uma duração: use `por 90m`/);
		expect(host().user('bob').status).toBe('online');
		expect(cbWrites()).toEqual([]);
	});
});

describe('did you mean …?', () => {
	it.each([
		['alice', '/st bussy', 'Unknown status “bussy”. Did you mean “busy”?'],
		['alice', '/st bussy In a meeting', 'Unknown status “bussy”. Did you mean “busy”?'],
		['alice', '/st Lnch', 'Unknown status “Lnch”. Did you mean “Lunch”?'],
		['bob', '/st ocupdo Almoço', 'Status desconhecido “ocupdo”. Você quis dizer “ocupado”?'],
		['bob', '/st bussy', 'Status desconhecido “bussy”. Você quis dizer “busy”?'],
		['carol', '/st ausnte', 'Estado desconocido “ausnte”. ¿Quisiste decir “ausente”?'],
		['carol', '/st in a meting hasta 18:00', 'Estado desconocido “in a meting”. ¿Quisiste decir “In a meeting”?'],
	])('%s: %s', async (user, line, expected) => {
		const before = { ...host().user(user) };
		const reply = await host().as(user).run(line);
		expect(reply.texts).toEqual([expected]);
		expect(host().user(user)).toMatchObject({ status: before.status, statusText: before.statusText });
		expect(cbWrites()).toEqual([]);
		expect(expireJobs()).toHaveLength(0);
	});

	it('nothing close: the usual answer, no guess', async () => {
		const reply = await host().as('bob').run('/st dançando');
		expect(reply.text).toMatch(/^"dançando" não é um status/);
		expect(reply.text).not.toMatch(/quis dizer/);
	});
});

describe('one limit for status text and preset names', () => {
	it('a preset name past Rocket.Chat\'s limit is refused, naming the limit, before any call', async () => {
		const reply = await host().as('admin').run(`/st preset add ${'x'.repeat(121)} busy`);
		expect(reply.text).toMatch(/^A preset name has at most 120 characters\.$/m);
		expect(demo().sims.rocketchat.requests.filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('the bot endpoint counts that limit in characters, as /st does: 120 emoji are fine, 121 are not', async () => {
		const auth = { Authorization: 'Bearer demo-api-secret' };
		const ok = await host().api.post('status', { user: 'alice', status: 'busy', text: '😀'.repeat(120) }, auth);
		expect(ok.status).toBe(200);
		expect(host().user('alice').statusText).toBe('😀'.repeat(120));
		const long = await host().api.post('status', { user: 'alice', status: 'busy', text: '😀'.repeat(121) }, auth);
		expect(long.status).toBe(400);
		expect(JSON.stringify(long.content)).toMatch(/at most 120 characters/);
	});
});
