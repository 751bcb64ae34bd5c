import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { AppContext } from '../context';
import { Outbox, type Requester } from '../delivery/outbox';
import type { Accessors } from '../feature';
import { translator, userLocale } from '../i18n';
import { parseKeyValueLines, readSettings, SettingId } from '../settings';
import type { CallbellStatusChange } from '../vendors/callbell';
import type { VendorFailure } from '../vendors/errors';
import { type CustomUserStatus, isPresence, type Presence } from '../vendors/rocketchat';
import { applied, callbellTarget, changeFor, isEmptyChange, parseStatusMap, sameName, type Target } from './mapping';
import { callbellStatuses, findPreset, rcPresets } from './presets';
import { GUARD_TTL_MS, type Ledger, type RcState, StatusStore } from './store';

/**
 * The status service: one entry (`apply`) for every source — the `/st` command, the bot endpoint,
 * the Callbell webhook, the Rocket.Chat status event and the expiry job. It writes Rocket.Chat
 * (user updater, with a loop-guard marker), works out the Callbell target, and sends it through
 * the outbox only when it differs from the ledger of what Callbell last applied.
 */

export const EXPIRE_JOB = 'status.expire';

/** Where a change came from: decides what is written where (and what is never sent back). */
export type Source = 'command' | 'api' | 'webhook' | 'rocketchat' | 'timer';

export type RcOutcome = { state: 'done'; status: Presence; statusText: string; until?: number } | { state: 'failed'; reason: string };

export type CbOutcome =
	| { state: 'done'; ledger: Ledger }
	| { state: 'unchanged'; ledger: Ledger }
	| { state: 'not_linked' }
	| { state: 'queued'; ledger: Ledger; error?: VendorFailure }
	| { state: 'failed'; error: VendorFailure };

export interface Applied {
	rocketchat: RcOutcome;
	callbell: CbOutcome;
	/** Callbell custom status names by id, for replies. */
	callbellNames: Record<string, string>;
}

export interface Want {
	presence: Presence;
	text: string;
	until?: number;
}

export interface ApplyOptions {
	source: Source;
	requester: Requester;
	/** Use this Callbell target instead of the mapping (timer restore). */
	callbell?: Target;
	/** Callbell already has this (webhook): record it, send nothing. */
	callbellConfirmed?: Ledger;
}

export class StatusService {
	public readonly store: StatusStore;
	private readonly outbox: Outbox;

	constructor(
		private readonly ctx: AppContext,
		private readonly a: Accessors,
	) {
		this.store = new StatusStore(a.read.getPersistenceReader(), a.persis);
		this.outbox = new Outbox(ctx, a.read, a.persis, a.http, a.modify);
	}

	// ------------------------------------------------------------------ links
	/** The agent's Callbell user: a self link first, then `callbell_user_map` by email. */
	public async callbellUuid(user: IUser): Promise<string | undefined> {
		const own = await this.store.link(user.id);
		if (own) return own;
		const map = parseKeyValueLines((await readSettings(this.a.read, 'callbell'))[SettingId.CallbellUserMap]);
		for (const email of emailsOf(user)) {
			const uuid = map.get(email);
			if (uuid) return uuid;
		}
		return undefined;
	}

	public async link(user: IUser, uuid: string): Promise<void> {
		await this.store.saveLink(user.id, uuid);
		await this.remember(user);
	}

	/** Finds a Rocket.Chat user by username or email (the bot endpoint and the webhook). */
	public async findUser(who: string): Promise<IUser | undefined> {
		const name = who.trim().replace(/^@/, '');
		const reader = this.a.read.getUserReader();
		if (!name.includes('@')) return (await reader.getByUsername(name)) ?? undefined;
		const email = name.toLowerCase();
		const known = await this.store.userIdByEmail(email);
		if (known) {
			const user = await reader.getById(known);
			if (user && emailsOf(user).includes(email)) return user;
		}
		// Not seen yet: usernames are often the email's local part; accept only if the email matches.
		const guess = await reader.getByUsername(email.split('@')[0]);
		if (guess && emailsOf(guess).includes(email)) {
			await this.store.rememberEmail(email, guess.id);
			return guess;
		}
		return undefined;
	}

	// ------------------------------------------------------------------ presets
	public presets(fresh = false) {
		return rcPresets(this.a.read, this.a.http, this.store, fresh);
	}

	public async preset(name: string): Promise<{ ok: true; preset?: CustomUserStatus } | { ok: false; error: VendorFailure }> {
		const list = await this.presets();
		if (!list.ok) return { ok: false, error: list.error };
		return { ok: true, preset: findPreset(list.value, name) };
	}

	// ------------------------------------------------------------------ the one entry
	public async apply(user: IUser, want: Want, opts: ApplyOptions): Promise<Applied> {
		await this.remember(user);
		const before: RcState = { status: isPresence(user.status) ? user.status : 'online', statusText: user.statusText ?? '' };
		const oldToken = await this.store.token(user.id);
		const oldTimer = await this.store.timer(user.id);
		const ledgerBefore = await this.ledger(user.id);
		const token = await this.store.renewToken(user.id);

		// Timer: remember what to go back to (a timer over a live timer keeps the original "before").
		if (want.until !== undefined) {
			const inherited = oldTimer && oldTimer.token === oldToken ? oldTimer.restore : undefined;
			const restore = inherited ?? { rc: before, callbell: ledgerBefore ? { available: ledgerBefore.available, customStatusUuid: ledgerBefore.customStatusUuid } : undefined };
			await this.store.saveTimer(user.id, { token, until: want.until, restore });
			await this.a.modify.getScheduler().scheduleOnce({ id: EXPIRE_JOB, when: new Date(want.until), data: { userId: user.id, token } });
		} else if (oldTimer) {
			await this.store.clearTimer(user.id);
		}

		// Rocket.Chat (not for changes that came from Rocket.Chat itself).
		let rocketchat: RcOutcome = { state: 'done', status: want.presence, statusText: want.text, ...(want.until !== undefined ? { until: want.until } : {}) };
		if (opts.source !== 'rocketchat' && (before.status !== want.presence || before.statusText !== want.text)) {
			await this.store.saveGuard(user.id, { status: want.presence, statusText: want.text, at: Date.now() });
			try {
				const done = await this.a.modify.getUpdater().getUserUpdater().updateStatus(user, want.text, want.presence);
				if (done === false) rocketchat = { state: 'failed', reason: 'user updater refused' };
			} catch (e) {
				rocketchat = { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
			}
			if (rocketchat.state === 'failed') await this.store.clearGuard(user.id);
		}

		const names: Record<string, string> = {};
		const callbell = await this.mirror(user, want, opts, ledgerBefore, names);
		return { rocketchat, callbell, callbellNames: names };
	}

	/** The Callbell half of `apply`. */
	private async mirror(user: IUser, want: Want, opts: ApplyOptions, ledger: Ledger | undefined, names: Record<string, string>): Promise<CbOutcome> {
		const uuid = await this.callbellUuid(user);
		if (!uuid) return { state: 'not_linked' };
		if (opts.callbellConfirmed) {
			await this.dropPending(ledger);
			const next: Ledger = { available: opts.callbellConfirmed.available ?? ledger?.available, customStatusUuid: opts.callbellConfirmed.customStatusUuid !== undefined ? opts.callbellConfirmed.customStatusUuid : ledger?.customStatusUuid };
			await this.store.saveLedger(user.id, next);
			return { state: 'unchanged', ledger: next };
		}

		let target = opts.callbell;
		if (!target) {
			const settings = await readSettings(this.a.read, 'callbell');
			const rules = parseStatusMap(settings[SettingId.CallbellStatusMap]);
			let customStatuses: Array<{ id: string; name: string }> | undefined = [];
			if (want.text.trim()) {
				const list = await callbellStatuses(this.a.read, this.a.http, this.store);
				if (list.ok) customStatuses = list.value;
				else if (list.error.kind === 'unavailable' || list.error.kind === 'rate_limited') customStatuses = undefined;
				else return { state: 'failed', error: list.error };
			}
			for (const s of customStatuses ?? []) names[s.id] = s.name;
			target = callbellTarget(want.presence, want.text, customStatuses, rules);
		} else {
			const hit = await this.store.cache<{ id: string; name: string }>('callbell-statuses');
			for (const s of hit?.list ?? []) names[s.id] = s.name;
		}

		const change = changeFor(target, ledger);
		if (isEmptyChange(change)) {
			await this.dropPending(ledger);
			const next: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
			if (ledger?.pending) await this.store.saveLedger(user.id, next);
			return { state: 'unchanged', ledger: next };
		}
		return this.send(user, uuid, change, ledger, opts.requester);
	}

	private async send(user: IUser, uuid: string, change: CallbellStatusChange, ledger: Ledger | undefined, requester: Requester): Promise<CbOutcome> {
		const outcome = await this.outbox.submit({ kind: 'callbell.status', userUuid: uuid, change }, requester, translator(userLocale(user))('st_cb_label'), `callbell:${user.id}`);
		const after = applied(ledger, change);
		const confirmed: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
		switch (outcome.state) {
			case 'done':
				await this.store.saveLedger(user.id, after);
				return { state: 'done', ledger: after };
			case 'queued':
				await this.store.saveLedger(user.id, { ...confirmed, pending: { outboxId: outcome.id, after } });
				return { state: 'queued', ledger: after, ...(outcome.error ? { error: outcome.error } : {}) };
			case 'failed':
			case 'unknown': // a status is safe to repeat, so delivery never leaves one unknown; kept exhaustive
				await this.store.saveLedger(user.id, confirmed);
				return { state: 'failed', error: outcome.error };
		}
	}

	/** The ledger, with a queued change promoted once the outbox delivered it (a failed or dropped one is not). */
	public async ledger(userId: string): Promise<Ledger | undefined> {
		const ledger = await this.store.ledger(userId);
		if (!ledger?.pending) return ledger;
		const fate = await this.outbox.fate(ledger.pending.outboxId);
		if (fate === 'waiting') return ledger;
		const next: Ledger = fate === 'delivered' ? { ...ledger.pending.after } : { available: ledger.available, customStatusUuid: ledger.customStatusUuid };
		await this.store.saveLedger(userId, next);
		return next;
	}

	/** A queued change that is no longer wanted (the target went back to what Callbell has). */
	private async dropPending(ledger: Ledger | undefined): Promise<void> {
		if (!ledger?.pending) return;
		await this.outbox.withdraw(ledger.pending.outboxId);
	}

	private async remember(user: IUser): Promise<void> {
		for (const email of emailsOf(user)) await this.store.rememberEmail(email, user.id);
	}

	// ------------------------------------------------------------------ other entries
	/** `/st clear`: text and timer go, presence stays. Says whether a timer was running. */
	public async clear(user: IUser, requester: Requester): Promise<{ applied: Applied; hadTimer: boolean }> {
		const timer = await this.store.timer(user.id);
		const hadTimer = !!timer && timer.token === (await this.store.token(user.id)) && timer.until > Date.now();
		const presence = isPresence(user.status) ? user.status : 'online';
		const result = await this.apply(user, { presence, text: '' }, { source: 'command', requester });
		return { applied: result, hadTimer };
	}

	/** IPostUserStatusChanged: the app's own echo is dropped; a change made in Rocket.Chat goes to Callbell. */
	public async fromRocketChat(user: IUser, currentStatus: string): Promise<Applied | undefined> {
		if (!user?.id || String(user.type) === 'app' || String(user.type) === 'bot') return undefined;
		const text = user.statusText ?? '';
		const guard = await this.store.guard(user.id);
		if (guard) {
			await this.store.clearGuard(user.id);
			const fresh = Date.now() - guard.at < GUARD_TTL_MS;
			if (fresh && guard.status === currentStatus && (guard.statusText === text || user.statusText === undefined)) return undefined;
		}
		if (!isPresence(currentStatus)) return undefined;
		// The agent changed status: a running timer must not undo it.
		await this.store.renewToken(user.id);
		await this.store.clearTimer(user.id);
		if (!(await readSettings(this.a.read, 'callbell'))[SettingId.StatusMirrorFromRocketChat]) return undefined;
		return this.apply(user, { presence: currentStatus, text }, { source: 'rocketchat', requester: { userId: user.id, username: user.username } });
	}

	/**
	 * Callbell's `agent_status_updated`: Rocket.Chat follows Callbell. Callbell also reports the
	 * changes the app itself made there, so a state equal to the ledger is our own echo and ignored.
	 * Availability alone keeps a compatible presence (busy stays busy when Callbell says "away").
	 */
	public async fromCallbell(user: IUser, agent: { available: boolean; customStatusId?: string; customStatusName?: string }): Promise<Applied | 'echo'> {
		const ledger = await this.ledger(user.id);
		let customId = agent.customStatusId;
		if (customId === undefined && agent.customStatusName) {
			const hit = await this.store.cache<{ id: string; name: string }>('callbell-statuses');
			customId = hit?.list.find((s) => sameName(s.name, agent.customStatusName as string))?.id;
		}
		const custom = customId ?? (agent.customStatusName ? undefined : null);
		const known = ledger?.pending?.after ?? ledger;
		if (known && known.available === agent.available && (custom === undefined || custom === (known.customStatusUuid ?? null))) return 'echo';

		const current: Presence = isPresence(user.status) ? user.status : 'online';
		const currentText = user.statusText ?? '';
		let want: Want;
		const preset = agent.customStatusName ? await this.preset(agent.customStatusName) : undefined;
		if (preset?.ok && preset.preset) {
			want = { presence: preset.preset.statusType, text: preset.preset.name };
		} else {
			const presence: Presence = agent.available ? 'online' : current === 'online' ? 'away' : current;
			const hadCustom = typeof ledger?.customStatusUuid === 'string';
			const text = agent.customStatusName ? agent.customStatusName.slice(0, 120) : hadCustom ? '' : currentText;
			want = { presence, text };
		}
		return this.apply(user, want, {
			source: 'webhook',
			requester: { userId: user.id, username: user.username },
			callbellConfirmed: { available: agent.available, ...(custom !== undefined ? { customStatusUuid: custom } : {}) },
		});
	}

	/** The expiry job: restore what was there before, unless the agent changed status since. */
	public async expire(userId: string, token: string): Promise<Applied | undefined> {
		const timer = await this.store.timer(userId);
		if (!timer || timer.token !== token) return undefined;
		await this.store.clearTimer(userId);
		if ((await this.store.token(userId)) !== token) return undefined;
		const user = await this.a.read.getUserReader().getById(userId);
		if (!user) return undefined;
		const prior = timer.restore.callbell;
		const callbell = prior && prior.available !== undefined ? { available: prior.available, customStatusUuid: prior.customStatusUuid ?? null } : undefined;
		return this.apply(user, { presence: timer.restore.rc.status, text: timer.restore.rc.statusText }, { source: 'timer', requester: { userId, username: user.username }, callbell });
	}
}

export function emailsOf(user: IUser): string[] {
	return (user.emails ?? []).map((e) => String(e.address ?? '').trim().toLowerCase()).filter(Boolean);
}
