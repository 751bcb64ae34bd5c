import { operationSchema } from '../../src/delivery/operation';
import { translator } from '../../src/i18n';
import { leadModal, modalErrors, parseLeadModalState } from '../../src/leads/modal';
import { problemText } from '../../src/leads/replies';
import { parseLeadPairs } from '../../src/parse/lead';
import type { Parsed } from '../../src/parse/problems';
import { LEAD_FIELDS, LEAD_STATUSES, type LeadContractField, leadFieldOf, type LeadUpdate } from '../../src/vendors/lead-fields';

/** The field table drives the `/lead` parser, the form, the client and the replies: these pin what each reads from it. */

const en = translator('en');
const pt = translator('pt-BR');

/** One valid value per field, as an agent would type it. */
const SAMPLE: Record<string, string> = {
	status: 'open',
	name: 'Ana',
	email: 'ana@example.com',
	phone: '+55 11 91234-5678',
	dial: '+55',
	agent: '@ana',
	tag: 'vip',
	note: 'Call: tomorrow',
	attributes: 'pro',
	picture: 'https://example.com/a.png',
};

function value<T>(r: Parsed<T>): T {
	if (!r.ok) throw new Error(`expected a value, got ${JSON.stringify(r.problems)}`);
	return r.value;
}

describe('the lead field table', () => {
	it('covers every optional field of the BotPenguin contract exactly once', () => {
		const contract: LeadContractField[] = ['agentId', 'name', 'email', 'phone', 'dialCode', 'notes', 'status', 'picture', 'tags', 'attributes'];
		expect(LEAD_FIELDS.map((f) => f.contract).sort()).toEqual([...contract].sort());
	});

	it('gives every key and alias to one field only', () => {
		const spellings = LEAD_FIELDS.flatMap((f) => [f.key, ...f.aliases]);
		expect(new Set(spellings).size).toBe(spellings.length);
	});

	it.each(LEAD_FIELDS.filter((f) => f.repeat !== 'keyed').flatMap((f) => [f.key, ...f.aliases, f.key.toUpperCase()].map((spelling) => [spelling, f.key] as const)))(
		'`%s` names the field %s',
		(spelling, key) => {
			expect(leadFieldOf(spelling)?.row.key).toBe(key);
		},
	);

	it('a keyed field is named only as <prefix>.<name>, the name kept as typed', () => {
		const keyed = LEAD_FIELDS.filter((f) => f.repeat === 'keyed');
		expect(keyed).toHaveLength(1);
		for (const prefix of keyed[0].aliases) {
			expect(leadFieldOf(`${prefix.toUpperCase()}.Plan`)).toEqual({ row: keyed[0], name: 'Plan' });
			expect(leadFieldOf(prefix)).toBeUndefined();
		}
		expect(leadFieldOf(keyed[0].key)).toBeUndefined();
		expect(leadFieldOf('status.x')).toBeUndefined();
	});
});

describe('the parser reads the table', () => {
	it.each(LEAD_FIELDS.filter((f) => f.repeat !== 'keyed'))('$key: every spelling gives the same value, stored under $field', (f) => {
		const expected = value(parseLeadPairs([{ key: f.key, value: SAMPLE[f.key] }]));
		expect(Object.keys(expected)).toEqual([f.field]);
		for (const alias of f.aliases) expect(value(parseLeadPairs([{ key: alias, value: SAMPLE[f.key] }]))).toEqual(expected);
	});

	it('a `once` field given twice, under two spellings, is one duplicate problem under its key', () => {
		for (const f of LEAD_FIELDS.filter((r) => r.repeat === 'once' && r.aliases.length > 0)) {
			const r = parseLeadPairs([{ key: f.key, value: SAMPLE[f.key] }, { key: f.aliases[0], value: SAMPLE[f.key] }]);
			expect(r).toEqual({ ok: false, problems: [{ field: f.key, problem: 'duplicate' }] });
		}
	});

	it('`merge` joins a set, `append` keeps every value in order, `keyed` keeps the last value per name', () => {
		expect(
			value(
				parseLeadPairs([
					{ key: 'tag', value: 'a,b' },
					{ key: 'tags', value: 'b,c' },
					{ key: 'note', value: 'One: 1' },
					{ key: 'notes', value: 'One: 1' },
					{ key: 'attr.plan', value: 'pro' },
					{ key: 'attribute.size', value: 'L' },
					{ key: 'attr.plan', value: 'max' },
				]),
			),
		).toEqual({
			tags: ['a', 'b', 'c'],
			notes: [
				{ title: 'One', description: '1' },
				{ title: 'One', description: '1' },
			],
			attributes: [
				{ key: 'plan', value: 'max' },
				{ key: 'size', value: 'L' },
			],
		});
	});
});

describe('the form reads the table', () => {
	const view = leadModal('app-id', '7e88d192-9b20-4035-9b68-d4ac3d58a34f', 'GENERAL', en);
	const inputs = (view.blocks as Array<{ type: string; blockId: string; label?: { text: string }; element?: { type: string; multiline?: boolean } }>).filter((b) => b.type === 'input');

	it('has one input per field, in table order, labelled from the table', () => {
		expect(inputs.map((b) => b.blockId)).toEqual(LEAD_FIELDS.map((f) => `lead.f.${f.key}`));
		expect(inputs.map((b) => b.label?.text)).toEqual(LEAD_FIELDS.map((f) => en(f.label)));
		expect(inputs.map((b) => (b.element?.type === 'static_select' ? 'status' : b.element?.multiline ? 'lines' : 'line'))).toEqual(LEAD_FIELDS.map((f) => f.input));
	});

	it('each filled input gives what its key gives on the command line', () => {
		for (const f of LEAD_FIELDS.filter((r) => r.repeat !== 'keyed')) {
			const state = { [`lead.f.${f.key}`]: { [f.key]: SAMPLE[f.key] } };
			expect(parseLeadModalState(state)).toEqual(parseLeadPairs([{ key: f.key, value: SAMPLE[f.key] }]));
		}
	});

	it('puts a problem named by key, alias, `attr.<name>` or contract name under that field', () => {
		const errors = modalErrors(en, [
			{ field: 'dialCode', problem: 'bad_dial', value: '91' },
			{ field: 'tags', problem: 'bad_tag', value: '' },
			{ field: 'attr.plan', problem: 'too_long' },
			{ field: 'agent', problem: 'unknown_agent', value: '@x' },
			{ field: 'uuid', problem: 'bad_uuid', value: 'x' },
		]);
		expect(Object.keys(errors).sort()).toEqual(['lead.f.agent', 'lead.f.attributes', 'lead.f.dial', 'lead.f.status', 'lead.f.tag']);
	});
});

describe('the replies read the table', () => {
	it('an unknown key lists the keys as the table spells them, in every language', () => {
		const keys = LEAD_FIELDS.map((f) => f.usage).join(', ');
		expect(keys).toBe('status, name, email, phone, dial, agent, tag, note, attr.<key>, picture');
		expect(problemText(en, { field: 'colour', problem: 'unknown_field' })).toBe(`\`colour\` is not a lead field (${keys})`);
		expect(problemText(pt, { field: 'colour', problem: 'unknown_field' })).toBe(`\`colour\` não é um campo de lead (${keys})`);
	});

	it('a bad status lists the contract statuses', () => {
		expect(problemText(en, { field: 'status', problem: 'bad_status', value: 'DONE' })).toBe(`status \`DONE\` is not one of ${LEAD_STATUSES.join(', ')}`);
	});
});

describe('the outbox reads the table', () => {
	const full: LeadUpdate = {
		uuid: '7e88d192-9b20-4035-9b68-d4ac3d58a34f',
		status: 'REVIEW',
		name: 'Ana',
		email: 'ana@example.com',
		phone: '5511912345678',
		dialCode: '+55',
		agentId: '631aa793bcfa100487d13d0d',
		tags: ['vip'],
		notes: [{ title: 'Call', description: 'tomorrow' }],
		attributes: [{ key: 'plan', value: 'pro' }],
		picture: 'https://example.com/a.png',
	};

	it('a stored lead update with every contract field reads back as written; null reads as absent', () => {
		expect(operationSchema.parse({ kind: 'lead.update', update: full })).toEqual({ kind: 'lead.update', update: full });
		expect(operationSchema.parse({ kind: 'lead.update', update: { uuid: full.uuid, name: 'Ana', email: null, tags: null } })).toEqual({ kind: 'lead.update', update: { uuid: full.uuid, name: 'Ana' } });
	});

	it('a stored field of the wrong shape makes the record unreadable', () => {
		for (const bad of [{ status: 'DONE' }, { tags: 'vip' }, { notes: [{ title: 'x' }] }, { agentId: 7 }]) {
			expect(operationSchema.safeParse({ kind: 'lead.update', update: { ...full, ...bad } }).success).toBe(false);
		}
	});
});
