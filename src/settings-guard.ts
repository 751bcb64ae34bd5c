import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { AppContext } from './context';
import { callbellClient, rocketChatClient } from './vendors/clients';
import type { VendorResult } from './vendors/errors';
import { parseSchedule } from './parse/st-hours';
import { readSettings, SECRET_SETTINGS, SettingId } from './settings';
import { type MapProblem, parseUserMap, statusMapProblems } from './status/model/maps';
import { parseOmnichannelMap } from './status/model/omnichannel-map';
import { parseSessionMap } from './status/model/session-map';
import { checkBaseUrl } from './vendors/url-policy';

const BASE_URLS: ReadonlyArray<string> = [SettingId.CallbellBaseUrl, SettingId.BotPenguinBaseUrl];

/** Map settings checked line by line before they are saved (and again whenever read: see status/model/maps.ts). */
const MAP_CHECKS: Record<string, (text: string) => MapProblem[]> = {
	[SettingId.CallbellUserMap]: (text) => parseUserMap(text).problems,
	[SettingId.CallbellStatusMap]: statusMapProblems,
	[SettingId.OmnichannelStatusMap]: (text) => parseOmnichannelMap(text).problems,
	[SettingId.CallbellSessionMap]: (text) => parseSessionMap(text).problems,
};

/**
 * Runs before a setting is saved. Three jobs:
 * - refuse an unusable base URL (not a URL, plain http to a non-loopback host, or a private, loopback
 *   or metadata host while `allow_private_hosts` is off) by keeping the old value, with a warning in
 *   the app log that says why;
 * - refuse a Callbell map with a bad line (a uuid that is not one, such as `..`; a uuid given to two
 *   agents) the same way, naming the lines, and a default working-hours schedule that does not parse;
 * - never hand a secret back: the Apps-Engine runtime writes whatever this returns into the app's
 *   log ("was successfully called! The result is: …"), so for password settings we return nothing
 *   and the engine saves the new value as given.
 */
export async function guardSettingUpdate(ctx: AppContext, { oldSetting, newSetting }: ISettingUpdateContext, read: IRead): Promise<ISetting | undefined> {
	if (BASE_URLS.includes(newSetting.id) && String(newSetting.value ?? '').trim() !== '') {
		const allowPrivateHosts = (await readSettings(read, 'callbell'))[SettingId.AllowPrivateHosts];
		const check = checkBaseUrl(String(newSetting.value), { allowPrivateHosts });
		if (!check.ok) {
			const why = {
				insecure: 'not https (http is only allowed for a loopback test server)',
				private: `a private address (${check.kind ?? 'private'}); turn on ${SettingId.AllowPrivateHosts} first if this is intended`,
				invalid: 'not a valid URL',
			}[check.reason];
			ctx.logger.warn(`Setting ${newSetting.id} was not changed: the URL is ${why}.`);
			return oldSetting;
		}
		return { ...newSetting, value: check.url };
	}
	const mapCheck = MAP_CHECKS[newSetting.id];
	if (mapCheck) {
		const problems = mapCheck(String(newSetting.value ?? ''));
		if (problems.length > 0) {
			ctx.logger.warn(`Setting ${newSetting.id} was not changed: ${problems.map((p) => `line ${p.line}: ${p.reason.replace('_', ' ')}`).join('; ')}.`);
			return oldSetting;
		}
		return newSetting;
	}
	if (newSetting.id === SettingId.DefaultWorkingHours && String(newSetting.value ?? '').trim() !== '') {
		const parsed = parseSchedule(String(newSetting.value));
		if (!parsed.ok) {
			ctx.logger.warn(`Setting ${newSetting.id} was not changed: "${String(newSetting.value).trim()}" is not a schedule such as mon-fri 09:00-17:30 away (${parsed.error.problem}).`);
			return oldSetting;
		}
		return newSetting;
	}
	if ((SECRET_SETTINGS as ReadonlyArray<string>).includes(newSetting.id)) return undefined;
	return newSetting;
}

/**
 * After a credential is saved, ask its vendor whether it works, where the vendor has a read-only
 * call for it (Callbell `GET /auth/me`, Rocket.Chat `GET /api/v1/me`), and say so in the app log.
 * BotPenguin has no read endpoint: its tokens are checked by `/inbox-bridge health` only.
 */
export async function checkSavedCredential(ctx: AppContext, setting: ISetting, read: IRead, http: IHttp): Promise<void> {
	const checks: Record<string, { vendor: string; run: () => Promise<VendorResult<unknown>> }> = {
		[SettingId.CallbellApiToken]: { vendor: 'Callbell', run: async () => (await callbellClient(read, http)).me() },
		[SettingId.RocketChatAdminToken]: { vendor: 'Rocket.Chat', run: async () => (await rocketChatClient(read, http)).me() },
		[SettingId.RocketChatAdminUserId]: { vendor: 'Rocket.Chat', run: async () => (await rocketChatClient(read, http)).me() },
	};
	const check = checks[setting.id];
	if (!check || String(setting.value ?? '').trim() === '') return;
	const result = await check.run();
	if (result.ok) ctx.logger.info(`${check.vendor} accepted the credentials saved in ${setting.id}.`);
	else if (result.error.kind !== 'not_configured') ctx.logger.warn(`${check.vendor} did not accept the credentials saved in ${setting.id}: ${result.error.kind} (${result.error.message}).`);
}
