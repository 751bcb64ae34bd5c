import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../delivery/outbox';
import type { Translator } from '../i18n';
import type { StChange } from '../parse/st-target';
import { resolveWant } from './want';
import type { StatusService } from './service';
import type { Applied, Source } from './types';

export type Changed = { ok: true; applied: Applied; hadTimer: boolean } | { ok: false; text: string };

/**
 * One agent's status changed at someone else's request (a manager's `/st @bob …`, a bot through the
 * status endpoint): the preset looked up, then the agent's own path (StatusService: Rocket.Chat,
 * Callbell, timers), exactly as the agent's own `/st` would. `tr` words a problem for whoever asked.
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
