import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import type { Requester } from '../delivery/outbox';
import type { Accessors } from '../feature';
import type { Translator } from '../i18n';
import type { StRequest } from '../parse/status';
import { isAdmin } from '../roles';
import { SettingId } from '../settings';
import { describeFailure } from '../ui/failures';
import { presetAdmin } from './presets';
import { appliedText, presenceLabel } from './replies';
import { reportLines } from './report';
import { StatusService, type Want } from './service';

/** What a `/st` request (from the command or the form) does, as one translated reply. */
export async function runSt(ctx: AppContext, a: Accessors, user: IUser, request: StRequest, requester: Requester, tr: Translator): Promise<string> {
	const service = new StatusService(ctx, a);
	switch (request.kind) {
		case 'form':
			return `${tr('st_form_no_trigger')}\n${tr('st_usage')}`;
		case 'help':
			return `${tr('st_help')}\n${tr('st_usage')}`;
		case 'list':
			return listText(service, user, tr);
		case 'link': {
			const linked = await service.link(user, request.uuid, 'self', requester);
			return linked.ok ? tr('st_link_done', { uuid: request.uuid }) : tr(`st_link_refused_${linked.reason}`, { uuid: request.uuid });
		}
		case 'clear': {
			const { applied, hadTimer } = await service.clear(user, requester);
			return hadTimer ? `${appliedText(tr, applied, user)}\n${tr('st_timer_cancelled')}` : appliedText(tr, applied, user);
		}
		case 'set':
		case 'preset': {
			const want = await resolveWant(service, request, tr);
			if (!want.ok) return want.text;
			return appliedText(tr, await service.apply(user, want.want, { source: 'command', requester }), user);
		}
		case 'preset.add':
		case 'preset.set':
		case 'preset.rename':
		case 'preset.remove':
			if (!isAdmin(user)) return tr('admin_only', { command: '/st preset' });
			return presetAdmin(a.read, a.http, service.store, tr, request);
	}
}

/** A presence + text, or a preset looked up by name (case-insensitive, accents kept). */
export async function resolveWant(
	service: StatusService,
	request: { kind: 'set'; presence: Want['presence']; text: string; until?: number } | { kind: 'preset'; name: string; until?: number },
	tr: Translator,
): Promise<{ ok: true; want: Want } | { ok: false; text: string }> {
	const until = request.until !== undefined ? { until: request.until } : {};
	if (request.kind === 'set') return { ok: true, want: { presence: request.presence, text: request.text, ...until } };
	const found = await service.preset(request.name);
	if (found.ok && found.preset) return { ok: true, want: { presence: found.preset.statusType, text: found.preset.name, ...until } };
	const lines = [tr('st_err_unknown_status', { word: request.name })];
	if (!found.ok) lines.push(tr('st_err_presets_unavailable', { reason: describeFailure(tr, found.error, SettingId.RocketChatAdminToken) }));
	lines.push(tr('st_usage'));
	return { ok: false, text: lines.join('\n') };
}

async function listText(service: StatusService, user: IUser, tr: Translator): Promise<string> {
	const lines = [tr('st_list_title')];
	const presets = await service.presets(true);
	if (!presets.ok) lines.push(tr('st_err_presets_unavailable', { reason: describeFailure(tr, presets.error, SettingId.RocketChatAdminToken) }));
	else if (presets.value.length === 0) lines.push(tr('st_list_empty'));
	else for (const p of presets.value) lines.push(tr('st_list_item', { name: p.name, type: presenceLabel(tr, p.statusType) }));

	// per system: confirmed, pending, failed (src/status/report.ts)
	lines.push(...reportLines(tr, await service.report(user), user));
	return lines.join('\n');
}


