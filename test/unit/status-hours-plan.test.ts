import { REARM_PAGE, WorkingHours } from '../../src/status/hours/plan';
import { MemoryWorld } from './fakes/memory-world';

/** The one job per agent, over an in-memory persistence and scheduler (the sandbox test runs it in the engine). */
const HOUR = 3_600_000;

function setup(agents: number, defaultHours = 'daily 13:00-14:00') {
	const world = new MemoryWorld(); // 12:00 UTC
	world.settings.set('default_working_hours', defaultHours);
	const users = Array.from({ length: agents }, (_, i) => world.addAgent(`agent${String(i).padStart(4, '0')}`));
	const hours = () => new WorkingHours(world.accessors(), () => world.now);
	return { world, users, hours };
}
const hoursJobs = (world: MemoryWorld) => [...world.jobs.entries()].filter(([, j]) => j.name === 'status.hours');

describe('working hours: the one job per agent', () => {
	it('an agent seen for the first time follows the default, armed for its next boundary', async () => {
		const { world, users, hours } = setup(1);
		await hours().enroll(users[0]);
		await hours().enroll(users[0]); // seen again: nothing new
		expect(hoursJobs(world).map(([, j]) => [j.when, j.data])).toEqual([[world.now + HOUR, { userId: users[0].id, gen: 1, at: world.now + HOUR }]]);
	});

	it('a job of an older arming does nothing; the current one applies its boundary and arms the next', async () => {
		const { world, users, hours } = setup(1);
		await hours().enroll(users[0]);
		await hours().set(users[0], 'default'); // armed again: gen 2
		expect(hoursJobs(world)).toHaveLength(1);
		const applied: string[] = [];
		const apply = async (_u: unknown, due: { state: string }) => void applied.push(due.state);
		expect(await hours().wake(users[0].id, 1, world.now + HOUR, apply)).toBeUndefined();
		expect(applied).toEqual([]);
		// the scheduler runs the job (a one-time job is gone once it ran), which wakes the agent
		for (const [id] of hoursJobs(world)) world.jobs.delete(id);
		const woken = await hours().wake(users[0].id, 2, world.now + HOUR, apply);
		expect(applied).toEqual(['in']);
		expect(woken?.next).toEqual({ at: world.now + 2 * HOUR, state: 'out' });
		expect(hoursJobs(world).map(([, j]) => j.data)).toEqual([{ userId: users[0].id, gen: 3, at: world.now + 2 * HOUR }]);
	});

	it('re-arming on enable goes page by page (an engine call is cut off after 30 s) and keeps one job per agent', async () => {
		const { world, users, hours } = setup(REARM_PAGE * 2 + 50);
		for (const u of users) await hours().enroll(u);
		expect(hoursJobs(world)).toHaveLength(users.length);
		const pages: number[] = [];
		let after: string | undefined;
		do {
			const page = await hours().rearmAll('all', after);
			pages.push(page.count);
			after = page.more;
		} while (after !== undefined);
		expect(pages).toEqual([REARM_PAGE, REARM_PAGE, 50]);
		const jobs = hoursJobs(world).map(([, j]) => j.data as { userId: string; gen: number; at: number });
		expect(jobs).toHaveLength(users.length);
		expect(new Set(jobs.map((j) => j.userId)).size).toBe(users.length);
		expect(jobs.every((j) => j.gen === 2 && j.at === world.now + HOUR)).toBe(true);
	});

	it('a new default re-arms only its followers', async () => {
		const { world, users, hours } = setup(2);
		for (const u of users) await hours().enroll(u);
		await hours().set(users[1], 'own', { days: [0, 1, 2, 3, 4, 5, 6], start: 15 * 60, end: 16 * 60, off: 'away' });
		world.settings.set('default_working_hours', 'daily 12:30-13:00');
		expect((await hours().rearmAll('default')).count).toBe(1);
		const when = (id: string) => hoursJobs(world).filter(([, j]) => (j.data as { userId: string }).userId === id).map(([, j]) => j.when);
		expect(when(users[0].id)).toEqual([world.now + HOUR / 2]);
		expect(when(users[1].id)).toEqual([world.now + 3 * HOUR]);
	});

	it('a new default counts from when it was set: a start that passed while earlier pages ran is caught up, not skipped', async () => {
		const { world, users, hours } = setup(REARM_PAGE + 50, 'daily 15:00-16:00');
		for (const u of users) await hours().enroll(u);
		// 12:59: the admin sets the default to start at 13:00; the re-arm runs page by page
		world.now += HOUR - 60_000;
		const since = world.now;
		world.settings.set('default_working_hours', 'daily 13:00-17:00');
		const first = await hours().rearmAll('default', '', since);
		// the second page runs at 13:01, after the start
		world.now += 2 * 60_000;
		await hours().rearmAll('default', first.more, since);
		const starts = hoursJobs(world).map(([, j]) => j.data as { at: number });
		expect(starts).toHaveLength(users.length);
		// every agent, on either page, is armed for today's 13:00 start (due at once on the late page)
		expect(starts.every((j) => j.at === since + 60_000)).toBe(true);
	});
});
