import { ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import type { IEnvironmentRead } from '@rocket.chat/apps-engine/definition/accessors';
import { endpointUrls, endpointVisibility } from '../../src/endpoints/visibility';

const meta = (path: string, computedPath: string) => ({ path, computedPath, methods: ['post'] });
const environment = (value: () => unknown) => ({ getSettings: () => ({ getValueById: async () => value() }) }) as unknown as IEnvironmentRead;

describe('endpointUrls', () => {
	it('joins Site_Url and the registered path, and tells private from public', () => {
		const urls = endpointUrls([meta('status', '/api/apps/private/app/h4sh/status'), meta('callbell-webhook', '/api/apps/public/app/callbell-webhook')], 'https://chat.example.com/');
		expect(urls).toEqual([
			{ path: 'status', url: 'https://chat.example.com/api/apps/private/app/h4sh/status', private: true },
			{ path: 'callbell-webhook', url: 'https://chat.example.com/api/apps/public/app/callbell-webhook', private: false },
		]);
	});

	it('keeps the latest registration of a path (the runtime appends the list again on every enable)', () => {
		const urls = endpointUrls([meta('status', '/api/apps/public/app/status'), meta('status', '/api/apps/private/app/h4sh/status')], undefined);
		expect(urls).toEqual([{ path: 'status', url: '/api/apps/private/app/h4sh/status', private: true }]);
	});

	it('is empty when nothing is registered', () => {
		expect(endpointUrls(undefined, 'https://x')).toEqual([]);
		expect(endpointUrls([], 'https://x')).toEqual([]);
	});
});

describe('endpointVisibility', () => {
	it('is PRIVATE unless public_endpoints is on, and when the setting cannot be read yet (first install)', async () => {
		expect(await endpointVisibility(environment(() => false))).toBe(ApiVisibility.PRIVATE);
		expect(await endpointVisibility(environment(() => undefined))).toBe(ApiVisibility.PRIVATE);
		expect(await endpointVisibility(environment(() => { throw new Error('no such setting'); }))).toBe(ApiVisibility.PRIVATE);
		expect(await endpointVisibility(environment(() => true))).toBe(ApiVisibility.PUBLIC);
	});
});
