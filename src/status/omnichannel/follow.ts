import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { InFlightDelivery, Requester } from '../../delivery/outbox';
import { savedText } from '../../i18n';
import { readSettings, SettingId } from '../../settings';
import type { Accessors } from '../../accessors';
import { isOmnichannelAgent, parseOmnichannelMap } from '../model/omnichannel-map';
import type { OmnichannelRecord } from '../model/store';
import type { OcOutcome, Want } from '../model/types';

/**
 * The Omnichannel half of a status change: with `omnichannel_follow_status` on, an Omnichannel agent's
 * availability follows their presence (`omnichannel_status_map`), through the outbox (kind
 * `omnichannel.status`: repeat-safe, a newer one replaces an older one still waiting for the same
 * agent). Users without the `livechat-agent` role are skipped without a call.
 *
 * Every change re-asserts the availability, even when the app last confirmed the same one: an agent
 * can toggle it in Rocket.Chat's Omnichannel menu, which no event or accessor tells the app about.
 * What Rocket.Chat confirmed, and the last attempt, are kept on the agent's sync record (store.ts) for
 * `/st list` and the team board (replies/known.ts).
 */
export class OmnichannelFollow {
	constructor(private readonly d: { a: Accessors; outbox: InFlightDelivery; now: () => number }) {}

	/** Whether a change of `user` reaches Omnichannel at all (no engine call: settings are cached). */
	public async applies(user: IUser): Promise<boolean> {
		return (await readSettings(this.d.a.read, 'omnichannel'))[SettingId.OmnichannelFollowStatus] && isOmnichannelAgent(user);
	}

	/** What `follow` answers without a call when the user's availability does not follow their status; undefined when it does. */
	public async skipped(user: IUser): Promise<OcOutcome | undefined> {
		if (!(await readSettings(this.d.a.read, 'omnichannel'))[SettingId.OmnichannelFollowStatus]) return { state: 'off' };
		return isOmnichannelAgent(user) ? undefined : { state: 'not_agent' };
	}

	/**
	 * Sets the availability `want` maps to. `record` is what the agent's sync record holds; the answer
	 * carries the record to keep there (none when nothing was asked of Omnichannel).
	 */
	public async follow(user: IUser, want: Want, requester: Requester, record: OmnichannelRecord = {}): Promise<{ outcome: OcOutcome; record?: OmnichannelRecord }> {
		const settings = await readSettings(this.d.a.read, 'omnichannel');
		if (!settings[SettingId.OmnichannelFollowStatus]) return { outcome: { state: 'off' } };
		if (!isOmnichannelAgent(user)) return { outcome: { state: 'not_agent' } };
		const status = parseOmnichannelMap(settings[SettingId.OmnichannelStatusMap]).map[want.presence];
		const outcome = await this.d.outbox.submit({ kind: 'omnichannel.status', agentId: user.id, status }, requester, savedText('st_oc_label'), `omnichannel:${user.id}`);
		const at = this.d.now();
		switch (outcome.state) {
			case 'done':
				return { outcome: { state: 'done', status }, record: { confirmed: status, confirmedAt: at, last: { at, target: status, state: 'done' } } };
			case 'queued':
				return {
					outcome: { state: 'queued', status, ...(outcome.error ? { error: outcome.error } : {}) },
					record: { ...record, last: { at, target: status, state: 'queued', outboxId: outcome.id, ...(outcome.error ? { error: outcome.error } : {}) } },
				};
			case 'failed':
			case 'unknown': // an availability is safe to repeat, so delivery never leaves one unknown
				return { outcome: { state: 'failed', status, error: outcome.error }, record: { ...record, last: { at, target: status, state: 'failed', outboxId: outcome.id, error: outcome.error } } };
		}
	}
}
