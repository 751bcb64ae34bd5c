import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { z } from 'zod';
import { type AppHandle, contextOf } from '../context';
import type { Accessors } from '../feature';
import { type Translator, translator, userLocale } from '../i18n';
import type { HoursRequest } from '../parse/st-hours';
import { tellUser } from '../ui/reply';
import { HOURS_JOB, HOURS_REARM_JOB, requestRearm, WorkingHours } from './hours-plan';
import { boundaryNotice, hoursViewText } from './hours-replies';
import { StatusService } from './service';

/** `/st hours …`: one translated reply. Setting hours changes no status now; the job does at each boundary. */
export async function runHours(a: Accessors, user: IUser, request: HoursRequest, tr: Translator): Promise<string> {
	const hours = new WorkingHours(a);
	switch (request.kind) {
		case 'hours.show':
			await hours.enroll(user);
			return hoursViewText(tr, await hours.view(user), user);
		case 'hours.set':
			return `${tr('st_hours_saved')}\n${hoursViewText(tr, await hours.set(user, 'own', request.schedule), user)}`;
		case 'hours.off':
			return `${tr('st_hours_off_done')}\n${hoursViewText(tr, await hours.set(user, 'off'), user)}`;
		case 'hours.default':
			return `${tr('st_hours_default_done')}\n${hoursViewText(tr, await hours.set(user, 'default'), user)}`;
	}
}

/** Job data, validated: Agenda keeps it in the database, where anything may have written it. */
const boundaryJob = z.object({ userId: z.string(), gen: z.number().int(), at: z.number() });
const rearmJob = z.object({ scope: z.enum(['all', 'default']), after: z.string().nullish() });

/** The working-hours jobs: the one job per agent, and the re-arm (on enable, and when the admin default changes). */
export function hoursProcessors(): IProcessor[] {
	return [
		{
			id: HOURS_JOB,
			// `function`, not an arrow: the runtime binds `this` to the App of this call (its logger).
			processor: async function (this: AppHandle, job, read, modify, http, persis) {
				const data = boundaryJob.safeParse(job);
				if (!data.success) return;
				const a = { read, modify, http, persis };
				const service = new StatusService(contextOf(this), a);
				const woken = await new WorkingHours(a).wake(data.data.userId, data.data.gen, data.data.at, (user, due, previous, schedule) =>
					service.boundary(user, due, previous, schedule.off),
				);
				if (woken) await tellUser(read, modify, woken.user, undefined, boundaryNotice(translator(userLocale(woken.user)), woken));
			},
		},
		{
			id: HOURS_REARM_JOB,
			processor: async function (this: AppHandle, job, read, modify, http, persis) {
				const data = rearmJob.safeParse(job);
				if (!data.success) return;
				const { scope, after } = data.data;
				const done = await new WorkingHours({ read, modify, http, persis }).rearmAll(scope, after ?? undefined);
				if (done.more !== undefined) await requestRearm(modify.getScheduler(), scope, done.more);
				contextOf(this).logger.debug(`working hours re-armed for ${done.count} agent(s) (${scope}${done.more !== undefined ? ', more to come' : ''})`);
			},
		},
	];
}
