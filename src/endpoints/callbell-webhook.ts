import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { z } from 'zod';
import type { AppContext } from '../context';
import type { Accessors } from '../accessors';
import { AppEndpoint } from './base';
import { json, refuse } from './answers';
import { readSettings, SettingId } from '../settings';
import { appliedJson } from '../status/replies';
import { StatusService } from '../status/service';
import { bearer, bodyOf, safeEqual, zodMessage } from './auth';

const customStatus = z.union([
	z.null(),
	z.string(),
	z.object({ id: z.union([z.string(), z.number()]).transform(String).optional(), uuid: z.string().optional(), name: z.string().optional() }).passthrough(),
]);

const agentSchema = z
	.object({
		email: z.string().trim().email(),
		name: z.string().optional(),
		available: z.boolean(),
		// Callbell's own time of the change: events are applied in this order (an unreadable one is refused)
		lastUpdatedAt: z
			.string()
			.refine((v) => Number.isFinite(Date.parse(v)), 'lastUpdatedAt is not a date')
			.optional(),
		userCustomStatus: customStatus.optional(),
	})
	.passthrough();

/**
 * `POST /api/apps/private/<appId>/<hash>/callbell-webhook?secret=<callbell_webhook_secret>`: Callbell's
 * `agent_status_updated` (`{email, name, available, lastUpdatedAt, userCustomStatus}`, also inside
 * `{event, payload}`) sets the Rocket.Chat status of the user with that email. Callbell already has
 * this state, so it is recorded as applied and never sent back.
 */
export class CallbellWebhookEndpoint extends AppEndpoint {
	public path = 'callbell-webhook';

	protected async handle(request: IApiRequest, ctx: AppContext, a: Accessors): Promise<IApiResponse> {
		const { read } = a;
		const secret = (await readSettings(read, 'callbell'))[SettingId.CallbellWebhookSecret];
		if (!secret) return refuse('disabled', SettingId.CallbellWebhookSecret);
		const given = request.query?.secret ?? request.headers?.['x-callbell-secret'] ?? request.headers?.['x-webhook-secret'] ?? bearer(request.headers);
		if (!given || !safeEqual(given, secret)) return refuse('unauthorized', 'give the webhook secret (?secret=<callbell_webhook_secret>)');

		const raw = bodyOf(request.content) as Record<string, unknown> | undefined;
		const event = raw && typeof raw === 'object' ? raw.event : undefined;
		if (typeof event === 'string' && event !== 'agent_status_updated') return json(HttpStatusCode.OK, { ok: true, ignored: `event ${event}` });
		const payload = raw && typeof raw === 'object' && raw.payload && typeof raw.payload === 'object' ? raw.payload : raw;
		const parsed = agentSchema.safeParse(payload);
		if (!parsed.success) return refuse('invalid_body', zodMessage(parsed.error));
		const agent = parsed.data;

		const service = new StatusService(ctx, a);
		const user = await service.findUser(agent.email);
		if (!user) return json(HttpStatusCode.OK, { ok: true, ignored: 'no Rocket.Chat user with that email' });

		const cs = agent.userCustomStatus;
		const name = typeof cs === 'string' ? cs : cs?.name;
		const id = typeof cs === 'object' && cs ? (cs.id ?? cs.uuid) : undefined;
		const at = agent.lastUpdatedAt !== undefined ? Date.parse(agent.lastUpdatedAt) : undefined;
		const result = await service.fromCallbell(user, {
			available: agent.available,
			...(id !== undefined ? { customStatusId: id } : {}),
			...(name ? { customStatusName: name } : {}),
			...(at !== undefined ? { at } : {}),
		});
		if (result === 'not_linked') return json(HttpStatusCode.OK, { ok: true, ignored: 'that Rocket.Chat user has no Callbell user (not linked or mapped)' });
		if (result === 'echo') return json(HttpStatusCode.OK, { ok: true, user: user.username, ignored: 'echo of the app\'s own change' });
		if (result === 'stale') return json(HttpStatusCode.OK, { ok: true, user: user.username, ignored: 'not newer than the last change applied (older or replayed event)' });
		return json(HttpStatusCode.OK, { ok: true, user: user.username, ...appliedJson(result) });
	}
}
