import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { MessageSurfaceLayout } from '@rocket.chat/ui-kit';
import type { AppContext } from '../context';
import type { InFlightDelivery, Operation, Requester } from '../delivery/outbox';
import type { Accessors } from '../accessors';
import { savedText, type Translator } from '../i18n';
import type { ContactDeleteRequest } from '../parse/contacts';
import { SettingId } from '../settings';
import * as z from '../zod';
import { AuditLog } from '../store/audit';
import { claimOnce } from '../store/once';
import { KeyValueStore } from '../store/kv';
import { outcomeLine } from './replies';
import { missingSettings, readBotPenguin } from './settings';
import { plain } from '../ui/plain';

export const CONFIRM_ACTION = 'lead.contacts.confirm';
export const CANCEL_ACTION = 'lead.contacts.cancel';
/** A confirmation left unanswered this long is void. */
export const CONFIRM_TTL_MS = 10 * 60 * 1000;
/** How many ids the confirmation message lists before "…". */
const SHOWN_IDS = 10;

/** A `/contact-delete` waiting for its Confirm button; kept in persistence (shared by every server instance). */
export interface PendingDelete {
	id: string;
	userId: string;
	username: string;
	roomId?: string;
	ids: string[];
	subscriberIds: string[];
	createdAt: number;
	expiresAt: number;
}

const pendingSchema = z.object({
	id: z.string(),
	userId: z.string(),
	username: z.string(),
	roomId: z.pipe(z.nullish(z.string()), z.transform((v) => v ?? undefined)),
	ids: z.array(z.string()),
	subscriberIds: z.array(z.string()),
	createdAt: z.number(),
	expiresAt: z.number(),
});

export interface DeleteBatch {
	ids: string[];
	subscriberIds: string[];
	from: number;
	to: number;
}

/**
 * Splits ids into requests of at most `size`. Subscriber ids are chunked the same way and ride with
 * the batch of the same index; any left over (more subscriber ids than ids) ride with the last batch.
 */
export function toBatches(ids: ReadonlyArray<string>, subscriberIds: ReadonlyArray<string>, size: number): DeleteBatch[] {
	const n = Math.max(1, Math.floor(size));
	const out: DeleteBatch[] = [];
	for (let i = 0; i < ids.length; i += n) {
		out.push({ ids: ids.slice(i, i + n), subscriberIds: subscriberIds.slice(i, i + n), from: i + 1, to: Math.min(i + n, ids.length) });
	}
	if (out.length > 0 && subscriberIds.length > ids.length) out[out.length - 1].subscriberIds.push(...subscriberIds.slice(out.length * n));
	return out;
}

const pendingKey = (id: string) => `contact-confirm:${id}`;
const newConfirmId = () => `cd${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}${Math.random().toString(36).slice(2, 10)}`;

export type DeleteRequestReply = { ok: false; text: string } | { ok: true; text: string; blocks: MessageSurfaceLayout };

/** `/contact-delete`: asks for confirmation, then sends one `contacts.delete` per batch through the outbox. */
export class ContactService {
	private readonly store: KeyValueStore;

	constructor(
		private readonly ctx: AppContext,
		private readonly a: Accessors,
		private readonly outbox: InFlightDelivery,
	) {
		this.store = new KeyValueStore(a.read.getPersistenceReader(), a.persis);
	}

	/** Checks settings, stores the pending deletion and returns the confirmation message (text + buttons). */
	public async request(req: ContactDeleteRequest, who: Requester, tr: Translator): Promise<DeleteRequestReply> {
		const s = await readBotPenguin(this.a.read);
		if (req.subscriberIds.length > 0 && !s[SettingId.BotPenguinSendSubscriberIds]) {
			return { ok: false, text: tr('contact_sub_refused', { subs: req.subscriberIds.map((x) => `sub:${x}`).join(', ') }) };
		}
		const missing = missingSettings(s, 'contacts');
		if (missing.length) return { ok: false, text: tr('botpenguin_not_configured', { settings: missing.join(', ') }) };

		await this.pruneExpired();
		const now = Date.now();
		const pending: PendingDelete = {
			id: newConfirmId(),
			userId: who.userId,
			username: who.username,
			roomId: who.roomId,
			ids: [...req.ids],
			subscriberIds: [...req.subscriberIds],
			createdAt: now,
			expiresAt: now + CONFIRM_TTL_MS,
		};
		await this.store.put(pendingKey(pending.id), pending, ['contact-confirm']);

		const count = req.ids.length;
		const shown = req.ids.slice(0, SHOWN_IDS).join(', ') + (count > SHOWN_IDS ? ` … (+${count - SHOWN_IDS})` : '');
		const subs = req.subscriberIds.length ? tr('contact_confirm_subs', { count: req.subscriberIds.length }) : '';
		const text = tr('contact_confirm_text', { count, subs, ids: shown });
		const appId = this.ctx.appId;
		const blocks = [
			{ type: 'section', blockId: 'lead.contacts.text', appId, text: { type: 'mrkdwn', text } },
			{
				type: 'actions',
				blockId: 'lead.contacts.actions',
				appId,
				elements: [
					{ type: 'button', appId, blockId: 'lead.contacts.actions', actionId: CONFIRM_ACTION, value: pending.id, style: 'danger', text: plain(tr('contact_confirm_button', { count })) },
					{ type: 'button', appId, blockId: 'lead.contacts.actions', actionId: CANCEL_ACTION, value: pending.id, text: plain(tr('contact_cancel_button')) },
				],
			},
		] satisfies MessageSurfaceLayout; // Rocket.Chat's ui-kit types (compile time); sandbox/contracts/uikit.ts checks the sent ones
		return { ok: true, text, blocks };
	}

	/** The Confirm button: only its requester, only once, only within the TTL; then one operation per batch. */
	public async confirm(confirmId: string, user: IUser, roomId: string | undefined, tr: Translator): Promise<string> {
		const pending = await this.claim(confirmId, user, tr);
		if (typeof pending === 'string') return pending;
		const s = await readBotPenguin(this.a.read);
		const missing = missingSettings(s, 'contacts');
		if (missing.length) return tr('botpenguin_not_configured', { settings: missing.join(', ') });
		const size = s[SettingId.BotPenguinDeleteBatchSize];
		// the setting may have been turned off since the request: refuse rather than drop the subscriber ids
		if (pending.subscriberIds.length > 0 && !s[SettingId.BotPenguinSendSubscriberIds]) {
			return tr('contact_sub_refused', { subs: pending.subscriberIds.map((x) => `sub:${x}`).join(', ') });
		}
		const batches = toBatches(pending.ids, pending.subscriberIds, size);
		const who: Requester = { userId: user.id, username: user.username, roomId: roomId ?? pending.roomId };
		const lines = [tr('contact_batches', { count: pending.ids.length, requests: tr('contact_requests', { count: batches.length, size }) })];
		for (const batch of batches) {
			const op: Operation = { kind: 'contacts.delete', ids: batch.ids, ...(batch.subscriberIds.length ? { subscriberIds: batch.subscriberIds } : {}) };
			const label = { from: batch.from, to: batch.to, total: pending.ids.length };
			const outcome = await this.outbox.submit(op, who, savedText('contact_label', label));
			lines.push(outcomeLine(tr, tr('contact_label', label), tr('contact_what_deleted'), op, outcome));
		}
		return lines.join('\n');
	}

	/** The Cancel button: forgets the pending deletion; nothing is sent. */
	public async cancel(confirmId: string, user: IUser, tr: Translator): Promise<string> {
		const pending = await this.claim(confirmId, user, tr);
		if (typeof pending === 'string') return pending;
		await new AuditLog(this.store).add({
			at: Date.now(),
			userId: user.id,
			username: user.username,
			action: 'contacts.delete',
			vendor: 'botpenguin',
			object: `${pending.ids.length} contact(s)`,
			outcome: 'cancelled',
		});
		return tr('contact_cancelled');
	}

	/**
	 * Takes the pending deletion out of the store, or says why it cannot (expired/used, someone
	 * else's). Claimed once: of two clicks (Confirm twice, or Confirm and Cancel) arriving together,
	 * only the first gets the deletion; see store/claim.ts for how far that holds across instances.
	 */
	private async claim(confirmId: string, user: IUser, tr: Translator): Promise<PendingDelete | string> {
		const found = confirmId ? pendingSchema.safeParse(await this.store.get<unknown>(pendingKey(confirmId))) : undefined;
		const pending: PendingDelete | undefined = found?.success ? found.data : undefined;
		if (!pending) return tr('contact_confirm_expired');
		if (pending.userId !== user.id) return tr('contact_confirm_not_yours');
		if (!(await claimOnce(this.store, `contact-confirm:${confirmId}`, CONFIRM_TTL_MS))) return tr('contact_confirm_expired');
		await this.store.remove(pendingKey(confirmId));
		if (pending.expiresAt < Date.now()) return tr('contact_confirm_expired');
		return pending;
	}

	private async pruneExpired(): Promise<void> {
		const now = Date.now();
		for (const p of await this.store.list<PendingDelete>('contact-confirm')) if (p.expiresAt < now) await this.store.remove(pendingKey(p.id));
	}
}
