import { parseExpiry, parseExpiryPhrase, parseSt, ST_TEXT_MAX } from '../../src/parse/status';

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0); // 12:00 UTC
const MIN = 60_000;
const st = (line: string, utcOffset = 0) => parseSt(line.split(' '), { now: NOW, utcOffset });

describe('/st parser', () => {
	it('reads presence and text, case-insensitive on the presence only', () => {
		expect(st('busy In a Meeting')).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: 'In a Meeting' } });
		expect(st('ONLINE')).toEqual({ ok: true, request: { kind: 'set', presence: 'online', text: '' } });
		expect(st('offline  gone   home')).toEqual({ ok: true, request: { kind: 'set', presence: 'offline', text: 'gone home' } });
	});

	it('anything else is a preset name (kept as typed, accents too)', () => {
		expect(st('Férias')).toEqual({ ok: true, request: { kind: 'preset', name: 'Férias' } });
		expect(st('in a meeting for 45m')).toEqual({ ok: true, request: { kind: 'preset', name: 'in a meeting', until: NOW + 45 * MIN } });
	});

	it.each([
		['90m', 90 * MIN],
		['2h', 120 * MIN],
		['1h30m', 90 * MIN],
		['1.5h', 90 * MIN],
		['45min', 45 * MIN],
		['1d', 24 * 60 * MIN],
	])('for %s', (value, ms) => {
		expect(st(`away lunch for ${value}`)).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: 'lunch', until: NOW + ms } });
	});

	it('rejects bad and out-of-range durations', () => {
		expect(st('busy for 5x')).toEqual({ ok: false, error: { code: 'bad_duration', value: '5x' } });
		expect(st('busy for 90')).toEqual({ ok: false, error: { code: 'bad_duration', value: '90' } });
		expect(st('busy for 0m')).toEqual({ ok: false, error: { code: 'duration_range' } });
		expect(st('busy for 8d')).toEqual({ ok: false, error: { code: 'duration_range' } });
		expect(st('busy until 25:00')).toEqual({ ok: false, error: { code: 'bad_duration', value: 'until 25:00' } });
		expect(st('busy until 17:61')).toMatchObject({ ok: false, error: { code: 'bad_duration' } });
	});

	it('"for" followed by words is text, not a duration', () => {
		expect(st('away waiting for Bob')).toEqual({ ok: true, request: { kind: 'set', presence: 'away', text: 'waiting for Bob' } });
	});

	it('until HH:MM is the next such time on the agent\'s own clock', () => {
		// 12:00 UTC is 09:00 at UTC-3: until 17:30 there is 20:30 UTC today
		expect(st('busy until 17:30', -3)).toEqual({ ok: true, request: { kind: 'set', presence: 'busy', text: '', until: Date.UTC(2026, 10, 24, 20, 30) } });
		// 12:00 UTC is 17:30 at UTC+5.5: until 17:00 there is tomorrow 11:30 UTC
		expect(st('busy until 17:00', 5.5)).toMatchObject({ ok: true, request: { until: Date.UTC(2026, 10, 25, 11, 30) } });
		// at UTC, 11:00 has passed: tomorrow
		expect(st('busy until 11:00')).toMatchObject({ ok: true, request: { until: Date.UTC(2026, 10, 25, 11, 0) } });
		expect(parseExpiry('until', '9h', { now: NOW })).toEqual({ ok: true, until: Date.UTC(2026, 10, 25, 9, 0) });
	});

	it('limits the text to 120 characters (counted as characters, not UTF-16 units)', () => {
		expect(st(`busy ${'é'.repeat(ST_TEXT_MAX)}`)).toMatchObject({ ok: true });
		expect(st(`busy ${'😀'.repeat(ST_TEXT_MAX)}`)).toMatchObject({ ok: true });
		expect(st(`busy ${'a'.repeat(ST_TEXT_MAX + 1)}`)).toEqual({ ok: false, error: { code: 'text_too_long', length: 121, max: 120 } });
	});

	it('subcommands', () => {
		expect(parseSt([])).toEqual({ ok: true, request: { kind: 'form' } });
		expect(st('help')).toEqual({ ok: true, request: { kind: 'help' } });
		expect(st('LIST')).toEqual({ ok: true, request: { kind: 'list' } });
		expect(st('clear')).toEqual({ ok: true, request: { kind: 'clear' } });
		expect(st('link cb-user-alice-0001')).toEqual({ ok: true, request: { kind: 'link', uuid: 'cb-user-alice-0001' } });
		expect(st('link')).toEqual({ ok: false, error: { code: 'link_usage' } });
		expect(st('link a/b')).toEqual({ ok: false, error: { code: 'bad_uuid', value: 'a/b' } });
	});

	it('admin preset commands', () => {
		expect(st('preset add Focus time busy')).toEqual({ ok: true, request: { kind: 'preset.add', name: 'Focus time', statusType: 'busy' } });
		expect(st('preset set Lunch AWAY')).toEqual({ ok: true, request: { kind: 'preset.set', name: 'Lunch', statusType: 'away' } });
		expect(st('preset add Lunch sleepy')).toEqual({ ok: false, error: { code: 'bad_type', value: 'sleepy' } });
		expect(st('preset add busy')).toEqual({ ok: false, error: { code: 'preset_usage' } });
		expect(st('preset rename Focus time -> Deep focus')).toEqual({ ok: true, request: { kind: 'preset.rename', from: 'Focus time', to: 'Deep focus' } });
		expect(st('preset rename Lunch Food')).toEqual({ ok: true, request: { kind: 'preset.rename', from: 'Lunch', to: 'Food' } });
		expect(st('preset rename a b c')).toEqual({ ok: false, error: { code: 'preset_usage' } });
		expect(st('preset remove In a meeting')).toEqual({ ok: true, request: { kind: 'preset.remove', name: 'In a meeting' } });
		expect(st('preset remove')).toEqual({ ok: false, error: { code: 'preset_usage' } });
		expect(st('preset sync')).toEqual({ ok: true, request: { kind: 'preset.sync' } });
		expect(st('preset SYNC')).toEqual({ ok: true, request: { kind: 'preset.sync' } });
		expect(st('preset sync now')).toEqual({ ok: false, error: { code: 'preset_usage' } });
		// a preset that happens to be called "sync" is still applied as a preset
		expect(st('sync')).toEqual({ ok: true, request: { kind: 'preset', name: 'sync' } });
	});

	it('the bot endpoint wording of a duration', () => {
		expect(parseExpiryPhrase('30m', { now: NOW })).toEqual({ ok: true, until: NOW + 30 * MIN });
		expect(parseExpiryPhrase('for 2h', { now: NOW })).toEqual({ ok: true, until: NOW + 120 * MIN });
		expect(parseExpiryPhrase('until 13:00', { now: NOW })).toEqual({ ok: true, until: NOW + 60 * MIN });
		expect(parseExpiryPhrase('13:00', { now: NOW })).toEqual({ ok: true, until: NOW + 60 * MIN });
		expect(parseExpiryPhrase('soon', { now: NOW })).toMatchObject({ ok: false });
	});
});

describe('/st report in the /st grammar', () => {
	it('is the report, in English and in the agent’s language, never a preset named “report”', () => {
		expect(parseSt(['report', '@bob', 'week'])).toEqual({ ok: true, request: { kind: 'report', target: { kind: 'handle', name: 'bob' }, period: { kind: 'week' } } });
		expect(parseSt(['relatório', 'ontem'], { locale: 'pt-BR' })).toEqual({ ok: true, request: { kind: 'report', target: { kind: 'self' }, period: { kind: 'yesterday' } } });
		expect(parseSt(['informe', '#soporte'], { locale: 'es' })).toEqual({ ok: true, request: { kind: 'report', target: { kind: 'room', name: 'soporte' }, period: { kind: 'today' } } });
		// another language's word is a preset name there
		expect(parseSt(['relatório'], { locale: 'es' })).toEqual({ ok: true, request: { kind: 'preset', name: 'relatório' } });
		expect(parseSt(['report', '2026-12-05..2026-12-01'])).toEqual({ ok: false, error: { code: 'report_range_order', from: '2026-12-05', to: '2026-12-01' } });
	});
});
