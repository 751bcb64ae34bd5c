import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../delivery/outbox';
import { type Translator, userLocale } from '../i18n';
import type { StRequest } from '../parse/status';
import { stWords } from '../parse/st-words';
import { isAdmin } from '../roles';
import { readSettings, SettingId } from '../settings';
import { describeFailure } from '../ui/failures';
import { setStatusFor } from './manage/set-for';
import { presetAdminBoth } from './presets/callbell';
import { presetSync, type StMessage } from './presets/sync';
import { runHours } from './hours-feature';
import { appliedText, offsetNote, presenceLabel } from './replies/applied';
import { reportLines } from './replies/report';
import { linkAudited } from './manage/link';
import { readKnown } from './replies/known';
import { unknownPresetText } from './replies/want';
import { rcPresets } from './presets/lists';
import { reportFor } from './report';
import type { StatusServices } from './services';
import { reportText } from './timeline/text';

/**
 * What a `/st` request (from the command or the form) does, as one translated reply; a reply about
 * times ends with a warning when the user's own offset is no real one and UTC was used instead.
 */
export async function runSt(s: StatusServices, user: IUser, request: StRequest, requester: Requester, tr: Translator): Promise<string | StMessage> {
	const answer = await answerSt(s, user, request, requester, tr);
	const note = typeof answer === 'string' && readsClock(request) ? offsetNote(tr, user) : undefined;
	return note ? `${answer}\n${note}` : answer;
}

/** Whether the request reads or shows a time of day in the user's own clock. */
function readsClock(request: StRequest): boolean {
	switch (request.kind) {
		case 'set':
		case 'preset':
			return request.until !== undefined;
		case 'for-user':
			return request.change.kind !== 'clear' && request.change.until !== undefined;
		case 'list':
		case 'hours.show':
		case 'hours.set':
		case 'hours.default':
			return true;
		default:
			return false;
	}
}

async function answerSt(s: StatusServices, user: IUser, request: StRequest, requester: Requester, tr: Translator): Promise<string | StMessage> {
	const { a } = s;
	switch (request.kind) {
		case 'form':
			return `${tr('st_form_no_trigger')}\n${tr('st_usage')}`;
		case 'help': {
			// `/st link` only where the admin allows it (callbell_self_link)
			const selfLink = (await readSettings(a.read, 'callbell'))[SettingId.CallbellSelfLink];
			return [tr('st_help'), ...(selfLink ? [tr('st_help_link')] : []), tr('st_help_team'), tr('st_usage')].join('\n');
		}
		case 'list':
			return listText(s, user, tr);
		case 'link': {
			const linked = await linkAudited(s, user, request.uuid, 'self', requester);
			return linked.ok ? tr('st_link_done', { uuid: request.uuid }) : tr(`st_link_refused_${linked.reason}`, { uuid: request.uuid });
		}
		case 'clear':
		case 'set':
		case 'preset': {
			const changed = await s.changes.change(user, request, { source: 'command', requester });
			if (!changed.ok) return unknownPresetText(tr, changed.problem, stWords(userLocale(user)));
			const said = request.kind === 'set' && request.word !== undefined ? { presence: request.presence, word: request.word } : undefined;
			const text = appliedText(tr, changed.applied, user, said);
			return changed.hadTimer ? `${text}\n${tr('st_timer_cancelled')}` : text;
		}
		case 'preset.add':
		case 'preset.set':
		case 'preset.rename':
		case 'preset.remove':
			if (!isAdmin(user)) return tr('admin_only', { command: '/st preset' });
			return presetAdminBoth(s, tr, request, requester);
		case 'preset.sync':
			if (!isAdmin(user)) return tr('admin_only', { command: '/st preset sync' });
			return presetSync(s, tr);
		case 'for-user':
			return setStatusFor(s, user, request, requester, tr);
		case 'team':
			return tr('st_board_command_only'); // the board needs the command's trigger: StCommand opens it
		case 'report': {
			const done = await reportFor(s, user, request, tr);
			return done.ok ? reportText(tr, userLocale(user), done.view) : done.text;
		}
		case 'hours.show':
		case 'hours.set':
		case 'hours.off':
		case 'hours.default':
			return runHours(s, user, request, tr);
	}
}

async function listText(s: StatusServices, user: IUser, tr: Translator): Promise<string> {
	const lines = [tr('st_list_title')];
	const presets = await rcPresets(s.a.read, s.a.http, s.store, true);
	if (!presets.ok) lines.push(tr('st_err_presets_unavailable', { reason: describeFailure(tr, presets.error, SettingId.RocketChatAdminToken) }));
	else if (presets.value.length === 0) lines.push(tr('st_list_empty'));
	else for (const p of presets.value) lines.push(tr('st_list_item', { name: p.name, type: presenceLabel(tr, p.statusType) }));

	// per system: confirmed, pending, failed (known.ts reads it, report.ts words it)
	const { agents, callbellNames } = await readKnown(s, [user], { detail: true });
	lines.push(...reportLines(tr, agents[0], callbellNames, user));
	return lines.join('\n');
}
