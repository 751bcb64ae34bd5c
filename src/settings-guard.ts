import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import type { AppContext } from './context';
import { SECRET_SETTINGS, SettingId } from './settings';
import { checkBaseUrl } from './vendors/http';

const BASE_URLS: ReadonlyArray<string> = [SettingId.CallbellBaseUrl, SettingId.BotPenguinBaseUrl];

/**
 * Runs before a setting is saved. Two jobs:
 * - refuse an unusable base URL (not a URL, or plain http to a non-loopback host) by keeping the old
 *   value, with a warning in the app log that says why;
 * - never hand a secret back: the Apps-Engine runtime writes whatever this returns into the app's
 *   log ("was successfully called! The result is: …"), so for password settings we return nothing
 *   and the engine saves the new value as given.
 */
export function guardSettingUpdate(ctx: AppContext, { oldSetting, newSetting }: ISettingUpdateContext): ISetting | undefined {
	if (BASE_URLS.includes(newSetting.id) && String(newSetting.value ?? '').trim() !== '') {
		const check = checkBaseUrl(String(newSetting.value));
		if (!check.ok) {
			ctx.logger.warn(`Setting ${newSetting.id} was not changed: the URL is ${check.reason === 'insecure' ? 'not https (http is only allowed for a loopback test server)' : 'not a valid URL'}.`);
			return oldSetting;
		}
		return { ...newSetting, value: check.url };
	}
	if ((SECRET_SETTINGS as ReadonlyArray<string>).includes(newSetting.id)) return undefined;
	return newSetting;
}
