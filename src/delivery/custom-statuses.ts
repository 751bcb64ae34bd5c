import { type CallbellClient, type CallbellCustomStatus, sameCustomStatusName } from '../vendors/callbell';
import { fail, ok, type VendorResult } from '../vendors/errors';

/**
 * Callbell custom-status writes, addressed by NAME and resolved to ids when sent: each first reads
 * `GET /custom_statuses`, then writes only what is still missing. That makes every one of them safe
 * to send again, which the outbox relies on (see splitByRepeatSafety):
 * - create: a bare `POST` is not repeat-safe — Callbell keeps duplicate names, so a POST retried after
 *   an answer that never came would make a second status. Here a status of that name already there
 *   (ours from the lost answer, or one made by hand) is the success; the POST goes only when none is.
 * - rename / update: `PUT /custom_statuses/:id` by the id found under the old name; when the old name
 *   is gone and the new one is there, it was applied already.
 * - delete: `DELETE /custom_statuses/:id` of every status of that name; none left (or a 404) is done.
 * Names match as sameCustomStatusName says. Every custom-status write is submitted under one coalescing
 * key (CUSTOM_STATUSES_KEY, operation.ts), so they reach Callbell one at a time, in the order they were
 * made, never merged.
 */

async function named(cb: CallbellClient, name: string): Promise<VendorResult<CallbellCustomStatus[]>> {
	const list = await cb.listCustomStatuses();
	return list.ok ? ok(list.value.filter((s) => sameCustomStatusName(s.name, name)), list.status) : list;
}

export async function ensureCustomStatus(cb: CallbellClient, name: string, emoji: string): Promise<VendorResult<void>> {
	const found = await named(cb, name);
	if (!found.ok) return found;
	if (found.value.length > 0) return ok(undefined);
	return cb.createCustomStatus(name, emoji);
}

export async function updateCustomStatus(cb: CallbellClient, name: string, change: { to?: string; emoji?: string }): Promise<VendorResult<void>> {
	const list = await cb.listCustomStatuses();
	if (!list.ok) return list;
	const current = list.value.find((s) => sameCustomStatusName(s.name, name));
	const body = { ...(change.to !== undefined ? { name: change.to } : {}), ...(change.emoji !== undefined ? { emoji: change.emoji } : {}) };
	if (current) {
		if ((body.name === undefined || body.name === current.name) && (body.emoji === undefined || body.emoji === current.emoji)) return ok(undefined);
		return cb.updateCustomStatus(current.id, body);
	}
	if (change.to !== undefined && list.value.some((s) => s.name === change.to)) return ok(undefined);
	return fail({ vendor: 'callbell', kind: 'not_found', sent: 'no', status: 0, message: `no custom status named “${name}”` });
}

export async function removeCustomStatus(cb: CallbellClient, name: string): Promise<VendorResult<void>> {
	const found = await named(cb, name);
	if (!found.ok) return found;
	for (const s of found.value) {
		const r = await cb.deleteCustomStatus(s.id);
		if (!r.ok && r.error.kind !== 'not_found') return r;
	}
	return ok(undefined);
}
