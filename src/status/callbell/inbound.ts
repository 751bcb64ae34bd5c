import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import { isPresence, type Presence, STATUS_TEXT_MAX } from '../../vendors/rocketchat';
import { sameName } from '../model/callbell-map';
import type { StatusStore } from '../model/store';
import type { Applied, ApplyFn, CallbellState, Turn, Want } from '../model/types';
import { callbellNames, rcPresets } from '../presets/lists';
import { findPreset } from '../presets/presets';
import { expectedOf, type Ledgers } from './ledger';
import type { CallbellOutbound } from './outbound';

/** What Callbell's `agent_status_updated` says about one agent. */
export interface CallbellEvent {
	available: boolean;
	customStatusId?: string;
	customStatusName?: string;
	/** Callbell's `lastUpdatedAt` (epoch ms); absent = when it arrived */
	at?: number;
}

/** What Callbell's `agent_session_updated` says about one agent, once mapped (model/session-map.ts). */
export interface CallbellSessionEvent {
	/** the presence callbell_session_map gives the action */
	presence: Presence;
	/** the TeamMember's `available` as the event shows it (Callbell's state: recorded, never sent back) */
	available?: boolean;
}

export interface InboundDeps {
	a: Accessors;
	store: StatusStore;
	ledgers: Ledgers;
	outbound: CallbellOutbound;
	now: () => number;
}

/**
 * Callbell, inbound: what one of its events means for the agent, decided inside the agent's turn
 * (the caller runs these in it and hands over the turn's apply step). Rocket.Chat follows Callbell in
 * Callbell's order (`lastUpdatedAt`); Callbell reporting back what the app sent is recognised by the
 * ledger; an event not newer than the last change applied is old news.
 */
export class CallbellInbound {
	constructor(private readonly d: InboundDeps) {}

	/**
	 * `agent_status_updated`. Ties: Callbell stamps whole units, so two genuine changes can share a
	 * time. A state not yet taken with the time of the last change is a new change; one already taken
	 * is a replay. Availability alone keeps a compatible presence (busy stays busy on "away").
	 */
	public async event(turn: Turn, uuid: string, event: CallbellEvent, apply: ApplyFn): Promise<Applied | 'echo' | 'stale'> {
		const { user, sync } = turn;
		const at = event.at ?? this.d.now();
		const requester = { userId: user.id, username: user.username };
		const custom = await this.customOf(event);
		const newest = sync.seenAt === undefined || at > sync.seenAt;
		if (newest) sync.seenAt = at;
		const state: TiedState = JSON.stringify([event.available, custom ?? null, event.customStatusName ?? null]);
		const tie = sync.tie?.at === at && sync.changedAt === at && !sync.tie.seen.includes(state);
		// taken: applied or recognised as our echo; remembered with its time, so its replay is ignored
		const taken = () => (sync.tie = sync.tie?.at === at ? { at, seen: [...sync.tie.seen, state].slice(-8) } : { at, seen: [state] });
		const seen: CallbellState = { available: event.available, ...(custom !== undefined ? { customStatusUuid: custom } : {}) };
		if (sync.changedAt !== undefined && at <= sync.changedAt && !tie) {
			// Old news, not applied. If it is still the newest Callbell has told (not a replay, not
			// superseded), it may show a field the app's last write left alone: repair that from what
			// Rocket.Chat shows — unless the last change came from Callbell itself (a session event):
			// then the ledger only learns what Callbell has.
			if (newest) {
				await this.d.store.saveSync(user.id, sync);
				await this.d.outbound.resync(turn, uuid, { available: event.available, ...seen }, requester, sync.lastBy !== 'callbell');
			} else if (at === sync.seenAt) {
				// as new as the newest told, and maybe not what the ledger learnt from that one: which Callbell holds is unknown
				await this.d.outbound.unsure(turn, uuid, seen);
			}
			return 'stale';
		}
		const ledger = await this.d.ledgers.of(turn, uuid);
		const known = expectedOf(ledger);
		if (known && known.available === event.available && (custom === undefined || custom === (known.customStatusUuid ?? null))) {
			sync.changedAt = at;
			taken();
			await this.d.store.saveSync(user.id, sync);
			return 'echo';
		}
		const { want, preset } = await this.wantOf(user, event, typeof ledger?.customStatusUuid === 'string');
		// a tie: the states taken before at this time, one of which Callbell may hold instead of this one
		const others = tie ? (sync.tie?.seen ?? []).flatMap(toldState) : [];
		taken();
		const applied = await apply(turn, want, { source: 'webhook', at, requester, callbell: { kind: 'confirmed', state: seen }, ...(preset ? { preset } : {}) });
		const rc = applied.rocketchat;
		if (others.length > 0 && rc.state === 'done' && !rc.waits) await this.d.outbound.tie(turn, uuid, { presence: rc.status, text: rc.statusText }, others, requester);
		return applied;
	}

	/**
	 * `agent_session_updated`: the agent logged in or out of Callbell, mapped to a presence; the status
	 * text stays. The event carries no time of its own (its `lastUpdatedAt` is the member's last *status*
	 * change), so it counts as happening when it arrives and never before anything Callbell has already
	 * told: `max(now, seenAt + 1 ms)`; Callbell stamps whole seconds, so the status change it sends with
	 * a logout does not undo the logout. Nothing is sent to Callbell; its `available` is recorded.
	 */
	public async session(turn: Turn, event: CallbellSessionEvent, apply: ApplyFn): Promise<Applied | 'stale'> {
		const { user, sync } = turn;
		const at = Math.max(this.d.now(), (sync.seenAt ?? Number.NEGATIVE_INFINITY) + 1);
		if (sync.changedAt !== undefined && at <= sync.changedAt) return 'stale';
		const want: Want = { presence: event.presence, text: user.statusText ?? '' };
		return apply(turn, want, { source: 'webhook', at, requester: { userId: user.id, username: user.username }, callbell: { kind: 'seen', ...(event.available !== undefined ? { available: event.available } : {}) } });
	}

	/** The custom status id the event names: its id, or its name looked up; null = none; undefined = not known. */
	private async customOf(event: CallbellEvent): Promise<string | null | undefined> {
		if (event.customStatusId !== undefined) return event.customStatusId;
		if (!event.customStatusName) return null;
		// the kept copy, whatever its age, and no vendor call on a webhook: ids outlive renames, and the
		// app drops the copy whenever it changes Callbell's list itself
		const names = await callbellNames(this.d.store);
		return Object.keys(names).find((id) => sameName(names[id], event.customStatusName as string));
	}

	/** Rocket.Chat's side of Callbell's state: a preset of the same name (named, for time in status), else a presence and the name as text. */
	private async wantOf(user: IUser, event: CallbellEvent, hadCustom: boolean): Promise<{ want: Want; preset?: string }> {
		if (event.customStatusName) {
			const presets = await rcPresets(this.d.a.read, this.d.a.http, this.d.store);
			const preset = presets.ok ? findPreset(presets.value, event.customStatusName) : undefined;
			if (preset) return { want: { presence: preset.statusType, text: preset.name }, preset: preset.name };
		}
		const current: Presence = isPresence(user.status) ? user.status : 'online';
		const presence: Presence = event.available ? 'online' : current === 'online' ? 'away' : current;
		const text = event.customStatusName ? Array.from(event.customStatusName).slice(0, STATUS_TEXT_MAX).join('') : hadCustom ? '' : (user.statusText ?? '');
		return { want: { presence, text } };
	}
}

/** A state Callbell told, as remembered with its time for ties: `[available, custom status id or null, its name or null]`. */
type TiedState = string;

/** The Callbell state a remembered tied state names (a name the app could not match to an id reads as none); none for one that does not read. */
function toldState(told: TiedState): CallbellState[] {
	try {
		const [available, custom] = JSON.parse(told) as unknown[];
		if (typeof available !== 'boolean' || (custom !== null && typeof custom !== 'string')) return [];
		return [{ available, customStatusUuid: custom }];
	} catch {
		return [];
	}
}
