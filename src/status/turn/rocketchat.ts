import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import { readSettings, SettingId } from '../../settings';
import { isPresence } from '../../vendors/rocketchat';
import type { Identity } from '../model/identity';
import { isOmnichannelAgent } from '../model/omnichannel-map';
import { mayHaveTimer, type StatusStore, type SyncRecord, takeEcho } from '../model/store';
import type { Applied, ApplyFn } from '../model/types';
import type { OmnichannelFollow } from '../omnichannel/follow';
import type { TimelineStore } from '../timeline/store';
import { recordChange } from './record';
import type { Timers } from './timer';
import type { AgentTurns } from './turn';

export interface RocketChatEventDeps {
	a: Accessors;
	store: StatusStore;
	identity: Identity;
	omnichannel: OmnichannelFollow;
	turns: AgentTurns;
	timers: Timers;
	timeline: TimelineStore;
	apply: ApplyFn;
	now: () => number;
}

/**
 * IPostUserStatusChanged, Rocket.Chat as a source: the echo of an app write is dropped, so is an event
 * Rocket.Chat has already moved on from; anything else is the agent's own change and goes to Callbell
 * (`status_mirror_from_rocketchat`). Every presence flip of every user reaches the app: for an agent
 * linked to nothing, with no timer running and no write of ours to recognise, there is nothing to do
 * (two reads: sync record, link) but, for an agent the app knows, a line in their time in status; the
 * echo of the app's own write is recognised from the sync record alone.
 */
export function fromRocketChat(d: RocketChatEventDeps, user: IUser, currentStatus: string): Promise<Applied | undefined> {
	if (!user?.id || String(user.type) === 'app' || String(user.type) === 'bot') return Promise.resolve(undefined);
	const settled = async (sync: SyncRecord): Promise<{ result: undefined; save?: boolean } | undefined> => {
		const { echo, rest } = takeEcho(sync, currentStatus, user.statusText, d.now());
		if (echo) {
			sync.echoes = rest;
			return { result: undefined, save: true };
		}
		if (rest.length !== sync.echoes.length || mayHaveTimer(sync)) return undefined;
		// Rocket.Chat repeating the state the newest change applied (a reconnect, a second client): no change
		const same = sync.applied?.status === currentStatus && (user.statusText === undefined || sync.applied.statusText === user.statusText);
		if (same) return { result: undefined };
		const followed = (await d.identity.callbellUuid(user)) !== undefined || (await d.omnichannel.applies(user));
		if (followed) return undefined;
		// Time in status still counts an agent the app knows (an Omnichannel agent, or anyone the app has
		// changed): the flip is recorded under the in-process lock, without the turn's claim (a user's
		// presence events reach the instance they happened on); everyone else costs nothing more.
		if (isPresence(currentStatus) && (sync.seq > 0 || isOmnichannelAgent(user))) {
			await recordChange(d, user, { at: d.now(), presence: currentStatus, text: user.statusText ?? '', source: 'rocketchat', requester: { userId: user.id, username: user.username } });
		}
		return { result: undefined };
	};
	return d.turns.run(
		user,
		async (turn) => {
			// (not an echo: `settled` took those) forget the writes whose echo is overdue
			const { rest } = takeEcho(turn.sync, currentStatus, user.statusText, d.now());
			if (rest.length !== turn.sync.echoes.length) {
				turn.sync.echoes = rest;
				await d.store.saveSync(user.id, turn.sync);
			}
			// Rocket.Chat has moved on since this event (a later change is already there): it is history, not a change.
			const now = turn.user;
			if (now.status !== currentStatus || (user.statusText !== undefined && (now.statusText ?? '') !== user.statusText)) return undefined;
			if (!isPresence(currentStatus)) return undefined;
			if (!(await readSettings(d.a.read, 'callbell'))[SettingId.StatusMirrorFromRocketChat]) {
				// The agent changed status: a running timer must not undo it, mirrored or not.
				await d.timers.drop(turn);
				await recordChange(d, now, { at: d.now(), presence: currentStatus, text: user.statusText ?? now.statusText ?? '', source: 'rocketchat', requester: { userId: user.id, username: user.username } });
				return undefined;
			}
			const text = user.statusText ?? now.statusText ?? '';
			return d.apply(turn, { presence: currentStatus, text }, { source: 'rocketchat', requester: { userId: user.id, username: user.username } });
		},
		settled,
	);
}
