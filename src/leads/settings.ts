import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { parseKeyValueLines, readSettings, SettingId, type Settings } from '../settings';
import { requireBaseUrl, requireSetting } from '../vendors/required-settings';

export type BotPenguinSettings = Settings<'botpenguin'>;

export const readBotPenguin = (read: IRead): Promise<BotPenguinSettings> => readSettings(read, 'botpenguin');

/**
 * The settings one BotPenguin endpoint needs that are empty or unusable, by id (never their values).
 * Checked before anything is queued, so a missing setting is named once instead of per lead or batch.
 */
export function missingSettings(s: BotPenguinSettings, endpoint: 'lead' | 'contacts'): string[] {
	const checks =
		endpoint === 'lead'
			? [
					requireBaseUrl('botpenguin', SettingId.BotPenguinBaseUrl, s[SettingId.BotPenguinBaseUrl], { allowPrivateHosts: s[SettingId.AllowPrivateHosts] }),
					requireSetting('botpenguin', SettingId.BotPenguinLeadToken, s[SettingId.BotPenguinLeadToken]),
					requireSetting('botpenguin', SettingId.BotPenguinBotId, s[SettingId.BotPenguinBotId]),
					requireSetting('botpenguin', SettingId.BotPenguinCustomerId, s[SettingId.BotPenguinCustomerId]),
				]
			: [
					requireBaseUrl('botpenguin', SettingId.BotPenguinBaseUrl, s[SettingId.BotPenguinBaseUrl], { allowPrivateHosts: s[SettingId.AllowPrivateHosts] }),
					requireSetting('botpenguin', SettingId.BotPenguinApiKey, s[SettingId.BotPenguinApiKey]),
				];
	return checks.flatMap((c) => (c.ok || c.error.kind !== 'not_configured' ? [] : [c.error.setting]));
}

/** `botpenguin_agent_map` lookup: Rocket.Chat username (any case, with or without @) → BotPenguin agent id. */
export function agentIdOf(s: BotPenguinSettings, username: string | undefined): string | undefined {
	if (!username) return undefined;
	return parseKeyValueLines(s[SettingId.BotPenguinAgentMap]).get(username.replace(/^@/, '').toLowerCase());
}
