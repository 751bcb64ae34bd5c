import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import type { Translator } from '../../i18n';
import type { StChange } from '../../parse/st-target';
import { resolveWant } from '../presets/want';
import type { StatusService } from '../service';
import type { Applied, Source } from '../model/types';

export type Changed = { ok: true; applied: Applied; hadTimer: boolean } | { ok: false; text: string };

/**
 * One agent's status changed at a manager's request (`/st @bob …`): the preset looked up (want.ts),
 * then the agent's own path (StatusService: Rocket.Chat, Callbell, Omnichannel, timers), exactly as the
 * agent's own `/st` would. `tr` words a problem for whoever asked. (The bot endpoint takes the same path
 * with its own machine error codes: src/endpoints/status.ts.)
 */
export async function changeStatus(service: StatusService, subject: IUser, change: StChange, opts: { source: Source; requester: Requester }, tr: Translator): Promise<Changed> {
	if (change.kind === 'clear') {
		const { applied, hadTimer } = await service.clear(subject, opts.requester);
		return { ok: true, applied, hadTimer };
	}
	const want = await resolveWant(service, change, tr);
	if (!want.ok) return want;
	return { ok: true, applied: await service.apply(subject, want.want, opts), hadTimer: false };
}
