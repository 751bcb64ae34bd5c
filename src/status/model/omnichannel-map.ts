import { isPresence, type OmnichannelStatus, type Presence } from '../../vendors/rocketchat';
import { eachMapLine, type MapProblem } from './maps';

/**
 * `omnichannel_status_map`: which Omnichannel availability each Rocket.Chat presence means, one
 * `presence = available|not-available` per line (`#` starts a comment; `invisible` names `offline`,
 * as Rocket.Chat's menu calls it). Presences not named keep the default: online is available,
 * everything else is not. A line that does not parse is left out (and refused when saved).
 */

export type OmnichannelMap = Record<Presence, OmnichannelStatus>;

export const DEFAULT_OMNICHANNEL_MAP: Readonly<OmnichannelMap> = { online: 'available', away: 'not-available', busy: 'not-available', offline: 'not-available' };

const PRESENCE_ALIASES: Record<string, Presence> = { invisible: 'offline' };
const STATUS_ALIASES: Record<string, OmnichannelStatus> = {
	available: 'available',
	'not-available': 'not-available',
	'not available': 'not-available',
	not_available: 'not-available',
	unavailable: 'not-available',
};

export function parseOmnichannelMap(text: string): { map: OmnichannelMap; problems: MapProblem[] } {
	const map: OmnichannelMap = { ...DEFAULT_OMNICHANNEL_MAP };
	const seen = new Set<Presence>();
	const problems = eachMapLine(text, (key, value) => {
		const presence = PRESENCE_ALIASES[key] ?? (isPresence(key) ? key : undefined);
		const status = STATUS_ALIASES[value.replace(/\s+/g, ' ')];
		if (!presence) return 'presence';
		if (!status) return 'availability';
		if (seen.has(presence)) return 'duplicate';
		seen.add(presence);
		map[presence] = status;
		return undefined;
	});
	return { map, problems };
}

/** Whether Rocket.Chat counts the user as an Omnichannel agent (the role the server's agent look-up requires). */
export const OMNICHANNEL_AGENT_ROLE = 'livechat-agent';
export const isOmnichannelAgent = (user: { roles?: ReadonlyArray<string> }): boolean => Array.isArray(user.roles) && user.roles.includes(OMNICHANNEL_AGENT_ROLE);
