import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import { z } from 'zod';

/** Every setting id the app declares: the admin-facing contract (see README). */
export const SettingId = {
	// Callbell + status
	CallbellBaseUrl: 'callbell_base_url',
	CallbellApiToken: 'callbell_api_token',
	CallbellUserMap: 'callbell_user_map',
	CallbellSelfLink: 'callbell_self_link',
	CallbellStatusMap: 'callbell_status_map',
	CallbellWebhookSecret: 'callbell_webhook_secret',
	StatusMirrorFromRocketChat: 'status_mirror_from_rocketchat',
	RocketChatAdminUserId: 'rocketchat_admin_user_id',
	RocketChatAdminToken: 'rocketchat_admin_token',
	OmnichannelFollowStatus: 'omnichannel_follow_status',
	OmnichannelStatusMap: 'omnichannel_status_map',
	ApiSecret: 'api_secret',
	PublicEndpoints: 'public_endpoints',
	EndpointUrls: 'endpoint_urls',
	// BotPenguin / Reekolect
	BotPenguinBaseUrl: 'botpenguin_base_url',
	BotPenguinLeadToken: 'botpenguin_lead_token',
	BotPenguinApiKey: 'botpenguin_api_key',
	BotPenguinBotId: 'botpenguin_bot_id',
	BotPenguinCustomerId: 'botpenguin_customer_id',
	BotPenguinSendSubscriberIds: 'botpenguin_send_subscriber_ids',
	BotPenguinDeleteBatchSize: 'botpenguin_delete_batch_size',
	BotPenguinAgentMap: 'botpenguin_agent_map',
	BotPenguinUuidField: 'botpenguin_uuid_field',
	LeadCloseOnRoomClose: 'lead_close_on_room_close',
	LeadCloseNoteTitle: 'lead_close_note_title',
	LeadRoles: 'lead_roles',
	ContactDeleteRoles: 'contact_delete_roles',
	// Delivery
	HttpTimeoutMs: 'http_timeout_ms',
	AllowPrivateHosts: 'allow_private_hosts',
	RetryBaseDelayMs: 'retry_base_delay_ms',
	RetryMaxDelayMs: 'retry_max_delay_ms',
	RetryMaxAgeMinutes: 'retry_max_age_minutes',
	BotPenguinRateLimit: 'botpenguin_rate_limit',
	BotPenguinRateWindowMs: 'botpenguin_rate_window_ms',
	CallbellRateLimit: 'callbell_rate_limit',
	CallbellRateWindowMs: 'callbell_rate_window_ms',
	AuditRetentionDays: 'audit_retention_days',
} as const;
export type SettingId = (typeof SettingId)[keyof typeof SettingId];

/** Settings whose values are secrets: password fields, never echoed anywhere. */
export const SECRET_SETTINGS: ReadonlyArray<SettingId> = [
	SettingId.CallbellApiToken,
	SettingId.CallbellWebhookSecret,
	SettingId.RocketChatAdminToken,
	SettingId.ApiSecret,
	SettingId.BotPenguinLeadToken,
	SettingId.BotPenguinApiKey,
];

type Def = Omit<ISetting, 'i18nLabel' | 'i18nDescription' | 'required' | 'public'> & { required?: boolean };
const def = (d: Def): ISetting => ({
	required: false,
	public: false,
	...d,
	i18nLabel: `setting_${d.id}_label`,
	i18nDescription: `setting_${d.id}_description`,
});

export const SETTINGS: ReadonlyArray<ISetting> = [
	def({ id: SettingId.CallbellBaseUrl, type: SettingType.STRING, packageValue: 'https://api.callbell.eu/v1', section: 'callbell' }),
	def({ id: SettingId.CallbellApiToken, type: SettingType.PASSWORD, packageValue: '', section: 'callbell' }),
	def({ id: SettingId.CallbellUserMap, type: SettingType.STRING, multiline: true, packageValue: '', section: 'callbell' }),
	def({ id: SettingId.CallbellSelfLink, type: SettingType.BOOLEAN, packageValue: false, section: 'callbell' }),
	def({ id: SettingId.CallbellStatusMap, type: SettingType.STRING, multiline: true, packageValue: '', section: 'callbell' }),
	def({ id: SettingId.CallbellWebhookSecret, type: SettingType.PASSWORD, packageValue: '', section: 'callbell' }),
	def({ id: SettingId.StatusMirrorFromRocketChat, type: SettingType.BOOLEAN, packageValue: true, section: 'status' }),
	def({ id: SettingId.RocketChatAdminUserId, type: SettingType.STRING, packageValue: '', section: 'status' }),
	def({ id: SettingId.RocketChatAdminToken, type: SettingType.PASSWORD, packageValue: '', section: 'status' }),
	def({ id: SettingId.OmnichannelFollowStatus, type: SettingType.BOOLEAN, packageValue: false, section: 'status' }),
	def({ id: SettingId.OmnichannelStatusMap, type: SettingType.STRING, multiline: true, packageValue: '', section: 'status' }),
	def({ id: SettingId.ApiSecret, type: SettingType.PASSWORD, packageValue: '', section: 'status' }),
	def({ id: SettingId.PublicEndpoints, type: SettingType.BOOLEAN, packageValue: false, section: 'status' }),
	// Written by the app on every enable (endpoints/visibility.ts): where admins configure the app, they see the exact URLs.
	def({ id: SettingId.EndpointUrls, type: SettingType.STRING, multiline: true, packageValue: '', section: 'status' }),
	def({ id: SettingId.BotPenguinBaseUrl, type: SettingType.STRING, packageValue: 'https://api.v7.botpenguin.com', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinLeadToken, type: SettingType.PASSWORD, packageValue: '', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinApiKey, type: SettingType.PASSWORD, packageValue: '', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinBotId, type: SettingType.STRING, packageValue: '', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinCustomerId, type: SettingType.STRING, packageValue: '', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinSendSubscriberIds, type: SettingType.BOOLEAN, packageValue: false, section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinDeleteBatchSize, type: SettingType.NUMBER, packageValue: 100, section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinAgentMap, type: SettingType.STRING, multiline: true, packageValue: '', section: 'botpenguin' }),
	def({ id: SettingId.BotPenguinUuidField, type: SettingType.STRING, packageValue: 'botpenguin_uuid', section: 'botpenguin' }),
	def({ id: SettingId.LeadCloseOnRoomClose, type: SettingType.BOOLEAN, packageValue: false, section: 'botpenguin' }),
	def({ id: SettingId.LeadCloseNoteTitle, type: SettingType.STRING, packageValue: 'Closed from Rocket.Chat', section: 'botpenguin' }),
	def({ id: SettingId.LeadRoles, type: SettingType.STRING, packageValue: 'livechat-agent, livechat-manager, admin', section: 'botpenguin' }),
	def({ id: SettingId.ContactDeleteRoles, type: SettingType.STRING, packageValue: 'admin', section: 'botpenguin' }),
	def({ id: SettingId.HttpTimeoutMs, type: SettingType.NUMBER, packageValue: 10000, section: 'delivery' }),
	def({ id: SettingId.AllowPrivateHosts, type: SettingType.BOOLEAN, packageValue: false, section: 'delivery' }),
	def({ id: SettingId.RetryBaseDelayMs, type: SettingType.NUMBER, packageValue: 2000, section: 'delivery' }),
	def({ id: SettingId.RetryMaxDelayMs, type: SettingType.NUMBER, packageValue: 300000, section: 'delivery' }),
	def({ id: SettingId.RetryMaxAgeMinutes, type: SettingType.NUMBER, packageValue: 1440, section: 'delivery' }),
	def({ id: SettingId.BotPenguinRateLimit, type: SettingType.NUMBER, packageValue: 100, section: 'delivery' }),
	def({ id: SettingId.BotPenguinRateWindowMs, type: SettingType.NUMBER, packageValue: 60000, section: 'delivery' }),
	def({ id: SettingId.CallbellRateLimit, type: SettingType.NUMBER, packageValue: 300, section: 'delivery' }),
	def({ id: SettingId.CallbellRateWindowMs, type: SettingType.NUMBER, packageValue: 1000, section: 'delivery' }),
	def({ id: SettingId.AuditRetentionDays, type: SettingType.NUMBER, packageValue: 90, section: 'delivery' }),
];

const str = z.preprocess((v) => (v === undefined || v === null ? '' : String(v).trim()), z.string());
const bool = z.preprocess((v) => v === true || v === 'true', z.boolean());
const int = (min: number, fallback: number) =>
	z.preprocess((v) => {
		const n = typeof v === 'number' ? v : Number(v);
		return Number.isFinite(n) && n >= min ? Math.floor(n) : fallback;
	}, z.number().int());
/** A comma/line separated list, trimmed and without empties. */
const list = z.preprocess(
	(v) =>
		String(v ?? '')
			.split(/[,\n]/)
			.map((s) => s.trim())
			.filter(Boolean),
	z.array(z.string()),
);

/** Settings grouped by what one call needs, each read in parallel once per call. */
export const SettingGroups = {
	callbell: z.object({
		[SettingId.CallbellBaseUrl]: str,
		[SettingId.CallbellApiToken]: str,
		[SettingId.CallbellUserMap]: str,
		[SettingId.CallbellSelfLink]: bool,
		[SettingId.CallbellStatusMap]: str,
		[SettingId.CallbellWebhookSecret]: str,
		[SettingId.StatusMirrorFromRocketChat]: bool,
		[SettingId.ApiSecret]: str,
		[SettingId.AllowPrivateHosts]: bool,
	}),
	rocketchat: z.object({
		[SettingId.RocketChatAdminUserId]: str,
		[SettingId.RocketChatAdminToken]: str,
	}),
	omnichannel: z.object({
		[SettingId.OmnichannelFollowStatus]: bool,
		[SettingId.OmnichannelStatusMap]: str,
	}),
	botpenguin: z.object({
		[SettingId.BotPenguinBaseUrl]: str,
		[SettingId.BotPenguinLeadToken]: str,
		[SettingId.BotPenguinApiKey]: str,
		[SettingId.BotPenguinBotId]: str,
		[SettingId.BotPenguinCustomerId]: str,
		[SettingId.BotPenguinSendSubscriberIds]: bool,
		[SettingId.BotPenguinDeleteBatchSize]: int(1, 100),
		[SettingId.BotPenguinAgentMap]: str,
		[SettingId.BotPenguinUuidField]: str,
		[SettingId.LeadCloseOnRoomClose]: bool,
		[SettingId.LeadCloseNoteTitle]: str,
		[SettingId.LeadRoles]: list,
		[SettingId.ContactDeleteRoles]: list,
		[SettingId.AllowPrivateHosts]: bool,
	}),
	delivery: z.object({
		[SettingId.HttpTimeoutMs]: int(100, 10000),
		[SettingId.RetryBaseDelayMs]: int(1, 2000),
		[SettingId.RetryMaxDelayMs]: int(1, 300000),
		[SettingId.RetryMaxAgeMinutes]: int(1, 1440),
		[SettingId.BotPenguinRateLimit]: int(1, 100),
		[SettingId.BotPenguinRateWindowMs]: int(1, 60000),
		[SettingId.CallbellRateLimit]: int(1, 300),
		[SettingId.CallbellRateWindowMs]: int(1, 1000),
		[SettingId.AuditRetentionDays]: int(1, 90),
	}),
};
export type SettingGroup = keyof typeof SettingGroups;
export type Settings<G extends SettingGroup> = z.infer<(typeof SettingGroups)[G]>;

/** Reads one group of settings (one bridge call per setting, in parallel) into a typed snapshot. */
export async function readSettings<G extends SettingGroup>(read: IRead, group: G): Promise<Settings<G>> {
	const schema = SettingGroups[group];
	const reader = read.getEnvironmentReader().getSettings();
	const ids = Object.keys(schema.shape);
	const values = await Promise.all(ids.map((id) => reader.getValueById(id)));
	const raw: Record<string, unknown> = {};
	ids.forEach((id, i) => (raw[id] = values[i]));
	return schema.parse(raw) as Settings<G>;
}

/** Parses `key = value` lines (maps such as callbell_user_map); `#` starts a comment. */
export function parseKeyValueLines(text: string): Map<string, string> {
	const out = new Map<string, string>();
	for (const line of text.split('\n')) {
		const clean = line.replace(/#.*/, '').trim();
		const eq = clean.indexOf('=');
		if (eq <= 0) continue;
		const key = clean.slice(0, eq).trim().toLowerCase();
		const value = clean.slice(eq + 1).trim();
		if (key && value) out.set(key, value);
	}
	return out;
}
