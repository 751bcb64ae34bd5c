import type { IEnvironmentRead, IEnvironmentWrite, ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiVisibility, type IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api';
import { SettingId } from '../settings';
import { readSiteUrl } from '../site-url';

/**
 * How the bot status endpoint and the Callbell webhook are served.
 *
 * PRIVATE by default: `/api/apps/private/<appId>/<hash>/<path>`, where the hash is the installation's
 * own id. Rocket.Chat's server compares it (`AppApi.validateVisibility`) before the request reaches
 * the app's runtime, so a stranger cannot get a body to it at all. That matters beyond the secrets the
 * app checks: the 1.62 runtime dies decoding any body with a `"__proto__"` key, before app code runs
 * (README, Security).
 *
 * PUBLIC (`/api/apps/public/<appId>/<path>`, the URLs of earlier versions) only when an admin turns on
 * `public_endpoints`; a public endpoint also answers at its private URL. The engine reads the choice
 * when the app is enabled, so a change takes effect after disabling and enabling the app.
 */
export async function endpointVisibility(environment: IEnvironmentRead): Promise<ApiVisibility> {
	try {
		const value: unknown = await environment.getSettings().getValueById(SettingId.PublicEndpoints);
		return value === true || value === 'true' ? ApiVisibility.PUBLIC : ApiVisibility.PRIVATE;
	} catch {
		// First install: the setting is declared in this very configuration step and has no value yet.
		return ApiVisibility.PRIVATE;
	}
}

export interface EndpointUrl {
	path: string;
	/** Absolute when the server's Site_Url is known, else the path Rocket.Chat serves it at. */
	url: string;
	private: boolean;
}

/**
 * The exact URL of each endpoint the engine registered for the app (`IAppAccessors.providedApiEndpoints`:
 * private ones carry the installation's hash), in registration order; the latest registration of a
 * path wins (the runtime appends the list again on every enable).
 */
export function endpointUrls(provided: ReadonlyArray<IApiEndpointMetadata> | undefined, siteUrl: unknown): EndpointUrl[] {
	const base = typeof siteUrl === 'string' ? siteUrl.trim().replace(/\/+$/, '') : '';
	const byPath = new Map<string, EndpointUrl>();
	for (const e of provided ?? []) {
		if (!e || typeof e.path !== 'string' || typeof e.computedPath !== 'string') continue;
		byPath.delete(e.path);
		byPath.set(e.path, { path: e.path, url: `${base}${e.computedPath}`, private: e.computedPath.startsWith('/api/apps/private/') });
	}
	return [...byPath.values()];
}

/**
 * On enable, the exact URLs go where admins look: the setting `endpoint_urls` (on engines whose
 * environment writer can update app settings) and the app log, so an admin upgrading from the public
 * URLs learns what to change in Callbell and the bots even before running `/inbox-bridge health`.
 */
export async function announceEndpoints(
	logger: ILogger,
	provided: ReadonlyArray<IApiEndpointMetadata> | undefined,
	environment: IEnvironmentRead,
	writer: IEnvironmentWrite | undefined,
): Promise<void> {
	const site = await readSiteUrl(environment.getServerSettings());
	if (site.problem) logger.warn(`Site_Url could not be read (${site.problem}): the endpoints are shown as paths on this server.`);
	const urls = endpointUrls(provided, site.url);
	if (urls.length === 0) return;
	const text = urls.map((u) => `${u.path}: ${u.url}`).join('\n');
	try {
		const settings = writer?.getSettings?.();
		if (settings && typeof settings.updateValue === 'function' && (await environment.getSettings().getValueById(SettingId.EndpointUrls)) !== text) {
			await settings.updateValue(SettingId.EndpointUrls, text);
		}
	} catch (e) {
		logger.debug(`Could not show the endpoint URLs in ${SettingId.EndpointUrls}: ${e instanceof Error ? e.message : String(e)}`);
	}
	const list = urls.map((u) => `${u.path} → ${u.url}`).join(', ');
	if (urls.every((u) => u.private)) {
		logger.info(`Endpoints: ${list}. They are private URLs: the old /api/apps/public/… URLs answer 404 unless ${SettingId.PublicEndpoints} is on; give these to Callbell and your bots.`);
	} else {
		logger.warn(`Endpoints: ${list}, also at public URLs because ${SettingId.PublicEndpoints} is on: anyone can send them a request that crashes the app runtime (README, Security).`);
	}
}
