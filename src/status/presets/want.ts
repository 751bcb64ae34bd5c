import type { Translator } from '../../i18n';
import { suggestStatus } from '../../parse/st-suggest';
import { stWords, type StWords } from '../../parse/st-words';
import { SettingId } from '../../settings';
import { describeFailure } from '../../ui/failures';
import type { CustomUserStatus } from '../../vendors/rocketchat';
import { findPreset } from './presets';
import type { StatusService, Want } from '../service';

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
