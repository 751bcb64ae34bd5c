import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import { readSettings, SettingId } from '../../settings';
import { isPresence, type Presence, STATUS_TEXT_MAX } from '../../vendors/rocketchat';
import { StatusSync } from './turn';
import type { StatusDeps } from './deps';
import { sameName } from '../model/callbell-map';
import { findPreset, rcPresets } from '../presets/presets';
import { type SyncRecord, takeEcho } from '../model/store';
import type { Applied, ApplyOptions, Want } from '../model/types';

/** What Callbell's `agent_status_updated` says about one agent. */
export interface CallbellEvent {
	available: boolean;
	customStatusId?: string;
	customStatusName?: string;
	/** Callbell's `lastUpdatedAt` (epoch ms); absent = when it arrived */
	at?: number;
}

/** What Callbell's `agent_session_updated` says about one agent, once mapped (session-map.ts). */
export interface CallbellSessionEvent {
	/** the presence callbell_session_map gives the action */
	presence: Presence;
	/** the TeamMember's `available` as the event shows it (Callbell's state: recorded, never sent back) */
	available?: boolean;
}

/**
 * The sources of a change, each entering the one per-agent path (StatusSync.run):
 * - the app's own requests (`/st`, the form, the bot endpoint): applied in the order they arrive;
 * - Rocket.Chat's status event: the echo of an app write is dropped, so is an event Rocket.Chat has
 *   already moved on from; anything else is the agent's own change and goes to Callbell;
 * - Callbell's webhook: ordered by Callbell's own `lastUpdatedAt`; an event not newer than the last
 *   change applied (an older one arriving late, or a replay) is ignored, and Callbell reporting back
 *   what the app sent is recognised by the ledger;
 * - Callbell's session events (login, logout): ordered by when they arrive, after anything Callbell
 *   has already told (see fromCallbellSession);
 * - the timer job: restores only while its change is still the newest one.
 */
export class StatusSources {
	constructor(
		private readonly d: StatusDeps,
		private readonly sync: StatusSync,
	) {}

	public request(user: IUser, want: Want, opts: ApplyOptions): Promise<Applied> {
		return this.sync.run(user, (turn) => this.sync.apply(turn, want, opts));
	}

	/** `/st clear`: text and timer go, presence stays. Says whether a timer was running. */
	public clear(user: IUser, requester: Requester): Promise<{ applied: Applied; hadTimer: boolean }> {
		return this.sync.run(user, async (turn) => {
			const timer = await this.sync.timer(turn);
			const hadTimer = !!timer && timer.token === StatusSync.token(turn.sync) && timer.until > this.d.now();
			const presence = isPresence(turn.user.status) ? turn.user.status : 'online';
			const applied = await this.sync.apply(turn, { presence, text: '' }, { source: 'command', requester });
			return { applied, hadTimer };
		});
	}

	/** IPostUserStatusChanged: the app's own echo is dropped; a change made in Rocket.Chat goes to Callbell. */
	public fromRocketChat(user: IUser, currentStatus: string): Promise<Applied | undefined> {
		if (!user?.id || String(user.type) === 'app' || String(user.type) === 'bot') return Promise.resolve(undefined);
		// Every presence flip of every user reaches the app: for an agent linked to nothing, with no timer
		// running and no write of ours to recognise, there is nothing to do (two reads: sync record, link).
		// The echo of the app's own write is recognised from the sync record alone.
		const settled = async (sync: SyncRecord): Promise<{ result: undefined; save?: boolean } | undefined> => {
			const { echo, rest } = takeEcho(sync, currentStatus, user.statusText, this.d.now());
			if (echo) {
				sync.echoes = rest;
				return { result: undefined, save: true };
			}
			if (rest.length !== sync.echoes.length || StatusSync.mayHaveTimer(sync)) return undefined;
			// Rocket.Chat repeating the state the newest change applied (a reconnect, a second client): no change
			const same = sync.applied?.status === currentStatus && (user.statusText === undefined || sync.applied.statusText === user.statusText);
			if (same) return { result: undefined };
			return (await this.sync.linkedToSomething(user)) ? undefined : { result: undefined };
		};
		return this.sync.run(user, async (turn) => {
			// (not an echo: `settled` took those) forget the writes whose echo is overdue
			const { rest } = takeEcho(turn.sync, currentStatus, user.statusText, this.d.now());
			if (rest.length !== turn.sync.echoes.length) {
				turn.sync.echoes = rest;
				await this.d.store.saveSync(user.id, turn.sync);
			}
			// Rocket.Chat has moved on since this event (a later change is already there): it is history, not a change.
			const now = turn.user;
			if (now.status !== currentStatus || (user.statusText !== undefined && (now.statusText ?? '') !== user.statusText)) return undefined;
			if (!isPresence(currentStatus)) return undefined;
			if (!(await readSettings(this.d.a.read, 'callbell'))[SettingId.StatusMirrorFromRocketChat]) {
				// The agent changed status: a running timer must not undo it, mirrored or not.
				await this.sync.dropTimer(turn);
				return undefined;
			}
			return this.sync.apply(turn, { presence: currentStatus, text: user.statusText ?? now.statusText ?? '' }, { source: 'rocketchat', requester: { userId: user.id, username: user.username } });
		}, settled);
	}

	/**
	 * Callbell's `agent_status_updated`: Rocket.Chat follows Callbell, in Callbell's order. Callbell
	 * also reports the changes the app itself made there, so a state equal to the ledger is our own
	 * echo and ignored. Availability alone keeps a compatible presence (busy stays busy when Callbell
	 * says "away").
	 */
	public fromCallbell(user: IUser, event: CallbellEvent): Promise<Applied | 'echo' | 'stale'> {
		return this.sync.run(user, async (turn) => {
			const at = event.at ?? this.d.now();
			const requester = { userId: user.id, username: user.username };
			let customId = event.customStatusId;
			if (customId === undefined && event.customStatusName) {
				const hit = await this.d.store.cache<{ id: string; name: string }>('callbell-statuses');
				customId = hit?.list.find((s) => sameName(s.name, event.customStatusName as string))?.id;
			}
			const custom = customId ?? (event.customStatusName ? undefined : null);
			const newest = turn.sync.seenAt === undefined || at > turn.sync.seenAt;
			if (newest) turn.sync.seenAt = at;
			const state = JSON.stringify([event.available, custom ?? null, event.customStatusName ?? null]);
			const tie = turn.sync.tie?.at === at && turn.sync.changedAt === at && !turn.sync.tie.seen.includes(state);
			// taken: applied or recognised as our echo; remembered with its time, so its replay is ignored
			const taken = () => (turn.sync.tie = turn.sync.tie?.at === at ? { at, seen: [...turn.sync.tie.seen, state].slice(-8) } : { at, seen: [state] });
			if (turn.sync.changedAt !== undefined && at <= turn.sync.changedAt && !tie) {
				// Old news, not applied. If it is still the newest Callbell has told (not a replay, not
				// superseded) and the last change was the app's, it may show a field that change's write left
				// alone: repair that from what Rocket.Chat shows.
				// After a Callbell session event (lastBy 'callbell', ordered at its arrival) it still tells what
				// Callbell has now: the ledger learns it, nothing is sent.
				if (newest) {
					await this.d.store.saveSync(user.id, turn.sync);
					const seen = { available: event.available, ...(custom !== undefined ? { customStatusUuid: custom } : {}) };
					await this.sync.resync(turn, seen, requester, turn.sync.lastBy !== 'callbell');
				}
				return 'stale';
			}
			const ledger = await this.sync.mirror.ledger(user.id);
			const known = ledger?.pending?.after ?? ledger;
			if (known && known.available === event.available && (custom === undefined || custom === (known.customStatusUuid ?? null))) {
				turn.sync.changedAt = at;
				taken();
				await this.d.store.saveSync(user.id, turn.sync);
				return 'echo';
			}

			const current: Presence = isPresence(turn.user.status) ? turn.user.status : 'online';
			const currentText = turn.user.statusText ?? '';
			let want: Want;
			const presets = event.customStatusName ? await rcPresets(this.d.a.read, this.d.a.http, this.d.store) : undefined;
			const preset = presets?.ok && event.customStatusName ? findPreset(presets.value, event.customStatusName) : undefined;
			if (preset) {
				want = { presence: preset.statusType, text: preset.name };
			} else {
				const presence: Presence = event.available ? 'online' : current === 'online' ? 'away' : current;
				const hadCustom = typeof ledger?.customStatusUuid === 'string';
				const text = event.customStatusName ? Array.from(event.customStatusName).slice(0, STATUS_TEXT_MAX).join('') : hadCustom ? '' : currentText;
				want = { presence, text };
			}
			taken();
			return this.sync.apply(turn, want, {
				source: 'webhook',
				at,
				requester,
				callbellConfirmed: { available: event.available, ...(custom !== undefined ? { customStatusUuid: custom } : {}) },
			});
		});
	}

	/**
	 * Callbell's `agent_session_updated`: the agent logged in or out of Callbell, mapped to a presence;
	 * the status text stays. The event carries no time of its own (its TeamMember's `lastUpdatedAt` is
	 * the member's last *status* change, not the session's), so it counts as happening when it arrives,
	 * and never before anything Callbell has already told about the agent: `max(now, seenAt + 1 ms)`.
	 * A status event arriving after it is applied only if its own `lastUpdatedAt` is newer; Callbell
	 * stamps whole seconds, so the status change it sends with a logout does not undo the logout.
	 * Callbell already knows its own sessions: nothing is sent there; its `available` is recorded, and a
	 * change of the app's still queued for Callbell is taken back (it followed an older state).
	 */
	public fromCallbellSession(user: IUser, event: CallbellSessionEvent): Promise<Applied | 'stale'> {
		return this.sync.run(user, async (turn) => {
			const at = Math.max(this.d.now(), (turn.sync.seenAt ?? Number.NEGATIVE_INFINITY) + 1);
			if (turn.sync.changedAt !== undefined && at <= turn.sync.changedAt) return 'stale';
			const want: Want = { presence: event.presence, text: turn.user.statusText ?? '' };
			return this.sync.apply(turn, want, {
				source: 'webhook',
				at,
				requester: { userId: user.id, username: user.username },
				callbellSeen: event.available !== undefined ? { available: event.available } : {},
			});
		});
	}

	/** The expiry job: restore what was there before, unless the agent changed status since. */
	public async expire(userId: string, token: string): Promise<Applied | undefined> {
		const user = await this.d.a.read.getUserReader().getById(userId);
		if (!user) return undefined;
		return this.sync.run(user, async (turn) => {
			const timer = await this.d.store.timer(userId);
			if (!timer || timer.token !== token) return undefined;
			await this.d.store.clearTimer(userId);
			if (StatusSync.token(turn.sync) !== token) return undefined;
			const prior = timer.restore.callbell;
			const callbell = prior && prior.available !== undefined ? { available: prior.available, customStatusUuid: prior.customStatusUuid ?? null } : undefined;
			const want = { presence: timer.restore.rc.status, text: timer.restore.rc.statusText };
			return this.sync.apply(turn, want, { source: 'timer', requester: { userId, username: turn.user.username }, ...(callbell ? { callbell } : {}) });
		});
	}
}
