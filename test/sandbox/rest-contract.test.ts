import { type Demo, startDemo } from '../../sandbox/demo';
import { answerProblems, REST_DEFINITIONS } from '../../sandbox/simulators/rocketchat-contract';

/**
 * The Rocket.Chat simulator answers in Rocket.Chat's published REST shapes (`@rocket.chat/rest-typings`
 * and `@rocket.chat/core-typings` schemas, sandbox/simulators/rocketchat-contract.ts) on every endpoint
 * the app calls, errors included; the demo also fails any test after which it did not
 * (sandbox/demo.ts). Request params are tied to rest-typings' types at compile time (`npm run typecheck`).
 */
describe(`answers checked against ${REST_DEFINITIONS}`, () => {
	const status = { _id: 's1', name: 'Lunch', statusType: 'away', _updatedAt: '2024-01-01T00:00:00.000Z' };

	it('refuses a /me answer without the fields Rocket.Chat sends (avatarUrl, settings …)', () => {
		expect(answerProblems('GET', '/api/v1/me', 200, { _id: 'u1', username: 'admin', success: true })).toEqual([
			expect.stringMatching(/GET \/api\/v1\/me 200: .*must have required property.*avatarUrl/),
		]);
	});

	it('refuses a custom status without its statusType, or with a _updatedAt that is no date-time', () => {
		const { statusType: _gone, ...noType } = status;
		expect(answerProblems('POST', '/api/v1/custom-user-status.create', 200, { customUserStatus: noType, success: true })).toEqual([expect.stringContaining('statusType')]);
		expect(answerProblems('POST', '/api/v1/custom-user-status.update', 200, { customUserStatus: { ...status, _updatedAt: 'yesterday' }, success: true })).toEqual([
			expect.stringContaining('date-time'),
		]);
		expect(answerProblems('GET', '/api/v1/custom-user-status.list', 200, { statuses: [noType], count: 1, offset: 0, total: 1, success: true })).toHaveLength(1);
		expect(answerProblems('POST', '/api/v1/custom-user-status.create', 200, { customUserStatus: status, success: true })).toEqual([]);
	});

	it('refuses error bodies Rocket.Chat does not send', () => {
		expect(answerProblems('POST', '/api/v1/custom-user-status.create', 400, { success: false, error: 'x', reason: 'not a field' })).toHaveLength(1);
		expect(answerProblems('GET', '/api/v1/me', 401, { success: true, error: 'unauthorized' })).toHaveLength(1);
		expect(answerProblems('GET', '/api/v1/me', 401, { success: false, error: 'unauthorized' })).toEqual([]);
	});
});

describe('the Rocket.Chat simulator under the app', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual' });
	});
	afterAll(async () => {
		await demo?.stop();
	});

	it('answers every call of a preset tour, errors included, in the published shapes', async () => {
		const run = (line: string) => demo.host.as('admin').run(line);
		await run('/inbox-bridge health');
		await run('/st list');
		await run('/st preset add Focus busy');
		await run('/st preset set Focus away');
		await run('/st preset rename Focus -> Deep work');
		await run('/st preset add lunch busy'); // 400 duplicate name
		await run('/st preset remove Deep work');
		demo.sims.rocketchat.failNext(1, 403);
		await run('/st preset add Other busy');
		await demo.host.setSetting('rocketchat_admin_token', 'wrong-token'); // checked at once: 401
		const calls = new Set(demo.sims.rocketchat.requests.map((r) => `${r.method} ${r.path} ${r.status}`));
		expect([...calls].sort()).toEqual([
			'GET /api/v1/custom-user-status.list 200',
			'GET /api/v1/me 200',
			'GET /api/v1/me 401',
			'POST /api/v1/custom-user-status.create 200',
			'POST /api/v1/custom-user-status.create 400',
			'POST /api/v1/custom-user-status.create 403',
			'POST /api/v1/custom-user-status.delete 200',
			'POST /api/v1/custom-user-status.update 200',
		]);
		expect(demo.sims.rocketchat.contractProblems).toEqual([]);
	});
});
