import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import { StCommand } from '../../commands/StCommand';
import { type AppContext, type AppHandle, contextOf } from '../context';
import { CallbellWebhookEndpoint } from '../endpoints/callbell-webhook';
import { StatusEndpoint } from '../endpoints/status';
import type { Accessors, Feature } from '../feature';
import { submitStatusForm } from './form';
import { translator, userLocale } from '../i18n';
import { tellUser } from '../ui/reply';
import { hoursProcessors } from './hours-feature';
import { appliedText } from './replies';
import { EXPIRE_JOB, StatusService } from './service';

/** Status feature (`/st`, Callbell mirroring, bot endpoint, Callbell webhook). Code: ./service.ts (one entry for every source). */
export const statusFeature: Feature = {
	commands: (app) => [new StCommand(app)],
	uiPrefix: 'st.',
	onViewSubmit: (ctx, context, a) => submitStatusForm(ctx, context, a),
	processors: () => [
		{
			id: EXPIRE_JOB,
			// `function`, not an arrow: the runtime binds `this` to the App of this call (its logger).
			processor: async function (this: AppHandle, job, read, modify, http, persis) {
				const ctx = contextOf(this);
				const data = job as { userId?: unknown; token?: unknown };
				if (typeof data.userId !== 'string' || typeof data.token !== 'string') return;
				const restored = await new StatusService(ctx, { read, modify, http, persis }).expire(data.userId, data.token);
				// The agent hears it: the status they set ran out and what each system shows now.
				const user = restored ? await read.getUserReader().getById(data.userId) : undefined;
				if (restored && user) {
					const tr = translator(userLocale(user));
					await tellUser(read, modify, user, undefined, `${tr('st_timer_ended')}\n${appliedText(tr, restored, user)}`);
				}
			},
		},
		...hoursProcessors(),
	],
	endpoints: (app) => [new StatusEndpoint(app), new CallbellWebhookEndpoint(app)],
};

/** IPostUserStatusChanged: a status changed in Rocket.Chat (menu, another app, or this app — whose echo is dropped). */
export async function onUserStatusChanged(ctx: AppContext, context: IUserStatusContext, a: Accessors): Promise<void> {
	const result = await new StatusService(ctx, a).fromRocketChat(context.user, context.currentStatus);
	const cb = result?.callbell;
	if (cb?.state === 'failed') ctx.logger.warn(`status of ${context.user.username} not mirrored to Callbell: ${cb.error.kind} ${cb.error.message}`);
}
