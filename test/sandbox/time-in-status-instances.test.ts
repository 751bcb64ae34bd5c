import { decode } from '../../src/status/timeline/codec';
import { demoPerTest, sleep } from './fixtures';

/**
 * Issue 21 with two instances on one store (a Rocket.Chat cluster) and a restart mid-day: the agent's
 * day is one record whichever instance made a change, changes made on both at once are both kept (the
 * per-agent turn orders them across instances), and a restarted instance goes on in the same record.
 */
const demo = demoPerTest({ instances: 2 });

function aliceDay() {
	const id = `id:tl:${demo().hosts[0].user('alice').id}`;
	const records = [...demo().world.persistence.values()].filter((r) => r.associations.some((a) => a.getID() === id));
	expect(records).toHaveLength(1);
	return decode(records[0].data);
}

describe('time in status on two instances', () => {
	it('one record per agent, every change kept, across both instances and a restart', async () => {
		const [one, two] = demo().hosts;
		await one.as('alice').run('/st busy First');
		await sleep(1100);
		await two.as('alice').run('/st away Second');
		await sleep(1100);
		// both at once: the turn's claim orders them, neither is lost
		await Promise.all([one.as('alice').run('/st online Third'), two.as('alice').run('/st busy Fourth')]);
		await sleep(1100);
		await demo().restart({ instance: 0 });
		await demo().hosts[0].as('alice').run('/st offline Fifth');
		await demo().hosts[0].idle();
		await demo().hosts[1].idle();

		const texts = aliceDay()?.changes.map((c) => c.text) ?? [];
		expect(texts.slice(0, 2)).toEqual(['First', 'Second']);
		expect(new Set(texts.slice(2, 4))).toEqual(new Set(['Third', 'Fourth']));
		expect(texts[4]).toBe('Fifth');
		expect(texts).toHaveLength(5);
		// the record keeps the order the changes were made in
		const ats = aliceDay()?.changes.map((c) => c.at) ?? [];
		expect([...ats].sort((a, b) => a - b)).toEqual(ats);
	});
});
