import { demoPerTest, says } from './fixtures';

/**
 * Issue 17, finding 7, in the real engine: a user's own `utcOffset` is whatever their client sent
 * (Rocket.Chat only checks it is a number). With 1e17, `/st busy until 17:30` applied, threw an engine
 * error and armed a timer 45 h away, and `/st hours daily 09:00-17:00` failed. Now an offset that is no
 * real one reads as UTC, the reply says so, and every timer and boundary lands where UTC puts it. The
 * demo checks after each test that the app left no error in the engine.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const demo = demoPerTest();
const host = () => demo().host;
const jobsNamed = (prefix: string) => host().jobs.list().filter((j) => j.name.startsWith(prefix));

/** The next hh:mm on the UTC clock, from now. */
function nextUtc(hh: number, mm: number): number {
	const now = Date.now();
	const midnight = Math.floor(now / DAY) * DAY;
	const at = midnight + hh * HOUR + mm * MIN;
	return at > now ? at : at + DAY;
}

describe('an offset no real time zone has', () => {
	it.each([1e17, -1e17, 14.5, -15, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY])('%p: /st busy until 17:30 means 17:30 UTC, armed within the day, and the reply says UTC was used', async (offset) => {
		host().addUser({ username: 'zed', roles: ['user', 'livechat-agent'], email: 'zed@demo.test', utcOffset: offset });
		const reply = await host().as('zed').run('/st busy until 17:30');
		expect(host().user('zed').status).toBe('busy');
		const timers = jobsNamed('status.expire');
		expect(timers).toHaveLength(1);
		const when = timers[0].when ?? 0;
		expect(when).toBe(nextUtc(17, 30));
		expect(reply.text.split('\n')).toEqual([
			says(demo(), 'zed', 'st_rc_done', { status: 'busy', text: '', until: says(demo(), 'zed', 'st_until_part', { time: `${when - Date.now() > 20 * HOUR ? `${new Date(when).toISOString().slice(0, 10)} ` : ''}17:30 (UTC)` }) }),
			expect.stringMatching(/^Callbell: /),
			says(demo(), 'zed', 'st_offset_ignored'),
		]);
	});

	it.each([1e17, -1e17, 14.5])('%p: /st hours daily 09:00-17:00 is saved, its next change armed at 09:00 or 17:00 UTC, and the reply says UTC was used', async (offset) => {
		host().addUser({ username: 'zed', roles: ['user', 'livechat-agent'], email: 'zed@demo.test', utcOffset: offset });
		const reply = await host().as('zed').run('/st hours daily 09:00-17:00');
		expect(reply.text).toMatch(/^✅ /);
		expect(reply.text).toContain('(your time, UTC)');
		expect(reply.text.split('\n').at(-1)).toBe(says(demo(), 'zed', 'st_offset_ignored'));
		const armed = jobsNamed('status.hours_').filter((j) => (j.data as { userId?: string }).userId === host().user('zed').id);
		expect(armed).toHaveLength(1);
		expect(armed[0].when).toBe(Math.min(nextUtc(9, 0), nextUtc(17, 0)));
		// and /st hours, /st list show times without a fault
		expect((await host().as('zed').run('/st hours')).text.split('\n').at(-1)).toBe(says(demo(), 'zed', 'st_offset_ignored'));
		expect((await host().as('zed').run('/st list')).text.split('\n').at(-1)).toBe(says(demo(), 'zed', 'st_offset_ignored'));
	});

	it('a manager with such an offset: `/st @bob busy until 17:30` is 17:30 UTC, and the manager is told', async () => {
		host().addUser({ username: 'admin', roles: ['admin', 'user'], email: 'admin@demo.test', utcOffset: 1e17 });
		const reply = await host().as('admin').run('/st @bob busy until 17:30');
		expect(jobsNamed('status.expire')[0]?.when).toBe(nextUtc(17, 30));
		expect(reply.text.split('\n').at(-1)).toBe(says(demo(), 'admin', 'st_offset_ignored'));
	});
});

describe('real offsets are kept, fractional ones too', () => {
	it('5.75 (Nepal): until 17:30 is 11:45 UTC, shown as 17:30 (UTC+5:45), with no warning', async () => {
		host().addUser({ username: 'zed', roles: ['user', 'livechat-agent'], email: 'zed@demo.test', utcOffset: 5.75 });
		const reply = await host().as('zed').run('/st busy until 17:30');
		expect(jobsNamed('status.expire')[0]?.when).toBe(nextUtc(11, 45));
		expect(reply.text).toMatch(/17:30 \(UTC\+5:45\)/);
		expect(reply.text).not.toContain(says(demo(), 'zed', 'st_offset_ignored'));
	});
});
