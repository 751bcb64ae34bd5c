/**
 * The second type-check of `npm run typecheck` (scripts/typecheck-newest.ts) really checks against the
 * newest Apps-Engine definitions (1.66.0) and not against the 1.62.0 package the sandbox installs:
 * probe files, kept in memory under src/, are checked with both configurations.
 */
import path from 'node:path';
import { check, MAIN_CONFIG, NEWEST_CONFIG } from '../../scripts/typecheck-newest';

const ROOT = path.resolve(__dirname, '..', '..');
const probe = (name: string, text: string) => ({ fileName: path.join(ROOT, 'src', `__probe_${name}.ts`), text });

const CLAIMS = probe(
	'claims',
	`import type { IModify } from '@rocket.chat/apps-engine/definition/accessors';
export async function claim(modify: IModify): Promise<void> {
	const users = modify.getUpdater().getUserUpdater();
	await users.setActiveState('u1', { statusDefault: 'busy', statusSource: 'external', statusText: 'Callbell', statusId: 'inbox-bridge:1' });
	await users.endActiveState('u1', 'inbox-bridge:1');
}
`,
);
const HELPER_TYPES = probe(
	'helper_types',
	`import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
import type { ClaimsUpdater, ClaimState } from './presence-claims';
export const asClaims = (u: IUserUpdater): ClaimsUpdater => u;
export const claim = (u: IUserUpdater, s: ClaimState) => u.setActiveState('u1', s);
`,
);
const SERVER_ONLY = probe(
	'server_only',
	`import type { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
export type Manager = AppManager;
`,
);
const WRONG_SOURCE = probe(
	'wrong_source',
	`import type { IUserUpdater } from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater';
export const claim = (users: IUserUpdater) => users.setActiveState('u1', { statusDefault: 'busy', statusSource: 'app' });
`,
);

describe('the type-check against the newest definitions', () => {
	it('accepts the presence claims accessor of 1.65+, which the 1.62 check refuses', () => {
		expect(check(NEWEST_CONFIG, [CLAIMS]).errors).toEqual([]);
		expect(check(MAIN_CONFIG, [CLAIMS]).errors).toEqual([
			expect.stringMatching(/__probe_claims\.ts\(4,.*'setActiveState' does not exist on type 'IUserUpdater'/),
			expect.stringMatching(/__probe_claims\.ts\(5,.*'endActiveState' does not exist on type 'IUserUpdater'/),
		]);
	});

	it("src/presence-claims.ts's own claim types match the 1.66 user updater both ways", () => {
		expect(check(NEWEST_CONFIG, [HELPER_TYPES]).errors).toEqual([]);
	});

	it('refuses a module only 1.62 ships (server/), which TypeScript would otherwise take from the 1.62 package', () => {
		expect(check(MAIN_CONFIG, [SERVER_ONLY]).errors).toEqual([]);
		expect(check(NEWEST_CONFIG, [SERVER_ONLY]).errors).toEqual([
			expect.stringMatching(/__probe_server_only\.ts\(1,\d+\): '@rocket\.chat\/apps-engine\/server\/AppManager' is not in the newest definitions/),
		]);
	});

	it('type-checks calls against 1.66 (a claim source the engine does not know fails)', () => {
		expect(check(NEWEST_CONFIG, [WRONG_SOURCE]).errors).toEqual([expect.stringMatching(/__probe_wrong_source\.ts\(2,.*'"app"' is not assignable/)]);
	});

	it('reads its Apps-Engine and ui-kit types from the 1.66 and ui-kit 1.1 aliases only', () => {
		const files = check(NEWEST_CONFIG, [CLAIMS, probe('uikit', `import type { ModalSurfaceLayout } from '@rocket.chat/ui-kit';\nexport type M = ModalSurfaceLayout;\n`)]).files.map((f) =>
			path.relative(ROOT, f),
		);
		const rocketChat = files.filter((f) => f.startsWith('node_modules/@rocket.chat/'));
		expect(rocketChat.filter((f) => f.startsWith('node_modules/@rocket.chat/apps-engine-1.66/definition/')).length).toBeGreaterThan(10);
		expect(rocketChat.filter((f) => f.startsWith('node_modules/@rocket.chat/ui-kit-1.1/')).length).toBeGreaterThan(10);
		expect(rocketChat.filter((f) => /^node_modules\/@rocket\.chat\/(apps-engine|ui-kit)\//.test(f))).toEqual([]);
	});
});
