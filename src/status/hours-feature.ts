import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import * as z from '../zod';
import type { AppHandle } from '../context';
import { processor } from '../processor';
import { type Translator, translator, userLocale } from '../i18n';
import { formatSchedule, type HoursRequest } from '../parse/st-hours';
import { tellUser } from '../ui/reply';
import { HOURS_JOB, HOURS_REARM_JOB, requestRearm, WorkingHours } from './hours/plan';
import { boundaryNotice, hoursViewText } from './replies/hours';
import { type StatusServices, statusServices } from './services';

/** `/st hours …`: one translated reply. Setting hours changes no status now; the job does at each boundary. A change is audited. */
export async function runHours({ a, audit, now }: Pick<StatusServices, 'a' | 'audit' | 'now'>, user: IUser, request: HoursRequest, tr: Translator): Promise<string> {
	const hours = new WorkingHours(a);
	if (request.kind === 'hours.show') {
		await hours.enroll(user);
		return hoursViewText(tr, await hours.view(user), user);
	}
	const mode = request.kind === 'hours.set' ? 'own' : request.kind === 'hours.off' ? 'off' : 'default';
	const view = await hours.set(user, mode, request.kind === 'hours.set' ? request.schedule : undefined);
	await audit.add({
		at: now(),
		userId: user.id,
		username: user.username,
		action: 'status.hours',
		vendor: 'rocketchat',
		object: `@${user.username}`,
		outcome: 'done',
		detail: request.kind === 'hours.set' ? formatSchedule(request.schedule) : mode,
	});
	const done = { own: 'st_hours_saved', off: 'st_hours_off_done', default: 'st_hours_default_done' } as const;
	return `${tr(done[mode])}\n${hoursViewText(tr, view, user)}`;
}

/** Job data, validated: Agenda keeps it in the database, where anything may have written it. */
const boundaryJob = z.object({ userId: z.string(), gen: z.int(), at: z.number() });
const rearmJob = z.object({ scope: z.enum(['all', 'default']), after: z.nullish(z.string()), since: z.nullish(z.number()) });

/** The working-hours jobs: the one job per agent, and the re-arm (on enable, and when the admin default changes). */
export function hoursProcessors(app: AppHandle): IProcessor[] {
	return [
		processor(app, HOURS_JOB, async (ctx, job, a) => {
			const data = boundaryJob.safeParse(job);
			if (!data.success) return;
			const { changes } = statusServices(ctx, a);
			const woken = await new WorkingHours(a).wake(data.data.userId, data.data.gen, data.data.at, (user, due, previous, schedule) =>
				changes.boundary(user, due, previous, schedule.off),
			);
			if (woken) await tellUser(a.read, a.modify, woken.user, undefined, boundaryNotice(translator(userLocale(woken.user)), woken));
		}),
		processor(app, HOURS_REARM_JOB, async (ctx, job, a) => {
			const data = rearmJob.safeParse(job);
			if (!data.success) return;
			const { scope, after, since } = data.data;
			const done = await new WorkingHours(a).rearmAll(scope, after ?? undefined, since ?? undefined);
			if (done.more !== undefined) await requestRearm(a.modify.getScheduler(), scope, done.more, since ?? undefined);
			ctx.logger.debug(`working hours re-armed for ${done.count} agent(s) (${scope}${done.more !== undefined ? ', more to come' : ''})`);
		}),
	];
}
