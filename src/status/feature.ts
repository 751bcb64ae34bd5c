import type { IUserStatusContext } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import { processor } from '../processor';
import type { Accessors } from '../accessors';
import type { Feature } from '../feature';
import { onBoardAction } from './board/board';
import { BOARD } from './board/view';
import { submitStatusForm } from './form';
import { onReportCsv } from './report';
import { REPORT } from './timeline/view';
import { onPresetSyncFix } from './presets/sync';
import { translator, userLocale } from '../i18n';
import { tellUser } from '../ui/reply';
import { hoursProcessors } from './hours-feature';
import { appliedText } from './replies/applied';
import { readSettings, SettingId } from '../settings';
import { KeyValueStore } from '../store/kv';
import { statusServices } from './services';
import { OVERRUN_JOB, overrunJob } from './timeline/overrun';
import { tellOverrun } from './timeline/overrun-notice';
import { prune, TIMELINE_PRUNE_JOB } from './timeline/prune';
import { TimelineStore } from './timeline/store';
import { RETRY_JOB, retryJobSchema } from './turn/retry';
import { EXPIRE_JOB, expireJobSchema } from './turn/timer';

/** At most this many agents repaired per sweep (a minute each): the rest wait for the next. */
const REPAIRS_PER_SWEEP = 20;

/** Status feature: the `/st` form, the timer job, Rocket.Chat's status event (`/st` is commands/StCommand.ts, the endpoints are in src/endpoints/). Each call builds its services once (./services.ts); every change goes through turn/change.ts. */
export const statusFeature: Feature = {
	uiPrefix: 'st.',
	// buttons: the team board's (`st.board.*`), the report's Export CSV and the preset sync's Fix
	onBlockAction: (ctx, context, a) => {
		const id = context.getInteractionData().actionId;
		return id.startsWith(BOARD.viewPrefix) ? onBoardAction(statusServices(ctx, a), context) : id === REPORT.csv ? onReportCsv(statusServices(ctx, a), context) : onPresetSyncFix(statusServices(ctx, a), context);
	},
	onViewSubmit: (ctx, context, a) => submitStatusForm(statusServices(ctx, a), context),
	// agents whose last turn never ended (an instance died in it): Callbell is sent what Rocket.Chat shows
	sweep: async (ctx, a) => {
		const s = statusServices(ctx, a);
		for (const userId of (await s.turns.abandoned()).slice(0, REPAIRS_PER_SWEEP)) {
			if (await s.changes.repair(userId)) ctx.logger.warn(`status: repaired the Callbell status of user ${userId} after a turn that never ended`);
		}
	},
	processors: (app) => [
		processor(app, EXPIRE_JOB, async (ctx, job, a) => {
			const parsed = expireJobSchema.safeParse(job);
			if (!parsed.success) return;
			const data = parsed.data;
			const restored = await statusServices(ctx, a).changes.restore(data.userId, data.token);
			// The agent hears it: the status they set ran out and what each system shows now.
			const user = restored ? await a.read.getUserReader().getById(data.userId) : undefined;
			if (restored && user) {
				const tr = translator(userLocale(user));
				await tellUser(a.read, a.modify, user, undefined, `${tr('st_timer_ended')}\n${appliedText(tr, restored, user)}`);
			}
		}),
		// a change Rocket.Chat refused until another integration's status ended (8.6+): its Rocket.Chat half, now
		processor(app, RETRY_JOB, async (ctx, job, a) => {
			const data = retryJobSchema.safeParse(job);
			if (!data.success) return;
			const applied = await statusServices(ctx, a).changes.retry(data.data);
			const rc = applied?.rocketchat;
			if (rc?.state === 'failed' && rc.retryAt === undefined) ctx.logger.warn(`${RETRY_JOB}: the status of user ${data.data.userId} could not be set in Rocket.Chat: ${rc.reason}`);
		}),
		// time in status: day records past status_timeline_retention_days go, a bounded number of days per run
		processor(app, TIMELINE_PRUNE_JOB, async (_ctx, _job, a) => {
			const days = (await readSettings(a.read, 'delivery'))[SettingId.StatusTimelineRetentionDays];
			await prune(new KeyValueStore(a.read.getPersistenceReader(), a.persis), Date.now(), days);
		}),
		// a preset held past its allowed time: the agent hears it once (if they still hold it)
		processor(app, OVERRUN_JOB, async (ctx, job, a) => {
			const data = overrunJob.safeParse(job);
			if (!data.success) return;
			const s = statusServices(ctx, a);
			await tellOverrun(ctx, a, new TimelineStore(s.store.raw()), data.data, s.now());
		}),
		...hoursProcessors(app),
	],
};

/** IPostUserStatusChanged: a status changed in Rocket.Chat (menu, another app, or this app — whose echo is dropped). */
export async function onUserStatusChanged(ctx: AppContext, context: IUserStatusContext, a: Accessors): Promise<void> {
	const result = await statusServices(ctx, a).changes.fromRocketChat(context.user, context.currentStatus);
	const cb = result?.callbell;
	if (cb?.state === 'failed') ctx.logger.warn(`status of ${context.user.username} not mirrored to Callbell: ${cb.error.kind} ${cb.error.message}`);
}
