import type { Translator } from '../../i18n';
import { suggestStatus } from '../../parse/st-suggest';
import { stWords, type StWords } from '../../parse/st-words';
import { SettingId } from '../../settings';
import { describeFailure } from '../../ui/failures';
import type { UnknownPreset } from '../presets/want';

/**
 * A name that is no preset, for a person: "did you mean …?" when a presence, command word (`words`:
 * the agent's language and English) or preset is close; otherwise the usage. Why the list could not be
 * read, when it could not.
 */
export function unknownPresetText(tr: Translator, problem: UnknownPreset, words: StWords = stWords()): string {
	const { presets, name } = problem;
	const guess = suggestStatus(name, words, presets.ok ? presets.value.map((p) => p.name) : []);
	const lines = [guess ? tr('st_err_did_you_mean', guess) : tr('st_err_unknown_status', { word: name })];
	if (!presets.ok) lines.push(tr('st_err_presets_unavailable', { reason: describeFailure(tr, presets.error, SettingId.RocketChatAdminToken) }));
	if (!guess) lines.push(tr('st_usage'));
	return lines.join('\n');
}
