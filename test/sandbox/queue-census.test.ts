import { randomUUID } from 'node:crypto';
import type { Demo } from '../../sandbox/demo';
import { copyQueued } from '../../sandbox/queue-copies';
import { CENSUS_FROM, SHOWN } from '../../src/delivery/census';
import { ITEM_ID } from '../../src/delivery/records';
import { demoPerTest, says } from './fixtures';

/**
 * Issue 19, `/inbox-bridge queue` over a long queue, two instances on one store: the delivery run of
 * one instance (the sweep, every minute) counts the queue, and the other lists that count in one read,
 * saying when it was counted. A short queue is counted when asked again once a run found it short.
 */
const LONG = CENSUS_FROM + 200;

/** The sweep's minute comes, on instance `on`. */
async function sweep(demo: Demo, on: number): Promise<void> {
	for (const job of demo.world.jobs.values()) if (job.name.startsWith('delivery.sweep')) job.when = Date.now();
	await demo.cluster.jobs.runDue({ on });
}

describe('the delivery queue of a long outage', () => {
	// retries an hour apart: every item stays queued while the test looks at it
	const current = demoPerTest({ instances: 2, settings: { retry_base_delay_ms: 3600000, retry_max_delay_ms: 3600000 } });

	it('is counted by one instance’s delivery run and listed by the other from that count; short again, it is counted when asked', async () => {
		const demo = current();
		const admin = demo.hosts[0].as('admin');
		demo.sims.botpenguin.setFaults({ errorRate: 1 });
		await demo.hosts[1].as('alice').run(`/lead-close ${randomUUID()} ${randomUUID()} ${randomUUID()} waiting for the vendor`);
		const asOf = says(demo, 'admin', 'queue_as_of', { at: '§', shown: SHOWN }).split('§')[0];
		const short = await admin.run('/inbox-bridge queue');
		expect(short.text).toContain(says(demo, 'admin', 'queue_title', { count: 3, summary: 'lead.update: 3' }));
		expect(short.text).not.toContain(asOf);

		const copies = copyQueued(demo, LONG);
		await sweep(demo, 1);
		const long = (await admin.run('/inbox-bridge queue')).text.split('\n');
		expect(long[0]).toBe(says(demo, 'admin', 'queue_title', { count: LONG, summary: `lead.update: ${LONG}` }));
		expect(long[1]).toMatch(new RegExp(`^${asOf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\d{4}-\\d\\d-\\d\\dT`));
		// the oldest first: the three alice queued, then copies
		expect(long.slice(2)).toHaveLength(SHOWN);
		expect(long.slice(2).every((l) => new RegExp(`^• \`${ITEM_ID.source}\``).test(l) && l.includes('(@alice'))).toBe(true);
		// alice's own items are counted when she asks (all of them are hers)
		const own = await demo.hosts[1].as('alice').run('/inbox-bridge queue');
		expect(own.text).toContain(says(demo, 'alice', 'queue_title', { count: LONG, summary: `lead.update: ${LONG}` }));
		expect(own.text).not.toContain(asOf);

		// the outage's copies are dropped; the next run finds the queue short and the listing counts it again
		for (const id of copies) demo.world.persistence.delete(id);
		await sweep(demo, 0);
		const again = await demo.hosts[1].as('admin').run('/inbox-bridge queue');
		expect(again.text).toContain(says(demo, 'admin', 'queue_title', { count: 3, summary: 'lead.update: 3' }));
		expect(again.text).not.toContain(asOf);
	});
});
