/**
 * The Rocket.Chat simulator's Omnichannel agent availability, with the rules of Rocket.Chat's own route
 * (apps/meteor/app/livechat/server/api/v1/agent.ts, `livechat/agent.status`):
 *
 *  POST /api/v1/livechat/agent.status  {status?: 'available'|'not-available', agentId?}   needs view-l-room
 *
 * - 401 without or with bad credentials; 403 (`…[error-unauthorized]`) when the caller lacks view-l-room;
 * - 400 `… [invalid-params]` when the body breaks rest-typings' own validator (isPOSTLivechatAgentStatusProps);
 * - `agentId` defaults to the caller; 404 `Agent not found` for an unknown user or one without the
 *   `livechat-agent` role; 400 `error-user-deactivated` for a deactivated agent;
 * - no `status` toggles; the status the agent already has answers 200 with it (before any other check);
 * - for another agent the caller needs manage-livechat-agents (403 `unauthorized`);
 * - business hours closed (`businessHoursClosed`): making an agent available fails for the agent itself
 *   (400 `error-business-hours-are-closed`) and silently keeps the old status for a manager (200 with it).
 *
 * Who exists and who is an agent: the simulator's own users, then the directory the sandbox plugs in
 * (the host's users, so the app and the REST API see one server). Agents never set read as `not-available`.
 */
import { isPOSTLivechatAgentStatusProps } from '@rocket.chat/rest-typings/dist/v1/omnichannel';
import { type AuthOutcome, HttpError, type Route, isPlainObject } from './base';
import type { LivechatStatus, OmnichannelKnobs, RcPerson, RcUserSeed, RocketChatState } from './rocketchat-state';

export type { LivechatStatus, OmnichannelKnobs, RcPerson } from './rocketchat-state';

export function omnichannelRoutes(
	auth: (h: import('node:http').IncomingHttpHeaders) => AuthOutcome<RcUserSeed>,
	need: (permission: string) => (u: RcUserSeed) => string | null,
	seeds: RcUserSeed[],
	knobs: OmnichannelKnobs,
): Array<Route<RcUserSeed, RocketChatState>> {
	const person = (id: string): RcPerson | undefined => {
		const seed = seeds.find((u) => u._id === id);
		return seed ? { _id: seed._id, roles: seed.roles ?? [], active: true } : knobs.directory?.(id);
	};
	return [
		{
			method: 'POST',
			path: '/api/v1/livechat/agent.status',
			body: 'json-or-form',
			auth,
			authorize: need('view-l-room'),
			handle(ctx) {
				const body = isPlainObject(ctx.body) ? ctx.body : {};
				if (!isPOSTLivechatAgentStatusProps(body)) {
					const why = (isPOSTLivechatAgentStatusProps.errors ?? []).map((e) => e.message).join('\n ');
					throw new HttpError(400, `${why} [invalid-params]`, { errorType: 'invalid-params' });
				}
				const caller = ctx.principal;
				const agentId = body.agentId || caller._id;
				const agent = person(agentId);
				if (!agent || !agent.roles.includes('livechat-agent')) throw new HttpError(404, 'Agent not found');
				if (!agent.active) throw new HttpError(400, 'error-user-deactivated');
				const current: LivechatStatus = ctx.state.livechat.get(agentId) ?? 'not-available';
				const next: LivechatStatus = body.status ?? (current === 'available' ? 'not-available' : 'available');
				const ok = (status: LivechatStatus) => ({ body: { status, success: true } });
				if (next === current) return ok(current);
				const allowed = next !== 'available' || !knobs.businessHoursClosed;
				if (agentId !== caller._id) {
					if (!caller.permissions.includes('manage-livechat-agents')) throw new HttpError(403, 'unauthorized');
					if (!allowed) return ok(current);
				} else if (!allowed) {
					throw new HttpError(400, 'error-business-hours-are-closed');
				}
				ctx.state.livechat.set(agentId, next);
				return ok(next);
			},
		},
	];
}
