import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import type { Requester } from '../delivery/outbox';
import type { Accessors } from '../accessors';
import { type Translator, userLocale } from '../i18n';
import type { StRequest } from '../parse/status';
import { suggestStatus } from '../parse/st-suggest';
import { stWords, type StWords } from '../parse/st-words';
import { isAdmin } from '../roles';
import { SettingId } from '../settings';
import { CALLBELL_STATUSES_CACHE } from '../store/caches';
import { describeFailure } from '../ui/failures';
import { type CustomUserStatus, isPresence } from '../vendors/rocketchat';
import { setStatusFor } from './managed';
import { presetAdminBoth } from './preset-callbell';
import { presetSync, type StMessage } from './preset-sync';
import { findPreset } from './presets';
import { runHours } from './hours-feature';
import { appliedText, presenceLabel } from './replies';
import { reportLines } from './report';
import { StatusService, type Want } from './service';

/** What a `/st` request (from the command or the form) does, as one translated reply. */
export async function runSt(ctx: AppContext, a: Accessors, user: IUser, request: StRequest, requester: Requester, tr: Translator): Promise<string | StMessage> {
	const service = new StatusService(ctx, a);
	switch (request.kind) {
		case 'form':
			return `${tr('st_form_no_trigger')}\n${tr('st_usage')}`;
		case 'help':
			return `${tr('st_help')}\n${tr('st_help_team')}\n${tr('st_usage')}`;
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
			const want = await resolveWant(service, request, tr, stWords(userLocale(user)));
			if (!want.ok) return want.text;
			return appliedText(tr, await service.apply(user, want.want, { source: 'command', requester }), user);
		}
		case 'preset.add':
		case 'preset.set':
		case 'preset.rename':
		case 'preset.remove':
			if (!isAdmin(user)) return tr('admin_only', { command: '/st preset' });
			return presetAdminBoth(ctx, a, service.store, tr, request, requester);
		case 'preset.sync':
			if (!isAdmin(user)) return tr('admin_only', { command: '/st preset sync' });
			return presetSync(ctx, a, service.store, tr);
		case 'for-user':
			return setStatusFor(ctx, a, user, request, requester, tr);
		case 'team':
			return tr('st_board_command_only'); // the board needs the command's trigger: StCommand opens it
		case 'hours.show':
		case 'hours.set':
		case 'hours.off':
		case 'hours.default':
			return runHours(a, user, request, tr);
	}
}

/** What choosing a preset asks for: its presence, its name as the status text. */
export const presetWant = (preset: CustomUserStatus, until: { until?: number }): Want => ({ presence: preset.statusType, text: preset.name, ...until });

/**
 * A presence + text, or a preset looked up by name (case-insensitive, accents kept). A name that is
 * no preset gets "did you mean …?" when a presence, command word (`words`: the agent's language
 * and English) or preset is close; otherwise the usage.
 */
export async function resolveWant(
	service: StatusService,
	request: { kind: 'set'; presence: Want['presence']; text: string; until?: number } | { kind: 'preset'; name: string; until?: number },
	tr: Translator,
	words: StWords = stWords(),
): Promise<{ ok: true; want: Want } | { ok: false; text: string }> {
	const until = request.until !== undefined ? { until: request.until } : {};
	if (request.kind === 'set') return { ok: true, want: { presence: request.presence, text: request.text, ...until } };
	const presets = await service.presets();
	const found = presets.ok ? findPreset(presets.value, request.name) : undefined;
	if (found) return { ok: true, want: presetWant(found, until) };
	const guess = suggestStatus(request.name, words, presets.ok ? presets.value.map((p) => p.name) : []);
	const lines = [guess ? tr('st_err_did_you_mean', guess) : tr('st_err_unknown_status', { word: request.name })];
	if (!presets.ok) lines.push(tr('st_err_presets_unavailable', { reason: describeFailure(tr, presets.error, SettingId.RocketChatAdminToken) }));
	if (!guess) lines.push(tr('st_usage'));
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


