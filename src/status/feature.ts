import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import { StCommand } from '../../commands/StCommand';
import type { AppContext } from '../context';
import { CallbellWebhookEndpoint } from '../endpoints/callbell-webhook';
import { StatusEndpoint } from '../endpoints/status';
import type { Accessors, Feature } from '../feature';
import { submitStatusForm } from './form';
import { EXPIRE_JOB, StatusService } from './service';

/** Status feature (`/st`, Callbell mirroring, bot endpoint, Callbell webhook). Code: ./service.ts (one entry for every source). */
export const statusFeature: Feature = {
	commands: (ctx) => [new StCommand(ctx)],
	uiPrefix: 'st.',
	onViewSubmit: (ctx, context, a) => submitStatusForm(ctx, context, a),
	processors: (ctx) => [
		{
			id: EXPIRE_JOB,
			processor: async (job, read, modify, http, persis) => {
				const data = job as { userId?: unknown; token?: unknown };
				if (typeof data.userId !== 'string' || typeof data.token !== 'string') return;
				await new StatusService(ctx, { read, modify, http, persis }).expire(data.userId, data.token);
			},
		},
	],
	endpoints: (ctx) => [new StatusEndpoint(ctx), new CallbellWebhookEndpoint(ctx)],
};

/** IPostUserStatusChanged: a status changed in Rocket.Chat (menu, another app, or this app — whose echo is dropped). */
export async function onUserStatusChanged(ctx: AppContext, context: IUserStatusContext, a: Accessors): Promise<void> {
	const result = await new StatusService(ctx, a).fromRocketChat(context.user, context.currentStatus);
	const cb = result?.callbell;
	if (cb?.state === 'failed') ctx.logger.warn(`status of ${context.user.username} not mirrored to Callbell: ${cb.error.kind} ${cb.error.message}`);
}
