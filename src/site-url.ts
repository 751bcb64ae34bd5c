import type { IRead, IServerSettingRead } from '@rocket.chat/apps-engine/definition/accessors';

/**
 * The server's `Site_Url`: the base of Rocket.Chat's own REST API (custom statuses, Omnichannel) and of
 * the endpoint URLs the app shows. Its read can fail ("No Server Setting found, or it is unaccessible"):
 * that is an answer, never an exception, so no caller (enabling the app above all) fails on it. Without
 * a URL the REST client answers "not configured (Site_Url)" and the endpoints are shown as paths.
 */
export async function readSiteUrl(settings: IServerSettingRead): Promise<{ url?: string; problem?: string }> {
	try {
		const value: unknown = await settings.getValueById('Site_Url');
		return typeof value === 'string' && value.trim() !== '' ? { url: value } : { problem: 'Site_Url is empty' };
	} catch (e) {
		return { problem: e instanceof Error ? e.message : String(e) };
	}
}

export const siteUrlOf = async (read: IRead): Promise<string> => (await readSiteUrl(read.getEnvironmentReader().getServerSettings())).url ?? '';
