import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { SettingType } from '@rocket.chat/apps-engine/definition/settings';
import * as z from './zod';
import { appSettings } from './settings-cache';

/**
 * Every setting the app declares, one row each: the admin-facing contract (see README's settings
 * table). Its id, type, default (also the fallback when a stored value is unusable), section on the
 * admin page, and the groups that read it together. Everything else (SettingId, the declarations, the
 * zod readers, the secret list) is derived from this table.
 *
 * Kinds: `string` one line · `text` multi-line · `secret` a password field (never echoed) · `bool` ·
 * `int` (≥ `min`) · `list` a comma/line separated list. `emptyIsDefault`: an emptied value reads as the
 * default (a title the app must write something in), not as "not configured".
 */
const TABLE = {
	// Callbell + status
	CallbellBaseUrl: { id: 'callbell_base_url', kind: 'string', default: 'https://api.callbell.eu/v1', section: 'callbell', groups: ['callbell'] },
	CallbellApiToken: { id: 'callbell_api_token', kind: 'secret', default: '', section: 'callbell', groups: ['callbell'] },
	CallbellUserMap: { id: 'callbell_user_map', kind: 'text', default: '', section: 'callbell', groups: ['callbell'] },
	CallbellSelfLink: { id: 'callbell_self_link', kind: 'bool', default: false, section: 'callbell', groups: ['callbell'] },
	CallbellStatusMap: { id: 'callbell_status_map', kind: 'text', default: '', section: 'callbell', groups: ['callbell'] },
	CustomStatusesInCallbell: { id: 'custom_statuses_in_callbell', kind: 'bool', default: false, section: 'callbell', groups: ['callbell'] },
	CallbellWebhookSecret: { id: 'callbell_webhook_secret', kind: 'secret', default: '', section: 'callbell', groups: ['callbell'] },
	// Callbell's `whsec_…` webhook signing secret; checked when set (endpoints/callbell-gate.ts)
	CallbellSigningSecret: { id: 'callbell_signing_secret', kind: 'secret', default: '', section: 'callbell', groups: ['callbell'] },
	CallbellSignatureEnforce: { id: 'callbell_signature_enforce', kind: 'bool', default: false, section: 'callbell', groups: ['callbell'] },
	// `agent_session_updated` sets the agent's presence (status/model/session-map.ts); the map is checked on save
	CallbellSessionPresence: { id: 'callbell_session_presence', kind: 'bool', default: false, section: 'callbell', groups: ['callbell'] },
	CallbellSessionMap: { id: 'callbell_session_map', kind: 'text', default: 'user_logged_in = online\nuser_logged_out = offline\nsystem_logged_out = away', section: 'callbell', groups: ['callbell'] },
	StatusMirrorFromRocketChat: { id: 'status_mirror_from_rocketchat', kind: 'bool', default: true, section: 'status', groups: ['callbell'] },
	// `/st hours` syntax (`mon-fri 09:00-17:30 away`), empty = none; checked on save (settings-guard.ts)
	DefaultWorkingHours: { id: 'default_working_hours', kind: 'string', default: '', section: 'status', groups: ['hours'] },
	RocketChatAdminUserId: { id: 'rocketchat_admin_user_id', kind: 'string', default: '', section: 'status', groups: ['rocketchat'] },
	RocketChatAdminToken: { id: 'rocketchat_admin_token', kind: 'secret', default: '', section: 'status', groups: ['rocketchat'] },
	OmnichannelFollowStatus: { id: 'omnichannel_follow_status', kind: 'bool', default: false, section: 'status', groups: ['omnichannel'] },
	OmnichannelStatusMap: { id: 'omnichannel_status_map', kind: 'text', default: '', section: 'status', groups: ['omnichannel'] },
	StatusManagerRoles: { id: 'status_manager_roles', kind: 'list', default: 'admin, livechat-manager', section: 'status', groups: ['team'] },
	// whom those managers may change: people holding one of these roles (and no role the manager lacks: src/status/manage/rule.ts)
	StatusManagedRoles: { id: 'status_managed_roles', kind: 'list', default: 'livechat-agent', section: 'status', groups: ['team'] },
	StatusBoardRoles: { id: 'status_board_roles', kind: 'list', default: 'livechat-agent, livechat-manager, admin', section: 'status', groups: ['team'] },
	// allowed time per preset (`Lunch=60m, Break=15m`), read by status/timeline/limits.ts; `/st report` counts the holds past it
	StatusPresetLimits: { id: 'status_preset_limits', kind: 'text', default: '', section: 'status', groups: ['team'] },
	// a room (by name) where each hold past its allowed time is also told, for the people who lead the team; empty = the agent only
	StatusOverrunRoom: { id: 'status_overrun_room', kind: 'string', default: '', section: 'status', groups: ['team'] },
	// the status history behind `/st report`: day records older than this go (status/timeline/prune.ts, a daily job)
	StatusTimelineRetentionDays: { id: 'status_timeline_retention_days', kind: 'int', min: 1, default: 90, section: 'status', groups: ['delivery'] },
	// the bot status endpoint's own secret (endpoints/status.ts): read by nothing that talks to Callbell
	ApiSecret: { id: 'api_secret', kind: 'secret', default: '', section: 'status', groups: ['api'] },
	PublicEndpoints: { id: 'public_endpoints', kind: 'bool', default: false, section: 'status', groups: [] },
	// Written by the app on every enable (endpoints/visibility.ts): where admins configure the app, they see the exact URLs.
	EndpointUrls: { id: 'endpoint_urls', kind: 'text', default: '', section: 'status', groups: [] },
	// BotPenguin / Reekolect
	BotPenguinBaseUrl: { id: 'botpenguin_base_url', kind: 'string', default: 'https://api.v7.botpenguin.com', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinLeadToken: { id: 'botpenguin_lead_token', kind: 'secret', default: '', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinApiKey: { id: 'botpenguin_api_key', kind: 'secret', default: '', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinBotId: { id: 'botpenguin_bot_id', kind: 'string', default: '', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinCustomerId: { id: 'botpenguin_customer_id', kind: 'string', default: '', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinSendSubscriberIds: { id: 'botpenguin_send_subscriber_ids', kind: 'bool', default: false, section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinDeleteBatchSize: { id: 'botpenguin_delete_batch_size', kind: 'int', min: 1, default: 100, section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinAgentMap: { id: 'botpenguin_agent_map', kind: 'text', default: '', section: 'botpenguin', groups: ['botpenguin'] },
	BotPenguinUuidField: { id: 'botpenguin_uuid_field', kind: 'string', default: 'botpenguin_uuid', section: 'botpenguin', groups: ['botpenguin'] },
	LeadCloseOnRoomClose: { id: 'lead_close_on_room_close', kind: 'bool', default: false, section: 'botpenguin', groups: ['botpenguin'] },
	LeadCloseNoteTitle: { id: 'lead_close_note_title', kind: 'string', default: 'Closed from Rocket.Chat', emptyIsDefault: true, section: 'botpenguin', groups: ['botpenguin'] },
	// the title of a note given without one (`/lead <uuid> note="text"`, a form line without `title:`)
	LeadNoteTitle: { id: 'lead_note_title', kind: 'string', default: 'Note from Rocket.Chat', emptyIsDefault: true, section: 'botpenguin', groups: ['botpenguin'] },
	LeadRoles: { id: 'lead_roles', kind: 'list', default: 'livechat-agent, livechat-manager, admin', section: 'botpenguin', groups: ['botpenguin'] },
	ContactDeleteRoles: { id: 'contact_delete_roles', kind: 'list', default: 'admin', section: 'botpenguin', groups: ['botpenguin'] },
	// Delivery
	HttpTimeoutMs: { id: 'http_timeout_ms', kind: 'int', min: 100, default: 10000, section: 'delivery', groups: ['delivery'] },
	AllowPrivateHosts: { id: 'allow_private_hosts', kind: 'bool', default: false, section: 'delivery', groups: ['callbell', 'botpenguin'] },
	RetryBaseDelayMs: { id: 'retry_base_delay_ms', kind: 'int', min: 1, default: 2000, section: 'delivery', groups: ['delivery'] },
	RetryMaxDelayMs: { id: 'retry_max_delay_ms', kind: 'int', min: 1, default: 300000, section: 'delivery', groups: ['delivery'] },
	RetryMaxAgeMinutes: { id: 'retry_max_age_minutes', kind: 'int', min: 1, default: 1440, section: 'delivery', groups: ['delivery'] },
	BotPenguinRateLimit: { id: 'botpenguin_rate_limit', kind: 'int', min: 1, default: 100, section: 'delivery', groups: ['delivery'] },
	BotPenguinRateWindowMs: { id: 'botpenguin_rate_window_ms', kind: 'int', min: 1, default: 60000, section: 'delivery', groups: ['delivery'] },
	CallbellRateLimit: { id: 'callbell_rate_limit', kind: 'int', min: 1, default: 300, section: 'delivery', groups: ['delivery'] },
	CallbellRateWindowMs: { id: 'callbell_rate_window_ms', kind: 'int', min: 1, default: 1000, section: 'delivery', groups: ['delivery'] },
	AuditRetentionDays: { id: 'audit_retention_days', kind: 'int', min: 1, default: 90, section: 'delivery', groups: ['delivery'] },
} as const satisfies Record<string, Row>;

type Kind = 'string' | 'text' | 'secret' | 'bool' | 'int' | 'list';
/** Settings read together by one kind of call (one snapshot each). */
const GROUP_NAMES = ['callbell', 'rocketchat', 'botpenguin', 'delivery', 'team', 'hours', 'omnichannel', 'api'] as const;
type Group = (typeof GROUP_NAMES)[number];
interface Row {
	id: string;
	kind: Kind;
	default: string | number | boolean;
	min?: number;
	emptyIsDefault?: boolean;
	section: 'callbell' | 'status' | 'botpenguin' | 'delivery';
	groups: ReadonlyArray<Group>;
}
type Table = typeof TABLE;
type Rows = Table[keyof Table];

export const SettingId = Object.fromEntries(Object.entries(TABLE).map(([key, row]) => [key, row.id])) as { readonly [K in keyof Table]: Table[K]['id'] };
export type SettingId = Rows['id'];

const ROWS: ReadonlyArray<Row> = Object.values(TABLE);

/** Settings whose values are secrets: password fields, never echoed anywhere. */
export const SECRET_SETTINGS: ReadonlyArray<SettingId> = ROWS.filter((r) => r.kind === 'secret').map((r) => r.id as SettingId);

const SETTING_TYPE: Record<Kind, SettingType> = {
	string: SettingType.STRING,
	text: SettingType.STRING,
	secret: SettingType.PASSWORD,
	bool: SettingType.BOOLEAN,
	int: SettingType.NUMBER,
	list: SettingType.STRING,
};

/** What the App declares: one ISetting per row, labels from the i18n catalogues. */
export const SETTINGS: ReadonlyArray<ISetting> = ROWS.map((r) => ({
	id: r.id,
	type: SETTING_TYPE[r.kind],
	packageValue: r.default,
	required: false,
	public: false,
	...(r.kind === 'text' ? { multiline: true } : {}),
	section: r.section,
	i18nLabel: `setting_${r.id}_label`,
	i18nDescription: `setting_${r.id}_description`,
}));

/** How a stored value is read back: anything unusable becomes the row's default. */
function schemaOf(r: Row): z.ZodMiniType {
	switch (r.kind) {
		case 'bool':
			return z.pipe(z.transform((v: unknown) => (v === undefined || v === null || v === '' ? r.default : v === true || v === 'true')), z.boolean());
		case 'int':
			return z.pipe(
				z.transform((v: unknown) => {
					const n = typeof v === 'number' ? v : Number(v);
					return Number.isFinite(n) && n >= (r.min ?? 0) ? Math.floor(n) : r.default;
				}),
				// whole already (floored): zod's z.int() would also refuse past 2^53, which the admin may type
				z.number(),
			);
		case 'list':
			return z.pipe(
				z.transform((v: unknown) =>
					String(v ?? '')
						.split(/[,\n]/)
						.map((s) => s.trim())
						.filter(Boolean),
				),
				z.array(z.string()),
			);
		default:
			return z.pipe(
				z.transform((v: unknown) => {
					const value = v === undefined || v === null ? '' : String(v).trim();
					return value === '' && r.emptyIsDefault ? r.default : value;
				}),
				z.string(),
			);
	}
}

type ValueOf<R extends Row> = R['kind'] extends 'bool' ? boolean : R['kind'] extends 'int' ? number : R['kind'] extends 'list' ? string[] : string;
export type SettingGroup = Group;
/** One group's snapshot, typed from the table. */
export type Settings<G extends SettingGroup> = { [R in Rows as G extends R['groups'][number] ? R['id'] : never]: ValueOf<R> };

const GROUPS = Object.fromEntries(
	GROUP_NAMES.map((g) => [g, z.object(Object.fromEntries(ROWS.filter((r) => r.groups.includes(g)).map((r) => [r.id, schemaOf(r)])))]),
) as unknown as Record<Group, z.ZodMiniObject>;

/** The ids one group reads. */
export const groupIds = (group: SettingGroup): string[] => Object.keys(GROUPS[group].shape);

/**
 * Reads one group of settings into a typed snapshot, through the app's settings cache (src/settings-cache.ts):
 * values come from the engine once and are reused until a setting changes.
 */
export async function readSettings<G extends SettingGroup>(read: IRead, group: G): Promise<Settings<G>> {
	const values = await appSettings.values(read, groupIds(group));
	return GROUPS[group].parse(values) as Settings<G>;
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
