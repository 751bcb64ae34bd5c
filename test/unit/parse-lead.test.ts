import { toBatches } from '../../src/leads/contacts';
import { leadModal, modalErrors, parseLeadModalState, parseLeadViewId } from '../../src/leads/modal';
import { problemsText } from '../../src/leads/replies';
import { toLeadUpdate } from '../../src/leads/service';
import { translator } from '../../src/i18n';
import { parseContactDelete } from '../../src/parse/contacts';
import { hasAnyField, parseLeadClose, parseLeadPairs, parseLeadUpdate } from '../../src/parse/lead';
import { LEAD_PROBLEMS, type Parsed, type Problem } from '../../src/parse/problems';
import { tokenize } from '../../src/parse/tokens';
import type { Settings } from '../../src/settings';

const U1 = '7e88d192-9b20-4035-9b68-d4ac3d58a34f';
const U2 = '0b6f4a52-1c3e-4d7a-8f00-2f9d5e6a7b8c';
const ID1 = '640f472d173951357f08edee';
const ID2 = '640f472d173951357f08edef';
const AGENT = '631aa793bcfa100487d13d0d';
const en = translator('en');

/** Splits like Rocket.Chat hands arguments to a command. */
const args = (line: string) => line.split(' ').filter((p) => p !== '');

function problems<T>(r: Parsed<T>): Problem[] {
	if (r.ok) throw new Error(`expected problems, got ${JSON.stringify(r.value)}`);
	return r.problems;
}
function value<T>(r: Parsed<T>): T {
	if (!r.ok) throw new Error(`expected a value, got ${JSON.stringify(r.problems)}`);
	return r.value;
}

describe('tokenize', () => {
	it('splits on whitespace and groups quoted text', () => {
		expect(tokenize('a  b\tc')).toEqual({ ok: true, tokens: ['a', 'b', 'c'] });
		expect(tokenize('note="Follow up: call Monday" x')).toEqual({ ok: true, tokens: ['note=Follow up: call Monday', 'x'] });
		expect(tokenize("name='Ana Maria' tag=a,b")).toEqual({ ok: true, tokens: ['name=Ana Maria', 'tag=a,b'] });
	});
	it('handles typographic quotes, escapes, empty quotes and apostrophes inside double quotes', () => {
		expect(tokenize('name=“Ana Maria”')).toEqual({ ok: true, tokens: ['name=Ana Maria'] });
		expect(tokenize('note="say \\"hi\\": now"')).toEqual({ ok: true, tokens: ['note=say "hi": now'] });
		expect(tokenize('name=""')).toEqual({ ok: true, tokens: ['name='] });
		expect(tokenize('""')).toEqual({ ok: true, tokens: [''] });
		expect(tokenize('"O\'Brien x"')).toEqual({ ok: true, tokens: ["O'Brien x"] });
	});
	it('keeps apostrophes inside words', () => {
		expect(tokenize("name=O'Brien tag=it’s")).toEqual({ ok: true, tokens: ["name=O'Brien", 'tag=it’s'] });
		expect(tokenize('a"b c')).toEqual({ ok: true, tokens: ['a"b', 'c'] });
	});
	it('reports an unterminated quote', () => {
		expect(tokenize('note="open')).toEqual({ ok: false, error: 'unterminated_quote', at: 5 });
	});
});

describe('parseLeadClose', () => {
	it('takes one uuid without a note', () => {
		expect(value(parseLeadClose(args(U1)))).toEqual({ uuids: [U1] });
	});
	it('takes several uuids (deduplicated, case kept) and the rest as the note', () => {
		expect(value(parseLeadClose(args(`${U1} ${U2} ${U1.toUpperCase()} Customer said "thanks": done`)))).toEqual({
			uuids: [U1, U2],
			note: 'Customer said "thanks": done',
		});
	});
	it('refuses a missing uuid, a non-uuid first word and a uuid typo', () => {
		expect(problems(parseLeadClose([]))).toEqual([{ field: 'uuid', problem: 'missing_uuid' }]);
		expect(problems(parseLeadClose(args('hello world')))[0]).toMatchObject({ problem: 'bad_uuid', value: 'hello' });
		expect(problems(parseLeadClose(args(`${U1} 7e88d192-9b20-4035 note`)))).toEqual([{ field: '7e88d192-9b20-4035', problem: 'bad_uuid', value: '7e88d192-9b20-4035' }]);
		expect(problems(parseLeadClose(args(`${U1}x`)))[0].problem).toBe('bad_uuid');
	});
	it('keeps a note that starts with a date or a number', () => {
		expect(value(parseLeadClose(args(`${U1} 2024-05-01 follow-up`)))).toEqual({ uuids: [U1], note: '2024-05-01 follow-up' });
		expect(value(parseLeadClose(args(`${U1} 12345678 orders`)))).toEqual({ uuids: [U1], note: '12345678 orders' });
	});
	it('refuses a note that is too long', () => {
		expect(problems(parseLeadClose([U1, 'x'.repeat(2001)]))).toEqual([{ field: 'note', problem: 'too_long' }]);
	});
});

describe('parseLeadUpdate', () => {
	it('parses every field', () => {
		const line = `${U1} status=inprogress name="John Doe" email=john@example.com phone="(98) 765-43210" dial=+91 agent=${AGENT} tag=lead,demo tag=vip,lead note="Follow up: Called on Monday" note="Second: x" attr.plan=pro attr.size="big one" attr.plan=max picture=https://example.com/a.jpg`;
		expect(value(parseLeadUpdate(args(line)))).toEqual({
			uuid: U1,
			fields: {
				status: 'INPROGRESS',
				name: 'John Doe',
				email: 'john@example.com',
				phone: '9876543210',
				dialCode: '+91',
				agent: { kind: 'id', id: AGENT },
				tags: ['lead', 'demo', 'vip'],
				notes: [
					{ title: 'Follow up', description: 'Called on Monday' },
					{ title: 'Second', description: 'x' },
				],
				attributes: [
					{ key: 'plan', value: 'max' },
					{ key: 'size', value: 'big one' },
				],
				picture: 'https://example.com/a.jpg',
			},
		});
	});
	it('accepts @user agents, aliases and status spellings', () => {
		const v = value(parseLeadUpdate(args(`${U1} agent=@alice tags=x status=on_hold dialcode=+1`)));
		expect(v.fields).toEqual({ agent: { kind: 'user', username: 'alice' }, tags: ['x'], status: 'ONHOLD', dialCode: '+1' });
		expect(value(parseLeadUpdate(args(`${U1} status=DEPENDANCY`))).fields.status).toBe('DEPENDANCY');
	});
	it.each([
		['note="Called back"', { description: 'Called back' }],
		['note="Follow up: call Monday"', { title: 'Follow up', description: 'call Monday' }],
		['note="Call at 10:30 sharp"', { description: 'Call at 10:30 sharp' }],
		['note="See https://example.com/x"', { description: 'See https://example.com/x' }],
		['note=":only text"', { description: ':only text' }],
		['note="title:"', { description: 'title:' }],
		[`note="${'t'.repeat(201)}: text"`, { description: `${'t'.repeat(201)}: text` }],
	])('a note is "title: text" or just its text: %s', (pair, note) => {
		expect(value(parseLeadUpdate(args(`${U1} ${pair}`))).fields.notes).toEqual([note]);
	});
	it('returns no fields for the uuid alone (the modal case)', () => {
		const v = value(parseLeadUpdate([U1]));
		expect(v.fields).toEqual({});
		expect(hasAnyField(v.fields)).toBe(false);
	});
	it.each([
		['status=DONE', 'status', 'bad_status'],
		['name=""', 'name', 'empty'],
		['email=john@', 'email', 'bad_email'],
		['email=john.example.com', 'email', 'bad_email'],
		['phone=12ab', 'phone', 'bad_phone'],
		['phone=12', 'phone', 'bad_phone'],
		['dial=91', 'dial', 'bad_dial'],
		['dial=+12345', 'dial', 'bad_dial'],
		['agent=bob', 'agent', 'bad_agent'],
		['agent=631aa793bcfa100487d13d0', 'agent', 'bad_agent'],
		['tag=a,,b', 'tag', 'bad_tag'],
		['tag=', 'tag', 'bad_tag'],
		['note=""', 'note', 'empty'],
		['note="   "', 'note', 'empty'],
		['attr.=x', 'attr.', 'bad_attr_key'],
		['picture=ftp://example.com/a.jpg', 'picture', 'bad_picture'],
		['picture=example.com/a.jpg', 'picture', 'bad_picture'],
		['colour=red', 'colour', 'unknown_field'],
		['justaword', 'justaword', 'not_key_value'],
		['=x', '=x', 'not_key_value'],
		['name=a name=b', 'name', 'duplicate'],
	])('names the bad field in %s', (pair, field, problem) => {
		const found = problems(parseLeadUpdate(args(`${U1} ${pair}`)));
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({ field, problem });
	});
	it('lists every bad field at once, and a bad uuid', () => {
		const found = problems(parseLeadUpdate(args('nope status=x email=y')));
		expect(found.map((p) => p.field)).toEqual(['uuid', 'status', 'email']);
	});
	it('reports an unterminated quote and a missing uuid', () => {
		expect(problems(parseLeadUpdate(args(`${U1} note="open: x`)))[0].problem).toBe('unterminated_quote');
		expect(problems(parseLeadUpdate([]))[0].problem).toBe('missing_uuid');
	});
	it('every kind of problem has an English message', () => {
		for (const p of LEAD_PROBLEMS) expect(en(`lead_problem_${p}` as Parameters<typeof en>[0], { field: 'f', value: 'v' })).not.toMatch(/^lead_problem_|undefined/);
	});
	it('every problem has a translated message that names the field', () => {
		const text = problemsText(en, problems(parseLeadUpdate(args(`${U1} status=x email=y colour=red`))));
		expect(text).toContain('Nothing was sent');
		expect(text).toContain('status `x`');
		expect(text).toContain('email `y`');
		expect(text).toContain('`colour`');
		expect(text).not.toMatch(/lead_problem_/);
	});
});

describe('toLeadUpdate (agent resolution)', () => {
	const settings = { botpenguin_agent_map: `Alice = ${AGENT}\n# comment\nbob=631aa793bcfa100487d13d0e` } as unknown as Settings<'botpenguin'>;
	it('maps @user through botpenguin_agent_map (case-insensitive)', () => {
		expect(value(toLeadUpdate(U1, { agent: { kind: 'user', username: 'alice' }, status: 'OPEN' }, settings))).toEqual({ uuid: U1, status: 'OPEN', agentId: AGENT });
		expect(value(toLeadUpdate(U1, { agent: { kind: 'id', id: AGENT } }, settings))).toEqual({ uuid: U1, agentId: AGENT });
	});
	it('gives a note written without a title the title of lead_note_title', () => {
		const titled = { ...settings, lead_note_title: 'From chat' } as Settings<'botpenguin'>;
		const notes = [{ description: 'Called back' }, { title: 'Mine', description: 'kept' }];
		expect(value(toLeadUpdate(U1, { notes }, titled)).notes).toEqual([
			{ title: 'From chat', description: 'Called back' },
			{ title: 'Mine', description: 'kept' },
		]);
	});
	it('names an unmapped user', () => {
		expect(problems(toLeadUpdate(U1, { agent: { kind: 'user', username: 'carol' } }, settings))).toEqual([{ field: 'agent', problem: 'unknown_agent', value: '@carol' }]);
	});
});

describe('parseContactDelete', () => {
	it('takes ids and sub: ids (deduplicated; commas allowed)', () => {
		expect(value(parseContactDelete(args(`${ID1} ${ID2},${ID1} sub:640f479fa79ef02edfb33dfc`)))).toEqual({ ids: [ID1, ID2], subscriberIds: ['640f479fa79ef02edfb33dfc'] });
	});
	it('lists every bad id and sends nothing', () => {
		expect(problems(parseContactDelete(args(`${ID1} abc 640f472d173951357f08edeX sub:123`)))).toEqual([
			{ field: 'abc', problem: 'bad_id', value: 'abc' },
			{ field: '640f472d173951357f08edeX', problem: 'bad_id', value: '640f472d173951357f08edeX' },
			{ field: 'sub:123', problem: 'bad_subscriber', value: 'sub:123' },
		]);
	});
	it('needs at least one contact id', () => {
		expect(problems(parseContactDelete([]))).toEqual([{ field: 'ids', problem: 'missing_ids' }]);
		expect(problems(parseContactDelete(['sub:640f479fa79ef02edfb33dfc']))).toEqual([{ field: 'ids', problem: 'missing_ids' }]);
	});
});

describe('toBatches', () => {
	const ids = ['a', 'b', 'c', 'd', 'e'];
	it('splits into batches of the size', () => {
		expect(toBatches(ids, [], 2).map((b) => [b.ids, b.from, b.to])).toEqual([
			[['a', 'b'], 1, 2],
			[['c', 'd'], 3, 4],
			[['e'], 5, 5],
		]);
		expect(toBatches(ids, [], 100)).toHaveLength(1);
	});
	it('pairs subscriber ids with batches; extra ones ride with the last', () => {
		expect(toBatches(['a', 'b'], ['s1', 's2', 's3'], 1).map((b) => b.subscriberIds)).toEqual([['s1'], ['s2', 's3']]);
		expect(toBatches(ids, ['s1'], 2).map((b) => b.subscriberIds)).toEqual([['s1'], [], []]);
	});
});

describe('the lead form', () => {
	const view = leadModal('app-id', U1, 'GENERAL', en);
	it('carries the uuid and room in its id and offers every field', () => {
		expect(parseLeadViewId(view.id as string)).toEqual({ uuid: U1, roomId: 'GENERAL' });
		expect(parseLeadViewId('lead.update.nope.GENERAL')).toBeUndefined();
		const blockIds = (view.blocks as Array<{ blockId: string }>).map((b) => b.blockId);
		expect(blockIds).toEqual(expect.arrayContaining(['lead.f.status', 'lead.f.name', 'lead.f.email', 'lead.f.phone', 'lead.f.dial', 'lead.f.agent', 'lead.f.tag', 'lead.f.note', 'lead.f.attributes', 'lead.f.picture']));
	});
	it('turns the state into the same fields as the command', () => {
		const state = {
			'lead.f.status': { status: 'REVIEW' },
			'lead.f.name': { name: ' Ana ' },
			'lead.f.attributes': { attributes: 'plan=pro\n\nsize = L' },
			'lead.f.note': { note: 'Call: tomorrow' },
			'lead.f.email': { email: '' },
		};
		expect(value(parseLeadModalState(state))).toEqual({
			status: 'REVIEW',
			name: 'Ana',
			attributes: [
				{ key: 'plan', value: 'pro' },
				{ key: 'size', value: 'L' },
			],
			notes: [{ title: 'Call', description: 'tomorrow' }],
		});
		expect(value(parseLeadPairs([{ key: 'status', value: 'REVIEW' }]))).toEqual({ status: 'REVIEW' });
	});
	it('puts each problem under its field and flags an empty form', () => {
		const r = parseLeadModalState({ 'lead.f.email': { email: 'x' }, 'lead.f.attributes': { attributes: 'novalue' }, 'lead.f.dial': { dial: '91' } });
		const errors = modalErrors(en, problems(r));
		expect(Object.keys(errors).sort()).toEqual(['lead.f.attributes', 'lead.f.dial', 'lead.f.email']);
		const empty = parseLeadModalState({});
		expect(empty).toEqual({ ok: false, problems: [], empty: true });
	});
});
