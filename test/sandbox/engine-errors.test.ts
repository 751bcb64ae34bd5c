import type { Demo } from '../../sandbox/demo';
import { demoPerTest } from './fixtures';

/**
 * Every sandbox test fails on an error the app leaves in the engine (`host.assertNoErrors()` after each
 * test): that net must hold for every kind of call, on every engine generation (npm test: 1.62; npm
 * run test:engines: the older ones), because the engines report a handler's error differently. 1.53–1.59
 * answer a thrown job with a JSON-RPC error after `app.getLogger().error(e)`, 1.62 through the call's own
 * logger; a thrown command, endpoint, event or UIKit handler comes back as a JSON-RPC error the server
 * prints (`console.error`), which the host collects on every generation.
 *
 * Here the app really throws: Rocket.Chat's persistence fails under it (its bridge throws), and no
 * handler hides that. Each test takes the errors it caused, so afterEach sees none left.
 */
describe('an error the app leaves in the engine is caught, for every kind of call', () => {
	const demo = demoPerTest();
	const DOWN = 'persistence is down (engine-errors test)';

	function breakPersistence(d: Demo): void {
		const persistence = d.host.bridges.getPersistenceBridge() as unknown as Record<string, () => Promise<never>>;
		for (const method of ['readById', 'readByAssociations', 'create', 'createWithAssociations', 'update', 'updateByAssociations', 'remove', 'removeByAssociations']) {
			persistence[method] = async () => {
				throw new Error(DOWN);
			};
		}
	}
	/** The errors the host collected since the test began (removed, so afterEach passes). */
	const taken = (d: Demo) => d.host.errors.splice(0).join('\n');

	it('a job processor', async () => {
		const d = demo();
		breakPersistence(d);
		await d.host.jobs.runDue({ all: true });
		expect(taken(d)).toContain(DOWN);
	});

	it('a slash command', async () => {
		const d = demo();
		breakPersistence(d);
		await d.host
			.as('alice')
			.run('/st busy')
			.catch(() => undefined);
		expect(taken(d)).toContain(DOWN);
	});

	it('an endpoint', async () => {
		const d = demo();
		breakPersistence(d);
		await d.host.api.post('status', { user: 'alice', status: 'busy' }, { authorization: 'Bearer demo-api-secret' }).catch(() => undefined);
		expect(taken(d)).toContain(DOWN);
	});

	it('an event handler (a status changed in Rocket.Chat)', async () => {
		const d = demo();
		breakPersistence(d);
		await d.host.fire.userStatusChanged('alice', { status: 'away' }).catch(() => undefined);
		expect(taken(d)).toContain(DOWN);
	});

	it('a UIKit handler (the /st form submitted)', async () => {
		const d = demo();
		const opened = await d.host.as('alice').run('/st');
		const view = opened.surfaces[0]?.view as Record<string, unknown>;
		expect(view).toBeDefined();
		breakPersistence(d);
		await d.host.ui.submit('alice', view, { 'st.presence': { value: 'busy' }, 'st.preset': { value: '-' }, 'st.text': { value: 'Focus' }, 'st.duration': { value: '' } }).catch(() => undefined);
		expect(taken(d)).toContain(DOWN);
	});
});
