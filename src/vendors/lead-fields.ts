import * as z from '../zod';
import type { MessageKey } from '../i18n';

/**
 * The one home of BotPenguin's lead fields: the contract of `PUT {base}/inbox/direct/lead` (field
 * names, statuses, value types) and, per field, how an agent writes it — the `/lead` key and its
 * aliases, the grammar (zod, from the typed text to the value), how a repeated key combines, and the
 * form's label. The parser, the form, the client and the replies all read `LEAD_FIELDS`.
 */

/** Conversation statuses the lead endpoint accepts (`DEPENDANCY` is spelled as BotPenguin spells it). */
export const LEAD_STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export interface LeadNote {
	title: string;
	description: string;
}
/** A note as an agent writes it: `title: text`, or just the text (the title then comes from the setting lead_note_title). */
export interface DraftNote {
	title?: string;
	description: string;
}
export interface LeadAttribute {
	key: string;
	value: string;
}

/** One lead update: `uuid` plus only the fields to change (an absent field is not sent). */
export interface LeadUpdate {
	uuid: string;
	agentId?: string;
	name?: string;
	email?: string;
	phone?: string;
	dialCode?: string;
	notes?: LeadNote[];
	status?: LeadStatus;
	picture?: string;
	tags?: string[];
	attributes?: LeadAttribute[];
}
/** The optional fields of the contract. */
export type LeadContractField = Exclude<keyof LeadUpdate, 'uuid'>;

/** `agent=` before it is resolved: a BotPenguin agent id, or a Rocket.Chat username looked up in `botpenguin_agent_map`. */
export type AgentRef = { kind: 'id'; id: string } | { kind: 'user'; username: string };

/** The validated fields of one `/lead` (or form) update: the contract's, with the agent still a reference. */
export type LeadFields = Omit<LeadUpdate, 'uuid' | 'agentId' | 'notes'> & { agent?: AgentRef; notes?: DraftNote[] };

/** A Mongo ObjectId: BotPenguin contact, subscriber and agent ids. */
export const OBJECT_ID_RE = /^[0-9a-f]{24}$/i;
/** Longest note/field text accepted (BotPenguin documents no limit; this keeps requests sane). */
export const MAX_TEXT = 2000;
/** Longest note title: a longer text before `: ` is part of the note, not its title. */
export const NOTE_TITLE_MAX = 200;

/**
 * How a key given twice combines: `once` (twice is a problem), `merge` (a set: tags), `append`
 * (a list: notes), `keyed` (written `attr.<name>=value`, the last value per name wins).
 */
export type Repeat = 'once' | 'merge' | 'append' | 'keyed';

/** A problem message key suffix a grammar may report (see `lead_problem_*`). */
const issue = (ctx: z.core.ParsePayload, message: string) => {
	ctx.issues.push({ code: 'custom', message, input: ctx.value });
	return z.NEVER;
};

export interface LeadFieldRow {
	/** The form's block id suffix (`lead.f.<key>`) and, but for a `keyed` field, what an agent types before `=` in `/lead`. */
	key: string;
	/** Other spellings of the key (lower case); for a `keyed` field, the prefixes written before `.<name>`. */
	aliases: readonly string[];
	/** Where the value goes in `LeadFields`. */
	field: keyof LeadFields;
	/** The contract field it is sent as. */
	contract: LeadContractField;
	/** That field's value as sent and as kept in the outbox (read back through it). */
	value: z.ZodMiniType;
	/** From the typed text to one value; an issue's message is a `lead_problem_*` suffix. */
	schema: z.Schema<unknown>;
	repeat: Repeat;
	/** How the key is shown in usage and problem messages. */
	usage: string;
	/** The form's label (i18n). */
	label: MessageKey;
	/** The form's input: one line, several lines (`note`; `key=value` per line for a keyed field) or a choice of `LEAD_STATUSES`. */
	input: 'line' | 'lines' | 'status';
}

const text = z.string().check(z.trim(), z.minLength(1, 'empty'), z.maxLength(MAX_TEXT, 'too_long'));
const sentText = z.string();
const sentNote = z.object({ title: z.string(), description: z.string() });
const sentAttribute = z.object({ key: z.string(), value: z.string() });

/** The fields in the order the form shows them and replies name them. */
export const LEAD_FIELDS: ReadonlyArray<LeadFieldRow> = [
	{
		key: 'status',
		aliases: [],
		field: 'status',
		contract: 'status',
		value: z.enum(LEAD_STATUSES),
		schema: z.pipe(
			z.transform((v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase().replace(/[\s_-]+/g, '') : v)),
			z.enum(LEAD_STATUSES, 'bad_status'),
		),
		repeat: 'once',
		usage: 'status',
		label: 'lead_field_status',
		input: 'status',
	},
	{ key: 'name', aliases: [], field: 'name', contract: 'name', value: sentText, schema: text, repeat: 'once', usage: 'name', label: 'lead_field_name', input: 'line' },
	{
		key: 'email',
		aliases: [],
		field: 'email',
		contract: 'email',
		value: sentText,
		schema: z.string().check(z.trim(), z.email('bad_email'), z.maxLength(320, 'too_long')),
		repeat: 'once',
		usage: 'email',
		label: 'lead_field_email',
		input: 'line',
	},
	{
		key: 'phone',
		aliases: [],
		field: 'phone',
		contract: 'phone',
		value: sentText,
		// digits with the usual separators; sent with the separators removed
		schema: z.pipe(z.string().check(z.trim(), z.regex(/^\+?[\d\s().-]+$/, 'bad_phone')), z.transform((s) => s.replace(/[\s().-]/g, ''))).check(z.refine((s) => /^\+?\d{4,20}$/.test(s), 'bad_phone')),
		repeat: 'once',
		usage: 'phone',
		label: 'lead_field_phone',
		input: 'line',
	},
	{
		key: 'dial',
		aliases: ['dialcode', 'dial_code'],
		field: 'dialCode',
		contract: 'dialCode',
		value: sentText,
		schema: z.string().check(z.trim(), z.regex(/^\+\d{1,4}$/, 'bad_dial')),
		repeat: 'once',
		usage: 'dial',
		label: 'lead_field_dial',
		input: 'line',
	},
	{
		key: 'agent',
		aliases: ['agentid'],
		field: 'agent',
		contract: 'agentId',
		value: sentText,
		schema: z.pipe(z.string().check(z.trim()), z.transform((s, ctx): AgentRef => {
			if (OBJECT_ID_RE.test(s)) return { kind: 'id', id: s };
			const m = /^@([\w.-]+)$/.exec(s);
			return m ? { kind: 'user', username: m[1] } : issue(ctx, 'bad_agent');
		})),
		repeat: 'once',
		usage: 'agent',
		label: 'lead_field_agent',
		input: 'line',
	},
	{
		key: 'tag',
		aliases: ['tags'],
		field: 'tags',
		contract: 'tags',
		value: z.array(z.string()),
		schema: z.pipe(z.string(), z.transform((s) => s.split(',').map((t) => t.trim()))).check(z.refine((list) => list.length > 0 && list.every((t) => t.length > 0 && t.length <= 100), 'bad_tag')),
		repeat: 'merge',
		usage: 'tag',
		label: 'lead_field_tags',
		input: 'line',
	},
	{
		key: 'note',
		aliases: ['notes'],
		field: 'notes',
		contract: 'notes',
		value: z.array(sentNote),
		// `title: text` (a colon then a space: `10:30` and `https://` stay text), or the text alone
		schema: z.pipe(z.string(), z.transform((s, ctx): DraftNote => {
			const text = s.trim();
			const split = /^([^:]+?):\s+(\S[\s\S]*)$/.exec(text);
			const title = split && split[1].trim().length <= NOTE_TITLE_MAX ? split[1].trim() : undefined;
			const description = title !== undefined && split ? split[2].trim() : text;
			if (!description) return issue(ctx, 'empty');
			if (description.length > MAX_TEXT) return issue(ctx, 'too_long');
			return { ...(title ? { title } : {}), description };
		})),
		repeat: 'append',
		usage: 'note',
		label: 'lead_field_note',
		input: 'lines',
	},
	{
		key: 'attributes',
		aliases: ['attr', 'attribute'],
		field: 'attributes',
		contract: 'attributes',
		value: z.array(sentAttribute),
		schema: z.string().check(z.maxLength(MAX_TEXT, 'too_long')),
		repeat: 'keyed',
		usage: 'attr.<key>',
		label: 'lead_field_attributes',
		input: 'lines',
	},
	{
		key: 'picture',
		aliases: ['image', 'avatar'],
		field: 'picture',
		contract: 'picture',
		value: sentText,
		schema: z.string().check(z.trim(), z.url('bad_picture'), z.refine((s) => /^https?:\/\/[^/\s]+/i.test(s), 'bad_picture')),
		repeat: 'once',
		usage: 'picture',
		label: 'lead_field_picture',
		input: 'line',
	},
];

/** The name of an attribute (`attr.<name>`). */
export const attributeNameSchema = z.string().check(z.trim(), z.minLength(1, 'bad_attr_key'), z.maxLength(100, 'bad_attr_key'));

/**
 * The row a key names: its key or an alias (any case); `attr.<name>` (or `attribute.<name>`) names the
 * keyed row, with `name` the part after the dot as typed. A keyed row's own key alone names nothing.
 */
export function leadFieldOf(typed: string): { row: LeadFieldRow; name?: string } | undefined {
	const key = typed.trim().toLowerCase();
	const dot = key.indexOf('.');
	if (dot >= 0) {
		const prefix = key.slice(0, dot);
		const row = LEAD_FIELDS.find((r) => r.repeat === 'keyed' && r.aliases.includes(prefix));
		return row ? { row, name: typed.slice(typed.indexOf('.') + 1) } : undefined;
	}
	const row = LEAD_FIELDS.find((r) => r.repeat !== 'keyed' && (r.key === key || r.aliases.includes(key)));
	return row ? { row } : undefined;
}

/** The keys as usage shows them: `status, name, …, attr.<key>, picture`. */
export const LEAD_KEYS_TEXT = LEAD_FIELDS.map((r) => r.usage).join(', ');
