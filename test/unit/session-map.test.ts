import { parseSessionMap } from '../../src/status/model/session-map';
import { SettingId } from '../../src/settings';
import { guardSettingUpdate } from '../../src/settings-guard';

describe('callbell_session_map', () => {
	it('the default reads as documented: in → online, out → offline, ended by Callbell → away', () => {
		expect(parseSessionMap('user_logged_in = online\nuser_logged_out = offline\nsystem_logged_out = away')).toEqual({
			map: { user_logged_in: 'online', user_logged_out: 'offline', system_logged_out: 'away' },
			problems: [],
		});
	});

	it('comments, case, `invisible` for offline, `ignore` leaves an action out; an action not named is ignored', () => {
		expect(parseSessionMap('# logouts only\nUSER_LOGGED_OUT = Invisible   # as the menu says\nsystem_logged_out = ignore\n')).toEqual({ map: { user_logged_out: 'offline' }, problems: [] });
	});

	it('bad lines are left out and named: syntax, unknown action, unknown presence, an action twice', () => {
		const { map, problems } = parseSessionMap('user_logged_in online\nuser_logged_on = online\nuser_logged_out = lunch\nuser_logged_in = busy\nuser_logged_in = away');
		expect(problems).toEqual([
			{ line: 1, reason: 'syntax' },
			{ line: 2, reason: 'action' },
			{ line: 3, reason: 'presence' },
			{ line: 5, reason: 'duplicate' },
		]);
		expect(map).toEqual({ user_logged_in: 'busy' });
	});

	it('is refused on save when a line does not read (the old value stays, the log names the line)', async () => {
		const warnings: string[] = [];
		const ctx = { logger: { warn: (m: string) => warnings.push(m) } } as never;
		const oldSetting = { id: SettingId.CallbellSessionMap, value: 'user_logged_out = offline' } as never;
		const bad = { id: SettingId.CallbellSessionMap, value: 'user_logged_out = lunch' };
		expect(await guardSettingUpdate(ctx, { oldSetting, newSetting: bad } as never, {} as never)).toBe(oldSetting);
		expect(warnings).toEqual(['Setting callbell_session_map was not changed: line 1: presence.']);
		const good = { id: SettingId.CallbellSessionMap, value: 'user_logged_out = away' };
		expect(await guardSettingUpdate(ctx, { oldSetting, newSetting: good } as never, {} as never)).toBe(good);
	});
});
