import * as z from '../zod';
import { optional } from '../store/read-back';
import { SettingId } from '../settings';
import { CALLBELL_STATUSES_CACHE } from '../store/caches';
import { LEAD_FIELDS, type LeadUpdate } from '../vendors/lead-fields';
import type { CallbellStatusChange } from '../vendors/callbell';
import type { Vendor } from '../vendors/errors';
import { OMNICHANNEL_STATUSES, type OmnichannelStatus } from '../vendors/rocketchat';

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
	/** Callbell custom statuses, by name (resolved to an id when sent): see ./custom-statuses.ts. */
	| { kind: 'callbell.customStatus.create'; name: string; emoji: string }
	| { kind: 'callbell.customStatus.update'; name: string; to?: string; emoji?: string }
	| { kind: 'callbell.customStatus.delete'; name: string }
	/** An Omnichannel agent's availability, by the agent's Rocket.Chat user id (REST `livechat/agent.status`). */
	| { kind: 'omnichannel.status'; agentId: string; status: OmnichannelStatus };

export type OperationKind = Operation['kind'];

/** How a record's optional field is read: `optional` (null read as absent) or, for a shape check only, plain `nullish`. */
export type OptionalField = <T extends z.ZodMiniType>(schema: T) => z.ZodMiniType;
/** Accepts exactly what `optional` accepts, without its transform (in zod 3 a transform inside an object costs ~6 µs a field). */
export const nullishField: OptionalField = (schema) => z.nullish(schema);

/** The operations as read back, with optional fields read by `opt`: the same acceptance whatever `opt` builds. */
const operationUnion = (opt: OptionalField) =>
	z.discriminatedUnion('kind', [
		// A lead update: the uuid, and each contract field of the field table when present.
		z.object({ kind: z.literal('lead.update'), update: z.object({ uuid: z.string().check(z.minLength(1)), ...Object.fromEntries(LEAD_FIELDS.map((f) => [f.contract, opt(f.value)])) }) }),
		z.object({ kind: z.literal('contacts.delete'), ids: z.array(z.string()).check(z.minLength(1)), subscriberIds: opt(z.array(z.string())) }),
		z.object({
			kind: z.literal('callbell.status'),
			userUuid: z.string().check(z.minLength(1)),
			change: z.object({ available: opt(z.boolean()), customStatusUuid: z.nullish(z.string()) }),
		}),
		z.object({ kind: z.literal('callbell.customStatus.create'), name: z.string().check(z.minLength(1)), emoji: z.string().check(z.minLength(1)) }),
		z.object({ kind: z.literal('callbell.customStatus.update'), name: z.string().check(z.minLength(1)), to: opt(z.string().check(z.minLength(1))), emoji: opt(z.string().check(z.minLength(1))) }),
		z.object({ kind: z.literal('callbell.customStatus.delete'), name: z.string().check(z.minLength(1)) }),
		z.object({ kind: z.literal('omnichannel.status'), agentId: z.string().check(z.minLength(1)), status: z.enum(OMNICHANNEL_STATUSES) }),
	]);

/** An operation as read back from persistence: anything else (an unknown or older kind) is unreadable. */
export const operationSchema: z.Schema<Operation> = z.pipe(
	operationUnion(optional),
	z.transform((op) => strip(op as Operation)),
);

/**
 * Whether a record holds a readable operation, exactly as `operationSchema` decides, without building
 * it (no transform): what counting and choosing among many queued items check.
 */
export const operationShape: z.ZodMiniType = operationUnion(nullishField);

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
	family: Vendor;
	/** The setting whose token the call uses: replies name it on a 401. */
	credential: string;
	/** A cache (src/store/caches.ts) that no longer holds once this kind was sent. */
	staleCache?: string;
}

const KINDS = {
	'lead.update': { channel: 'botpenguin-lead', family: 'botpenguin', credential: SettingId.BotPenguinLeadToken },
	'contacts.delete': { channel: 'botpenguin-contacts', family: 'botpenguin', credential: SettingId.BotPenguinApiKey },
	'callbell.status': { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken },
	'callbell.customStatus.create': { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken, staleCache: CALLBELL_STATUSES_CACHE },
	'callbell.customStatus.update': { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken, staleCache: CALLBELL_STATUSES_CACHE },
	'callbell.customStatus.delete': { channel: 'callbell', family: 'callbell', credential: SettingId.CallbellApiToken, staleCache: CALLBELL_STATUSES_CACHE },
	'omnichannel.status': { channel: 'rocketchat-omnichannel', family: 'rocketchat', credential: SettingId.RocketChatAdminToken },
} as const satisfies Record<OperationKind, KindRule>;

/** The vendor family of a kind, as a type: what lets the transport hand each kind its own client without a check at run time. */
export type FamilyOf<K extends OperationKind> = (typeof KINDS)[K]['family'];

export const kindRule = (op: { kind: OperationKind }): KindRule => KINDS[op.kind];

/** The vendor an operation goes to: what the audit names for every step of it (sent, failed, dropped). */
export const vendorOf = <K extends OperationKind>(op: { kind: K }): FamilyOf<K> => KINDS[op.kind].family;

/** The setting whose token an operation uses: replies name it on a 401. */
export const credentialSettingOf = (op: Operation): string => KINDS[op.kind].credential;

/** How many vendor objects one operation acts on: each id of a contact batch; one for anything else (what a reply calls "it" or "them"). */
export const objectsOf = (op: Operation): number => (op.kind === 'contacts.delete' ? op.ids.length + (op.subscriberIds?.length ?? 0) : 1);

/**
 * Idempotency by kind. Sending the same request twice is harmless for a Callbell status or an
 * Omnichannel availability (each sets a state), a contact deletion (it sets `DELETED`) and a lead's
 * fields, status, tags (a set) and attributes (by key) and Callbell custom statuses (each looks its
 * name up before it writes, see ./custom-statuses.ts); it is NOT harmless for lead notes, which BotPenguin appends. After an outcome
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

/**
 * Whether a drain may send `newer` merged into `older` (items of one coalescing key). Custom-status
 * writes are never merged: a create and a later rename of it are two requests, sent one after the
 * other (the drain stops riding at the first item it cannot merge; it goes at the next drain).
 */
export const mergeable = (older: Operation, newer: Operation): boolean =>
	(older.kind === 'lead.update' && newer.kind === 'lead.update') || (older.kind === 'callbell.status' && newer.kind === 'callbell.status');

/** The coalescing key of every custom-status write: one queue, so they reach Callbell in the order they were made. */
export const CUSTOM_STATUSES_KEY = 'callbell:custom-statuses';

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
