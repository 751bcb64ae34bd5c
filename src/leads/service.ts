import type { InFlightDelivery, Operation, Requester } from '../delivery/outbox';
import type { EventAccessors } from '../accessors';
import { savedText, type Translator } from '../i18n';
import type { Parsed, Problem } from '../parse/problems';
import { SettingId } from '../settings';
import { LEAD_FIELDS, type LeadFields, type LeadUpdate } from '../vendors/lead-fields';
import { outcomeLine } from './replies';
import { agentIdOf, type BotPenguinSettings, missingSettings, readBotPenguin } from './settings';

/** The contract names of the fields an update carries, for the reply ("updated (status, tags)"). */
const fieldNames = (u: LeadUpdate): string =>
	LEAD_FIELDS.map((f) => f.contract)
		.filter((k) => u[k] !== undefined)
		.join(', ');

/** Turns validated fields into the contract update, resolving `agent=@user` through `botpenguin_agent_map`. */
export function toLeadUpdate(uuid: string, fields: LeadFields, s: BotPenguinSettings): Parsed<LeadUpdate> {
	const { agent, notes, ...rest } = fields;
	const update: LeadUpdate = { uuid, ...rest };
	// a note given as just its text gets the admin's title for such notes (lead_note_title)
	if (notes) update.notes = notes.map((n) => ({ title: n.title ?? s[SettingId.LeadNoteTitle], description: n.description }));
	if (agent?.kind === 'id') update.agentId = agent.id;
	if (agent?.kind === 'user') {
		const id = agentIdOf(s, agent.username);
		if (!id) return { ok: false, problems: [{ field: 'agent', problem: 'unknown_agent', value: `@${agent.username}` }] };
		update.agentId = id;
	}
	return { ok: true, value: update };
}

export type ServiceReply = { ok: true; text: string } | { ok: false; problems: Problem[] } | { ok: false; text: string };

/** Lead updates and closes: every write goes through the outbox, one operation per lead. */
export class LeadService {
	/** `outbox`: the call's one outbox (leads/services.ts), so settings and clients are read once for several leads; `a` may lack a modifier (onLivechatRoomClosed, feature.ts). */
	constructor(
		private readonly a: EventAccessors,
		private readonly outbox: InFlightDelivery,
	) {}

	/** `/lead-close`: one `lead.update` with `status: CLOSED` (and the note, when given) per uuid. */
	public async close(uuids: ReadonlyArray<string>, note: string | undefined, who: Requester, tr: Translator): Promise<ServiceReply> {
		const s = await readBotPenguin(this.a.read);
		const missing = missingSettings(s, 'lead');
		if (missing.length) return { ok: false, text: tr('botpenguin_not_configured', { settings: missing.join(', ') }) };
		const title = s[SettingId.LeadCloseNoteTitle];
		const lines: string[] = [];
		for (const uuid of uuids) {
			const update: LeadUpdate = { uuid, status: 'CLOSED', ...(note ? { notes: [{ title, description: note }] } : {}) };
			lines.push(await this.submit(update, who, tr, tr('lead_what_closed')));
		}
		return { ok: true, text: lines.join('\n') };
	}

	/** `/lead` and its modal: one `lead.update` with only the given fields. */
	public async update(uuid: string, fields: LeadFields, who: Requester, tr: Translator): Promise<ServiceReply> {
		const s = await readBotPenguin(this.a.read);
		const update = toLeadUpdate(uuid, fields, s);
		if (!update.ok) return update;
		const missing = missingSettings(s, 'lead');
		if (missing.length) return { ok: false, text: tr('botpenguin_not_configured', { settings: missing.join(', ') }) };
		return { ok: true, text: await this.submit(update.value, who, tr, tr('lead_what_updated', { fields: fieldNames(update.value) })) };
	}

	/** Sends one update through the outbox; updates to the same lead waiting in the queue merge. */
	public async submit(update: LeadUpdate, who: Requester, tr: Translator, what: string): Promise<string> {
		const op: Operation = { kind: 'lead.update', update };
		// the outbox keeps the label as a code: a notice or an audit shows it in its reader's language
		const outcome = await this.outbox.submit(op, who, savedText('lead_label', { uuid: update.uuid }), `lead:${update.uuid}`);
		return outcomeLine(tr, tr('lead_label', { uuid: update.uuid }), what, op, outcome);
	}
}
