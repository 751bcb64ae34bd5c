import type { IEnvironmentRead, IEnvironmentWrite, ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api';
import type { AppContext } from './context';
import { scheduleHousekeeping } from './delivery/jobs';
import { announceEndpoints } from './endpoints/visibility';
import { requestRearm } from './status/hours/plan';
import { scheduleTimelinePrune } from './status/timeline/prune';

/** What enabling the app needs from the engine. */
export interface EnableInputs {
	scheduler: ISchedulerModify;
	environment: IEnvironmentRead;
	writer: IEnvironmentWrite | undefined;
	endpoints: ReadonlyArray<IApiEndpointMetadata> | undefined;
}

export type EnableStep = 'housekeeping' | 'working_hours' | 'endpoint_urls';

/** What went wrong the last time this instance was enabled, for `/inbox-bridge health` (this instance's memory). */
const problems = new Map<EnableStep, string>();
export const enableProblems = (): ReadonlyMap<EnableStep, string> => problems;

/**
 * Enabling never fails: an error thrown from `onEnable` makes the engine disable the app ("disabled
 * itself when being enabled"), which would take every command, endpoint and job down for a step that
 * only one part needs. Each step runs on its own; a failure is logged once, kept for
 * `/inbox-bridge health`, and the others still run. The background steps (the sweep that delivers the
 * outbox, the working-hours re-arm) are logged as errors; showing the endpoint URLs is a convenience.
 */
export async function enableApp(ctx: AppContext, input: EnableInputs): Promise<void> {
	problems.clear();
	const step = async (name: EnableStep, background: boolean, run: () => Promise<void>) => {
		try {
			await run();
		} catch (e) {
			const reason = e instanceof Error ? e.message : String(e);
			problems.set(name, reason);
			const line = `Enabling: ${name} failed (${reason}); the app stays enabled.`;
			if (background) ctx.logger.error(line);
			else ctx.logger.warn(line);
		}
	};
	await step('housekeeping', true, async () => {
		await scheduleHousekeeping(input.scheduler);
		await scheduleTimelinePrune(input.scheduler);
	});
	await step('working_hours', true, () => requestRearm(input.scheduler, 'all'));
	await step('endpoint_urls', false, () => announceEndpoints(ctx.logger, input.endpoints, input.environment, input.writer));
}
