import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import * as z from '../../zod';
import { CALLBELL_STATUSES_CACHE } from '../../store/caches';
import type { CallbellCustomStatus } from '../../vendors/callbell';
import { callbellClient, rocketChatClient } from '../../vendors/clients';
import { ok, type VendorResult } from '../../vendors/errors';
import { type CustomUserStatus, PRESENCES } from '../../vendors/rocketchat';
import type { StatusStore } from '../model/store';

/**
 * The one home of the two vendor lists the status feature keeps a short-lived copy of in persistence:
 * Rocket.Chat's presets (custom user statuses) and Callbell's custom statuses. Their keys, how long a
 * copy is fresh, and the shape of an item read back (a copy is validated item by item: an item some
 * other version wrote, or a broken one, is left out, never cast).
 */
export const RC_PRESETS_TTL_MS = 60_000;
export const CALLBELL_STATUSES_TTL_MS = 5 * 60_000;
const RC_CACHE = 'rc-presets';

const rcItem = z.object({ _id: z.string(), name: z.string(), statusType: z.enum(PRESENCES) });
const cbItem = z.object({ id: z.string(), name: z.string(), emoji: z.optional(z.string()) });

interface ListKind<T> {
	name: string;
	ttl: number;
	item: z.Schema<T>;
}
const RC: ListKind<CustomUserStatus> = { name: RC_CACHE, ttl: RC_PRESETS_TTL_MS, item: rcItem };
const CB: ListKind<CallbellCustomStatus> = { name: CALLBELL_STATUSES_CACHE, ttl: CALLBELL_STATUSES_TTL_MS, item: cbItem };

/** The copy as kept (any age), its items validated; undefined when there is none. */
async function copyOf<T>(store: StatusStore, kind: ListKind<T>): Promise<{ at: number; list: T[] } | undefined> {
	const hit = await store.cache(kind.name);
	if (!hit) return undefined;
	const list: T[] = [];
	for (const raw of hit.list) {
		const item = kind.item.safeParse(raw);
		if (item.success) list.push(item.data);
	}
	return { at: hit.at, list };
}

/** A fresh copy, else the vendor's list (kept); on a vendor hiccup an old copy beats none, a refused credential is reported. */
async function through<T>(store: StatusStore, kind: ListKind<T>, fresh: boolean, load: () => Promise<VendorResult<T[]>>): Promise<VendorResult<T[]>> {
	const hit = await copyOf(store, kind);
	if (hit && !fresh && Date.now() - hit.at < kind.ttl) return ok(hit.list);
	const result = await load();
	if (result.ok) {
		await store.saveCache(kind.name, result.value);
		return result;
	}
	if (hit && (result.error.kind === 'unavailable' || result.error.kind === 'rate_limited')) return ok(hit.list);
	return result;
}

/** Rocket.Chat's presets; `fresh` skips the copy (`/st list`, preset admin). */
export function rcPresets(read: IRead, http: IHttp, store: StatusStore, fresh = false): Promise<VendorResult<CustomUserStatus[]>> {
	return through(store, RC, fresh, async () => (await rocketChatClient(read, http)).listCustomStatuses());
}

/** A preset list changed in Rocket.Chat: the copy goes. */
export const dropRcPresets = (store: StatusStore) => store.dropCache(RC_CACHE);

/** Callbell's custom statuses (a fresh copy, else Callbell's list). */
export function callbellStatuses(read: IRead, http: IHttp, store: StatusStore): Promise<VendorResult<CallbellCustomStatus[]>> {
	return through(store, CB, false, async () => (await callbellClient(read, http)).listCustomStatuses());
}

/** Keeps a Callbell list read elsewhere (the preset sync reads it fresh). */
export const keepCallbellStatuses = (store: StatusStore, list: CallbellCustomStatus[]) => store.saveCache(CB.name, list);

/**
 * Callbell custom status names by id from the copy, whatever its age and without a vendor call: only
 * to name a status in a reply (a name a little out of date beats an id).
 */
export async function callbellNames(store: StatusStore): Promise<Record<string, string>> {
	const names: Record<string, string> = {};
	for (const s of (await copyOf(store, CB))?.list ?? []) names[s.id] = s.name;
	return names;
}
