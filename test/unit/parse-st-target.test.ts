import { parseSt } from '../../src/parse/status';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0); // 12:00 UTC
const HOUR = 3_600_000;
const st = (line: string, utcOffset = 0) => parseSt(line.split(' '), { now: NOW, utcOffset });

describe('/st @user (a manager sets an agent status)', () => {
	it('takes exactly what the agent\'s own /st takes after the username', () => {
		expect(st('@bob away Covering the phones for 1h')).toEqual({
			ok: true,
			request: { kind: 'for-user', username: 'bob', change: { kind: 'set', presence: 'away', text: 'Covering the phones', until: NOW + HOUR } },
		});
		expect(st('@bob Lunch')).toEqual({ ok: true, request: { kind: 'for-user', username: 'bob', change: { kind: 'preset', name: 'Lunch' } } });
		expect(st('@bob clear')).toEqual({ ok: true, request: { kind: 'for-user', username: 'bob', change: { kind: 'clear' } } });
		expect(st('@maria.silva busy until 17:30', -3)).toEqual({
			ok: true,
			request: { kind: 'for-user', username: 'maria.silva', change: { kind: 'set', presence: 'busy', text: '', until: Date.UTC(2026, 10, 24, 20, 30) } },
		});
	});

	it('passes on the errors of the change itself', () => {
		expect(st('@bob busy for 9d')).toEqual({ ok: false, error: { code: 'duration_range' } });
		expect(st(`@bob busy ${'x'.repeat(121)}`)).toEqual({ ok: false, error: { code: 'text_too_long', length: 121, max: 120 } });
	});

	it.each(['@bob', '@', '@ busy', '@bob list', '@bob help', '@bob link cb-user-x', '@bob team', '@bob @carol busy', '@bob preset add X busy', '@a/b busy'])('"%s" is not a change of one agent: usage', (line) => {
		expect(st(line)).toEqual({ ok: false, error: { code: 'target_usage' } });
	});

	it('an @ inside the text is text', () => {
		expect(st('busy call @bob later')).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: 'call @bob later' } });
	});
});

describe('/st team', () => {
	it('names this room, a #room or an @team', () => {
		expect(st('team')).toEqual({ ok: true, request: { kind: 'team', target: { kind: 'here' } } });
		expect(st('TEAM #support')).toEqual({ ok: true, request: { kind: 'team', target: { kind: 'room', name: 'support' } } });
		expect(st('team @escalations')).toEqual({ ok: true, request: { kind: 'team', target: { kind: 'team', name: 'escalations' } } });
	});

	it.each(['team #', 'team @', 'team #a #b', 'team #a extra', 'team @a@b'])('"%s" is a malformed board request: usage', (line) => {
		expect(st(line)).toEqual({ ok: false, error: { code: 'team_usage' } });
	});

	it('"team" followed by words stays a preset or text, as before the board', () => {
		expect(st('Team meeting')).toEqual({ ok: true, request: { kind: 'preset', name: 'Team meeting' } });
		expect(st('team sync for 30m')).toEqual({ ok: true, request: { kind: 'preset', name: 'team sync', until: NOW + 30 * 60_000 } });
	});
});
