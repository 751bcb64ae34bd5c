import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpointMetadata } from '@rocket.chat/apps-engine/definition/api';
import { botPenguinClient, callbellClient, rocketChatClient } from './vendors/clients';
import { endpointUrls } from './endpoints/visibility';
import { signatureHealth } from './health-signatures';
import { readSiteUrl } from './site-url';
import { enableProblems } from './startup';
import type { Translator } from './i18n';
import { SettingId } from './settings';
import { describeFailure } from './ui/failures';
import type { VendorResult } from './vendors/errors';

/** What each check is called in the report (a bare `Rocket.Chat` would show as a link: bold, it is a name). */
export const HEALTH_CHECKS = {
	leads: 'BotPenguin (leads)',
	contacts: 'BotPenguin (contacts)',
	callbell: 'Callbell',
	rocketchat: '*Rocket.Chat* REST (custom statuses)',
} as const;

interface Check {
	name: string;
	credential: string;
	run: () => Promise<VendorResult<unknown>>;
}

/**
 * `/inbox-bridge health`: each configured credential checked with its cheapest real call, in parallel.
 * One line per check: ok, not configured (naming the setting) or the vendor's error. Never a token.
 * Then what became of Callbell's webhook signatures (health-signatures.ts), then the exact URLs of the app's endpoints, to paste into Callbell and the bots.
 */
export async function healthReport(read: IRead, http: IHttp, tr: Translator, endpoints: ReadonlyArray<IApiEndpointMetadata> | undefined): Promise<string> {
	const [bp, cb, rc] = await Promise.all([botPenguinClient(read, http), callbellClient(read, http), rocketChatClient(read, http)]);
	const checks: Check[] = [
		{ name: HEALTH_CHECKS.leads, credential: SettingId.BotPenguinLeadToken, run: () => bp.checkLeadToken() },
		{ name: HEALTH_CHECKS.contacts, credential: SettingId.BotPenguinApiKey, run: () => bp.checkApiKey() },
		{ name: HEALTH_CHECKS.callbell, credential: SettingId.CallbellApiToken, run: () => cb.me() },
		{ name: HEALTH_CHECKS.rocketchat, credential: SettingId.RocketChatAdminToken, run: () => rc.me() },
	];
	const results = await Promise.all(checks.map((c) => c.run()));
	const lines = checks.map((c, i) => {
		const r = results[i];
		if (r.ok) return tr('health_ok', { name: c.name });
		if (r.error.kind === 'not_configured') return tr('health_not_configured', { name: c.name, setting: r.error.setting });
		return tr('health_failed', { name: c.name, reason: describeFailure(tr, r.error, c.credential) });
	});
	const site = await readSiteUrl(read.getEnvironmentReader().getServerSettings());
	const enabling = [...enableProblems()].map(([step, reason]) => tr('health_enable_problem', { step: tr(`health_enable_step_${step}`), reason }));
	const siteLine = site.problem ? [tr('health_site_url_unreadable', { reason: site.problem })] : [];
	return [tr('health_title'), ...lines, ...enabling, ...(await signatureHealth(read, tr)), ...endpointLines(tr, endpoints, site.url), ...siteLine].join('\n');
}

function endpointLines(tr: Translator, endpoints: ReadonlyArray<IApiEndpointMetadata> | undefined, siteUrl: unknown): string[] {
	const urls = endpointUrls(endpoints, siteUrl);
	if (urls.length === 0) return [tr('health_endpoints_missing')];
	const lines = [tr('health_endpoints_title'), ...urls.map((u) => tr('health_endpoint', { path: u.path, url: u.url })), tr('health_endpoints_hint')];
	if (urls.some((u) => !u.private)) lines.push(tr('health_endpoints_public', { setting: SettingId.PublicEndpoints }));
	return lines;
}
