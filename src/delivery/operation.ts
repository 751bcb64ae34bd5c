import { z } from 'zod';
import { optional } from '../store/read-back';
import { SettingId } from '../settings';
import { LEAD_STATUSES, type LeadUpdate } from '../vendors/botpenguin';
import type { CallbellStatusChange } from '../vendors/callbell';

/**
 * The operation model: every vendor write the app makes, what channel and credential it uses, how
 * two of them combine, and — the heart of "applied once" — which part of it may be sent again when
 * the app cannot know whether the vendor applied it.
 */

/** Every vendor write the app makes. Persisted before it is sent; tokens are never part of it. */
export type Operation =
	| { kind: 'lead.update'; update: LeadUpdate }
	| { kind: 'contacts.delete'; ids: string[]; subscriberIds?: string[] }
	| { kind: 'callbell.status'; userUuid: string; change: CallbellStatusChange }
	/** An Omnichannel agent's availability, by the agent's Rocket.Chat user id (REST `livechat/agent.status`). */
	| { kind: 'omnichannel.status'; agentId: string; status: 'available' | 'not-available' };

export type OperationKind = Operation['kind'];
export type Family = 'botpenguin' | 'callbell' | 'rocketchat';

const note = z.object({ title: z.string(), description: z.string() });
const attribute = z.object({ key: z.string(), value: z.string() });
const leadUpdate = z.object({
	uuid: z.string().min(1),
	agentId: optional(z.string()),
	name: optional(z.string()),
	email: optional(z.string()),
	phone: optional(z.string()),
	dialCode: optional(z.string()),
	notes: optional(z.array(note)),
	status: optional(z.enum(LEAD_STATUSES)),
	picture: optional(z.string()),
	tags: optional(z.array(z.string())),
	attributes: optional(z.array(attribute)),
});

/** An operation as read back from persistence: anything else (an unknown or older kind) is unreadable. */
export const operationSchema: z.ZodType<Operation, z.ZodTypeDef, unknown> = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('lead.update'), update: leadUpdate }),
	z.object({ kind: z.literal('contacts.delete'), ids: z.array(z.string()).min(1), subscriberIds: optional(z.array(z.string())) }),
	z.object({
		kind: z.literal('callbell.status'),
		userUuid: z.string().min(1),
		change: z.object({ available: optional(z.boolean()), customStatusUuid: z.string().nullish() }),
	}),
	z.object({ kind: z.literal('omnichannel.status'), agentId: z.string().min(1), status: z.enum(['available', 'not-available']) }),
]).transform((op) => strip(op as Operation));

/** Drops keys whose value is undefined, so a record compares equal after a round trip. */
function strip<T>(value: T): T {
	if (Array.isArray(value)) return value.map(strip) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = strip(v);
		return out as T;
	}
	return value;
}

interface KindRule {
	/** Limiter and ordering channel: one sliding window per channel and token. */
	channel: string;
	family: Family;
	/** The setting whose token the call uses: replies name it on a 401. */
	credential: string;
}

const KINDS: Record<OperationKind, KindRule> = {
	'lead.update': { channel: 'botpenguin-lead', family: 'botpenguin', credential: SettingId.BotPenguinLeadToken },
	'contacts.delete': { channel: 'botpenguin-contacts', family: 'botpenguin', credential: SettingId.BotPenguinApiKey },
	'callbell.status': { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken },
	'omnichannel.status': { channel: 'rocketchat-omnichannel', family: 'rocketchat', credential: SettingId.RocketChatAdminToken },
};

export const kindRule = (op: Operation): KindRule => KINDS[op.kind];

/** The setting whose token an operation uses: replies name it on a 401. */
export const credentialSettingOf = (op: Operation): string => KINDS[op.kind].credential;

/**
 * Idempotency by kind. Sending the same request twice is harmless for a Callbell status or an
 * Omnichannel availability (each sets a state), a contact deletion (it sets `DELETED`) and a lead's fields, status, tags (a set) and
 * attributes (by key); it is NOT harmless for lead notes, which BotPenguin appends. After an outcome
 * the app cannot know, the safe part may be sent again and the unsafe part must not be, silently.
 */
export function splitByRepeatSafety(op: Operation): { safe?: Operation; unsafe?: Operation } {
	if (op.kind !== 'lead.update' || !op.update.notes?.length) return { safe: op };
	const { notes, ...rest } = op.update;
	const unsafe: Operation = { kind: 'lead.update', update: { uuid: op.update.uuid, notes } };
	const hasSafe = Object.entries(rest).some(([k, v]) => k !== 'uuid' && v !== undefined && v !== null);
	return hasSafe ? { safe: { kind: 'lead.update', update: rest }, unsafe } : { unsafe };
}

/** Whether a newer operation of one key makes the older ones waiting before it moot (a status: yes; lead updates merge instead). */
export const replacesOlder = (op: Operation): boolean => op.kind === 'callbell.status' || op.kind === 'omnichannel.status';

/** Coalescing rules: a newer status replaces the older one; lead updates to the same lead merge in order. */
export function mergeOps(older: Operation, newer: Operation): Operation {
	if (older.kind === 'lead.update' && newer.kind === 'lead.update' && older.update.uuid === newer.update.uuid) {
		const a = older.update;
		const b = newer.update;
		const update: LeadUpdate = { ...a };
		for (const [key, value] of Object.entries(b)) if (value !== undefined && value !== null) (update as unknown as Record<string, unknown>)[key] = value;
		// Only fields either update has: an absent field must stay absent (not undefined, which
		// persistence would store as null and the vendor would reject).
		if (a.notes || b.notes) update.notes = [...(a.notes ?? []), ...(b.notes ?? [])];
		if (a.tags || b.tags) update.tags = [...new Set([...(a.tags ?? []), ...(b.tags ?? [])])];
		if (a.attributes || b.attributes) update.attributes = mergeAttributes(a.attributes ?? [], b.attributes ?? []);
		return { kind: 'lead.update', update };
	}
	// A status change is computed against what the vendor confirmed, so the newer one is whole: it replaces.
	return newer;
}

function mergeAttributes(a: Array<{ key: string; value: string }>, b: Array<{ key: string; value: string }>) {
	const map = new Map(a.map((x) => [x.key, x.value]));
	for (const x of b) map.set(x.key, x.value);
	return [...map].map(([key, value]) => ({ key, value }));
}
