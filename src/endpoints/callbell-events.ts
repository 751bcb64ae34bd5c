import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import * as z from '../zod';
import type { AppContext } from '../context';
import type { Accessors } from '../accessors';
import { SettingId, type Settings } from '../settings';
import { appliedJson } from '../status/replies/applied';
import { statusServices } from '../status/services';
import { isSessionAction, parseSessionMap, SESSION_ACTIONS } from '../status/model/session-map';
import { json, refuse } from './answers';
import { zodMessage } from './auth';

/**
 * The Callbell events the app acts on, each validated, then handed to the status service:
 * - `agent_status_updated` (`{email, name, available, lastUpdatedAt, userCustomStatus}`): the agent's
 *   Rocket.Chat status follows Callbell, in Callbell's order;
 * - `agent_session_updated` (`{action, user: TeamMember}`): with callbell_session_presence on, the
 *   agent's presence as callbell_session_map gives the action.
 * Both only for agents who have a Callbell user (linked or mapped); an event about anyone else, or
 * one the settings leave out, is answered 200 with what was ignored (Callbell disables a webhook
 * that keeps failing, so only a malformed body is refused).
 */

const customStatus = z.union([
	z.null(),
	z.string(),
	z.looseObject({ id: z.optional(z.pipe(z.union([z.string(), z.number()]), z.transform(String))), uuid: z.optional(z.string()), name: z.optional(z.string()) }),
]);

const agentSchema = z.looseObject({
	email: z.string().check(z.trim(), z.email()),
	name: z.optional(z.string()),
	available: z.boolean(),
	// Callbell's own time of the change: events are applied in this order (an unreadable one is refused)
	lastUpdatedAt: z.optional(z.string().check(z.refine((v) => Number.isFinite(Date.parse(v)), 'lastUpdatedAt is not a date'))),
	userCustomStatus: z.optional(customStatus),
});

const sessionSchema = z.looseObject({
	action: z.string().check(z.maxLength(64)),
	user: z.looseObject({ email: z.string().check(z.trim(), z.email()), available: z.optional(z.boolean()) }),
});

const ignored = (why: string, extra: Record<string, unknown> = {}) => json(HttpStatusCode.OK, { ok: true, ...extra, ignored: why });

export async function agentStatusEvent(payload: unknown, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
	const parsed = agentSchema.safeParse(payload);
	if (!parsed.success) return refuse('invalid_body', zodMessage(parsed.error));
	const agent = parsed.data;

	const { identity, changes } = statusServices(ctx, a);
	const user = await identity.findUser(agent.email);
	if (!user) return ignored('no Rocket.Chat user with that email');

	const cs = agent.userCustomStatus;
	const name = typeof cs === 'string' ? cs : cs?.name;
	const id = typeof cs === 'object' && cs ? (cs.id ?? cs.uuid) : undefined;
	const at = agent.lastUpdatedAt !== undefined ? Date.parse(agent.lastUpdatedAt) : undefined;
	const result = await changes.fromCallbell(user, {
		available: agent.available,
		...(id !== undefined ? { customStatusId: id } : {}),
		...(name ? { customStatusName: name } : {}),
		...(at !== undefined ? { at } : {}),
	});
	if (result === 'not_linked') return ignored('that Rocket.Chat user has no Callbell user (not linked or mapped)');
	if (result === 'echo') return ignored("echo of the app's own change", { user: user.username });
	if (result === 'stale') return ignored('not newer than the last change applied (older or replayed event)', { user: user.username });
	return json(HttpStatusCode.OK, { ok: true, user: user.username, ...appliedJson(result) });
}

export async function agentSessionEvent(payload: unknown, settings: Settings<'callbell'>, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
	if (!settings[SettingId.CallbellSessionPresence]) return ignored(`event agent_session_updated (setting ${SettingId.CallbellSessionPresence} is off)`);
	const parsed = sessionSchema.safeParse(payload);
	if (!parsed.success) return refuse('invalid_body', zodMessage(parsed.error));
	const { action, user: member } = parsed.data;
	// an action Callbell may add later is not an error: Callbell would retry it, then disable the webhook
	if (!isSessionAction(action)) return ignored(`action ${action} (known: ${SESSION_ACTIONS.join(', ')})`);
	const presence = parseSessionMap(settings[SettingId.CallbellSessionMap]).map[action];
	if (!presence) return ignored(`action ${action} (not in ${SettingId.CallbellSessionMap})`);

	const { identity, changes } = statusServices(ctx, a);
	const user = await identity.findUser(member.email);
	if (!user) return ignored('no Rocket.Chat user with that email');
	const result = await changes.fromCallbellSession(user, { presence, ...(member.available !== undefined ? { available: member.available } : {}) });
	if (result === 'not_linked') return ignored('that Rocket.Chat user has no Callbell user (not linked or mapped)');
	if (result === 'stale') return ignored('not newer than the last change applied', { user: user.username });
	return json(HttpStatusCode.OK, { ok: true, user: user.username, action, ...appliedJson(result) });
}
