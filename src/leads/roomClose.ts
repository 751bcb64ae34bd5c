import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { AppContext } from '../context';
import type { Requester } from '../delivery/outbox';
import type { EventAccessors } from '../accessors';
import { serverLocale, translator } from '../i18n';
import { UUID_RE } from '../parse/lead';
import { SettingId } from '../settings';
import type { LeadUpdate } from '../vendors/lead-fields';
import { leadWriter } from './services';
import { agentIdOf, missingSettings, readBotPenguin } from './settings';

type Loose = Record<string, unknown>;
const asRecord = (v: unknown): Loose | undefined => (v && typeof v === 'object' ? (v as Loose) : undefined);

/** The uuid in the visitor's custom field `field` (Rocket.Chat keeps visitor custom fields in `livechatData`; the app type also has `customFields`). */
function uuidIn(visitor: Partial<IVisitor> | undefined, field: string): string | undefined {
	for (const bag of [visitor?.customFields, visitor?.livechatData]) {
		const v = asRecord(bag)?.[field];
		if (typeof v === 'string' && UUID_RE.test(v.trim())) return v.trim();
	}
	return undefined;
}

/**
 * The room's closing comment. The engine type has no field for it; Rocket.Chat keeps it on the room
 * as `closingMessage` (a message: `msg`, or `text` once converted), which older converters leave in
 * `_unmappedProperties_`.
 */
export function closingCommentOf(room: ILivechatRoom): string | undefined {
	const r = room as unknown as Loose;
	for (const holder of [r, asRecord(r._unmappedProperties_)]) {
		const m = asRecord(holder?.closingMessage);
		for (const v of [m?.msg, m?.text]) if (typeof v === 'string' && v.trim()) return v.trim();
		if (typeof holder?.closingComment === 'string' && holder.closingComment.trim()) return holder.closingComment.trim();
	}
	return undefined;
}

/**
 * IPostLivechatRoomClosed: with `lead_close_on_room_close` on and a BotPenguin uuid on the visitor,
 * closes the lead with the closing comment as a note and the serving agent (when mapped) as `agentId`.
 */
export async function closeLeadOfRoom(ctx: AppContext, room: ILivechatRoom, a: EventAccessors): Promise<void> {
	const s = await readBotPenguin(a.read);
	if (!s[SettingId.LeadCloseOnRoomClose]) return;
	const field = s[SettingId.BotPenguinUuidField] || 'botpenguin_uuid';
	let visitor: IVisitor | undefined;
	if (room.visitor?.id) {
		try {
			visitor = await a.read.getLivechatReader().getLivechatVisitorById(room.visitor.id);
		} catch (e) {
			ctx.logger.warn(`room ${room.id}: could not read visitor ${room.visitor.id}: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	const uuid = uuidIn(visitor, field) ?? uuidIn(room.visitor, field);
	if (!uuid) return;
	const missing = missingSettings(s, 'lead');
	if (missing.length) {
		ctx.logger.warn(`room ${room.id} closed: lead ${uuid} not closed, BotPenguin settings missing: ${missing.join(', ')}`);
		return;
	}
	const tr = translator(await serverLocale(a.read));
	const agent = room.servedBy ?? room.closedBy;
	const agentId = agentIdOf(s, room.servedBy?.username);
	const update: LeadUpdate = {
		uuid,
		status: 'CLOSED',
		notes: [{ title: s[SettingId.LeadCloseNoteTitle], description: closingCommentOf(room) ?? tr('lead_room_closed_note') }],
		...(agentId ? { agentId } : {}),
	};
	const who: Requester = { userId: agent?.id ?? 'omnichannel', username: agent?.username ?? 'omnichannel' };
	const line = await leadWriter(ctx, a).submit(update, who, tr, tr('lead_what_closed'));
	ctx.logger.info(`room ${room.id} closed: ${line}`);
}
