import { DEMO } from '../../sandbox/simulators';
import { demoPerTest } from './fixtures';

/**
 * `/st hours` in the real engine against the simulators. The app's clock is real and the host runs
 * jobs early without moving it, so each test builds a daily shift around "now" and runs the hours job
 * for one boundary at a time (the job applies the boundary it was armed for, and arms the next).
 */

const ALICE_CB = DEMO.callbellUsers[0].uuid;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const demo = demoPerTest();
const host = () => demo().host;
const alice = () => host().user('alice');
const cbState = () => demo().sims.callbell.state.users.get(ALICE_CB);
const cbPuts = () => demo().sims.callbell.requests.filter((r) => r.method === 'PUT' && r.path.includes(ALICE_CB));
const clearLogs = () => demo().sims.list.forEach((s) => s.clear());
/** The engine names a job `<processor id>_<app id>`. */
const hoursJobs = () => host().jobs.list().filter((j) => j.name.startsWith('status.hours_'));

/** Runs the jobs due by `at` (a boundary, a timer end), without moving the clock. */
const runUntil = (at: number) => host().jobs.runDue({ advanceMs: at - Date.now() + 1000 });

/** What the app told alice in its direct message room since the last call. */
function told(username = 'alice'): string[] {
	const dm = [...demo().world.rooms.values()].find((r) => r.type === 'd' && (r.usernames ?? []).includes(username));
	return demo().world.messages.filter((m) => m.roomId === dm?.id).map((m) => m.text ?? '');
}

const hhmm = (at: number, offset = 0) => new Date(at + offset * HOUR).toISOString().slice(11, 16);
const weekday = (at: number, offset = 0) => DAYS[new Date(at + offset * HOUR).getUTCDay()];

/** A daily shift from `startIn` to `endIn` minutes from now (negative: already started), on whole minutes. */
function shift(startIn: number, endIn: number, offset = 0) {
	const base = Math.ceil(Date.now() / MIN) * MIN;
	const start = base + startIn * MIN;
	const end = base + endIn * MIN;
	return { start, end, spec: `daily ${hhmm(start, offset)}-${hhmm(end, offset)}`, shown: `mon-sun ${hhmm(start, offset)}-${hhmm(end, offset)}` };
}

beforeEach(async () => {
	await host().jobs.runDue(); // what enabling armed (the sweep, the working-hours re-arm) runs first
});

describe('working hours', () => {
	it('the end of a shift sets away and the next start sets online, in Rocket.Chat and Callbell, with one job at a time', async () => {
		await host().as('alice').run('/st online');
		const s = shift(-30, 30);
		const saved = await host().as('alice').run(`/st hours ${s.spec}`);
		expect(saved.text).toBe(
			[
				'✅ Working hours saved. Your status does not change now: the app sets it at each start and end.',
				`🕘 Your working hours: \`${s.shown}\` (your time, UTC); outside them: away.`,
				`Next change: ${weekday(s.end)} ${hhmm(s.end)} (UTC) → away.`,
			].join('\n'),
		);
		expect(alice().status).toBe('online');
		expect(hoursJobs().map((j) => j.when)).toEqual([s.end]);
		clearLogs();

		await runUntil(s.end);
		expect(alice()).toMatchObject({ status: 'away', statusText: '' });
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: false }]);
		expect(cbState()?.available).toBe(false);
		expect(told().at(-1)).toMatch(/^🕘 Your working hours ended:\n\*Rocket\.Chat\*: ✅ away\nCallbell: ✅ away/);
		expect(hoursJobs().map((j) => j.when)).toEqual([s.start + DAY]);
		clearLogs();

		await runUntil(s.start + DAY);
		expect(alice()).toMatchObject({ status: 'online', statusText: '' });
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true }]);
		expect(told().at(-1)).toMatch(/^🕘 Your working hours started:\n\*Rocket\.Chat\*: ✅ online\nCallbell: ✅ available/);
		expect(hoursJobs().map((j) => j.when)).toEqual([s.end + DAY]);
	});

	it('a status set by hand after the last shift ended wins at the start, until the end of the shift', async () => {
		const s = shift(30, 90);
		await host().as('alice').run(`/st hours ${s.spec}`);
		await host().as('alice').run('/st busy Preparing');
		clearLogs();

		await runUntil(s.start);
		expect(alice()).toMatchObject({ status: 'busy', statusText: 'Preparing' });
		expect(cbPuts()).toEqual([]);
		expect(told().at(-1)).toBe(
			`🕘 Your working hours started. You set your status yourself after your last shift ended, so it stays until ${weekday(s.end)} ${hhmm(s.end)} (UTC).`,
		);

		await runUntil(s.end);
		expect(alice()).toMatchObject({ status: 'away', statusText: '' });
		clearLogs();
		// and at the next start, nothing was set by hand since this end: online
		await runUntil(s.start + DAY);
		expect(alice()).toMatchObject({ status: 'online', statusText: '' });
		expect(cbPuts().map((r) => r.body)).toEqual([{ available: true }]);
	});

	it('a timed status running at the end of the shift is not cut off: when it ends, the agent is away', async () => {
		const s = shift(-60, 30);
		await host().as('alice').run(`/st hours ${s.spec}`);
		const timed = await host().as('alice').run('/st busy On a call for 1h');
		expect(timed.text).toMatch(/^\*Rocket\.Chat\*: ✅ busy — “On a call” until/);
		const until = (host().jobs.list().find((j) => j.name.startsWith('status.expire_')) as { when: number }).when;
		clearLogs();

		await runUntil(s.end);
		expect(alice()).toMatchObject({ status: 'busy', statusText: 'On a call' });
		expect(cbPuts()).toEqual([]);
		expect(told().at(-1)).toBe(`🕘 Your working hours ended. Your timed status runs until ${weekday(until)} ${hhmm(until)} (UTC); then you will be away.`);

		await runUntil(until);
		expect(alice()).toMatchObject({ status: 'away', statusText: '' });
		expect(cbState()?.available).toBe(false);
		expect(hoursJobs().map((j) => j.when)).toEqual([s.start + DAY]);
	});

	it('survives a restart, and enabling arms a job the server lost again', async () => {
		const s = shift(-30, 30);
		await host().as('alice').run('/st online');
		await host().as('alice').run(`/st hours ${s.spec}`);
		await demo().restart({ timers: 'manual' });
		await host().jobs.runDue();
		expect(hoursJobs().map((j) => j.when)).toEqual([s.end]);

		// the server loses the job (as Rocket.Chat does when an enable fails); the next enable brings it back
		for (const job of hoursJobs()) demo().world.jobs.delete(job.jobId);
		await demo().restart({ timers: 'manual' });
		expect(hoursJobs()).toEqual([]);
		await host().jobs.runDue();
		expect(hoursJobs().map((j) => j.when)).toEqual([s.end]);

		await runUntil(s.end);
		expect(alice()).toMatchObject({ status: 'away', statusText: '' });
		expect(hoursJobs()).toHaveLength(1);
	});

	it('`/st hours off` cancels the job, also against an admin default; `/st hours default` follows it again', async () => {
		const s = shift(30, 90);
		await host().setSetting('default_working_hours', `${s.spec} offline`);
		await host().as('alice').run('/st online');
		expect(hoursJobs().map((j) => j.when)).toEqual([s.start]);
		expect((await host().as('alice').run('/st hours')).text).toBe(
			[`🕘 Your working hours (the admin default): \`${s.shown}\` (your time, UTC); outside them: invisible.`, `Next change: ${weekday(s.start)} ${hhmm(s.start)} (UTC) → online.`].join('\n'),
		);

		const off = await host().as('alice').run('/st hours off');
		expect(off.text).toBe(
			[
				'✅ Working hours off: the app no longer changes your status on a schedule.',
				'🕘 Working hours are off for you, the admin default included. `/st hours default` follows the default again.',
			].join('\n'),
		);
		expect(hoursJobs()).toEqual([]);
		await host().as('alice').run('/st busy');
		await host().jobs.runDue({ advanceMs: 2 * DAY });
		expect(alice().status).toBe('busy');

		const back = await host().as('alice').run('/st hours default');
		expect(back.text.split('\n')[0]).toBe('✅ You follow the admin default working hours.');
		expect(hoursJobs().map((j) => j.when)).toEqual([s.start]);

		// own hours win over the default
		const own = shift(120, 180);
		await host().as('alice').run(`/st hours ${own.spec}`);
		expect((await host().as('alice').run('/st hours')).text.split('\n')[0]).toBe(`🕘 Your working hours: \`${own.shown}\` (your time, UTC); outside them: away.`);
		expect(hoursJobs().map((j) => j.when)).toEqual([own.start]);

		// every change is audited
		const audit = (await host().as('alice').run('/inbox-bridge audit')).text;
		expect(audit).toMatch(/@alice status\.hours rocketchat @alice: done \(off\)/);
		expect(audit).toMatch(/@alice status\.hours rocketchat @alice: done \(default\)/);
		expect(audit).toContain(`@alice status.hours rocketchat @alice: done (${own.spec.replace('daily', 'mon-sun')} away)`);
	});

	it('a new admin default re-arms the agents who follow it; a default that does not parse is not saved', async () => {
		const first = shift(30, 90);
		await host().setSetting('default_working_hours', first.spec);
		await host().as('alice').run('/st online');
		await host().as('bob').run('/st online');
		await host().as('bob').run(`/st hours ${shift(200, 260).spec}`);
		const bobJob = hoursJobs().find((j) => j.data?.userId === host().user('bob').id)?.when;

		const second = shift(45, 100);
		await host().setSetting('default_working_hours', second.spec);
		await host().jobs.runDue();
		const byUser = (username: string) => hoursJobs().filter((j) => j.data?.userId === host().user(username).id).map((j) => j.when);
		expect(byUser('alice')).toEqual([second.start]);
		expect(byUser('bob')).toEqual([bobJob]);

		await host().setSetting('default_working_hours', 'seg-sex 9-17');
		expect(host().setting('default_working_hours')).toBe(second.spec);
	});

	it('the job reads the agent\'s offset again at each boundary (daylight saving)', async () => {
		const s = shift(90, 210);
		await host().as('alice').run(`/st hours ${s.spec}`);
		demo().world.users.set(alice().id, { ...alice(), status: 'away' }); // not by hand through the app: the start applies
		// clocks go forward (UTC → UTC+1) before the start: at the armed moment it is already 60 minutes into the shift
		demo().world.users.set(alice().id, { ...alice(), utcOffset: 1 });
		await runUntil(s.start);
		expect(alice().status).toBe('online');
		expect(hoursJobs().map((j) => j.when)).toEqual([s.end - HOUR]);
		expect(told().at(-1)).toMatch(/^🕘 Your working hours started:/);
	});

	it('clocks going back before the start: nothing yet at the armed moment, the job re-arms an hour later', async () => {
		const s = shift(90, 210);
		await host().as('alice').run('/st away');
		await host().as('alice').run(`/st hours ${s.spec}`);
		demo().world.users.set(alice().id, { ...alice(), utcOffset: -1 });
		clearLogs();
		await runUntil(s.start);
		expect(alice().status).toBe('away');
		expect(cbPuts()).toEqual([]);
		expect(hoursJobs().map((j) => j.when)).toEqual([s.start + HOUR]);
	});

	it('answers in the agent\'s language', async () => {
		expect((await host().as('bob').run('/st hours')).text).toBe(
			'🕘 Você não tem horário de trabalho: o app não muda o seu status por horário. Defina com `/st hours mon-fri 09:00-17:30`.',
		);
		expect((await host().as('carol').run('/st hours lun-vie 9-17')).text).toBe(
			[
				'"lun-vie" no es una lista de días: usa mon, tue, wed, thu, fri, sat, sun, rangos como `mon-fri` y listas como `sat,sun`.',
				'Uso: `/st hours mon-fri 09:00-17:30 [away|offline]`, `/st hours`, `/st hours off`, `/st hours default`. Días (en inglés): mon…sun, rangos (`mon-fri`), listas (`sat,sun`), `daily`, `weekdays`; `22:00-06:00` pasa la medianoche.',
			].join('\n'),
		);
		const s = shift(-30, 30);
		const saved = await host().as('bob').run(`/st hours ${s.spec} offline`);
		expect(saved.text).toBe(
			[
				'✅ Horário de trabalho salvo. Seu status não muda agora: o app o define a cada início e fim.',
				`🕘 Seu horário de trabalho: \`${s.shown}\` (seu horário, UTC); fora dele: invisível.`,
				`Próxima mudança: ${{ Sun: 'dom', Mon: 'seg', Tue: 'ter', Wed: 'qua', Thu: 'qui', Fri: 'sex', Sat: 'sáb' }[weekday(s.end)]} ${hhmm(s.end)} (UTC) → invisível.`,
			].join('\n'),
		);
		expect((await host().as('carol').run('/st hours mon-fri 09:00-17:30 busy')).text.split('\n')[0]).toBe('"busy" no puede ser tu estado fuera del horario laboral: usa away u offline.');
	});
});
