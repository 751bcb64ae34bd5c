import { DEFAULT_OMNICHANNEL_MAP, isOmnichannelAgent, parseOmnichannelMap } from '../../src/status/model/omnichannel-map';

describe('omnichannel_status_map', () => {
	it('empty: online is available, away, busy and offline are not', () => {
		expect(parseOmnichannelMap('')).toEqual({ map: { online: 'available', away: 'not-available', busy: 'not-available', offline: 'not-available' }, problems: [] });
		expect(DEFAULT_OMNICHANNEL_MAP.online).toBe('available');
	});

	it('overrides the presences it names and keeps the default for the others', () => {
		const { map, problems } = parseOmnichannelMap('busy = available\n# a comment\nONLINE = not-available   # trailing comment\n');
		expect(problems).toEqual([]);
		expect(map).toEqual({ online: 'not-available', away: 'not-available', busy: 'available', offline: 'not-available' });
	});

	it('reads `invisible` as offline and accepts the spellings an admin types for "not available"', () => {
		expect(parseOmnichannelMap('invisible = available').map.offline).toBe('available');
		for (const value of ['not-available', 'Not Available', 'not_available', 'unavailable', 'not   available']) {
			expect(parseOmnichannelMap(`online = ${value}`).map.online).toBe('not-available');
		}
	});

	it('names every bad line and leaves it out (the first of two lines for one presence wins)', () => {
		const text = ['online available', 'lunch = available', 'away = maybe', 'busy = available', 'busy = not-available', '= available'].join('\n');
		const { map, problems } = parseOmnichannelMap(text);
		expect(problems).toEqual([
			{ line: 1, reason: 'syntax' },
			{ line: 2, reason: 'presence' },
			{ line: 3, reason: 'availability' },
			{ line: 5, reason: 'duplicate' },
			{ line: 6, reason: 'syntax' },
		]);
		expect(map).toEqual({ online: 'available', away: 'not-available', busy: 'available', offline: 'not-available' });
	});

	it('an Omnichannel agent is a user with the livechat-agent role', () => {
		expect(isOmnichannelAgent({ roles: ['user', 'livechat-agent'] })).toBe(true);
		expect(isOmnichannelAgent({ roles: ['user', 'livechat-manager'] })).toBe(false);
		expect(isOmnichannelAgent({})).toBe(false);
	});
});
