import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { InFlightDelivery, Requester } from '../../delivery/outbox';
import { savedText } from '../../i18n';
import { readSettings, SettingId } from '../../settings';
import type { AuditLog } from '../../store/audit';
import type { CallbellStatusChange } from '../../vendors/callbell';
import { isPresence } from '../../vendors/rocketchat';
import { applied, callbellTarget, changeFor, changeFromAny, isEmptyChange, parseStatusMap, type Target } from '../model/callbell-map';
import { type Ledger, type StatusStore, UNSURE_MAX } from '../model/store';
import type { CallbellIntent, CallbellState, CbOutcome, Turn, Want } from '../model/types';
import { callbellNames, callbellStatuses } from '../presets/lists';
import { confirmedOf, expectedOf, type Ledgers } from './ledger';

export interface OutboundDeps {
	a: Accessors;
	store: StatusStore;
	ledgers: Ledgers;
	outbox: InFlightDelivery;
	audit: AuditLog;
	now: () => number;
}

/**
 * Callbell, outbound: the Callbell half of a change made anywhere. Works out the target (the mapping
 * of the wanted state, or the one a timer restores), compares it with the ledger and hands only a real
 * difference to the outbox; the ledger moves when Callbell confirmed, or records the queued change.
 */
export class CallbellOutbound {
	constructor(private readonly d: OutboundDeps) {}

	/** `names` collects Callbell custom status names by id, for the reply. */
	public async mirror(turn: Turn, uuid: string | undefined, want: Want, opts: { requester: Requester; callbell?: CallbellIntent }, names: Record<string, string>): Promise<CbOutcome> {
		if (!uuid) return { state: 'not_linked' };
		const ledger = await this.d.ledgers.of(turn, uuid);
		const intent = opts.callbell;
		if (intent?.kind === 'seen') return this.seen(turn, uuid, ledger, intent.available);
		if (intent?.kind === 'none') return { state: 'unchanged', ledger: ledger ?? {} };
		if (intent?.kind === 'confirmed') {
			// Callbell has it already (its own event): a change of ours still queued follows an older state
			if (ledger?.pending) await this.d.outbox.withdraw(ledger.pending.outboxId);
			const c = intent.state;
			const next: Ledger = { available: c.available ?? ledger?.available, customStatusUuid: c.customStatusUuid !== undefined ? c.customStatusUuid : ledger?.customStatusUuid };
			await this.d.ledgers.save(turn, uuid, next);
			return { state: 'unchanged', ledger: next };
		}
		let target: Target;
		if (intent?.kind === 'target') {
			target = intent.target;
			Object.assign(names, await callbellNames(this.d.store));
		} else {
			const found = await this.target(want, opts.requester, names);
			if ('failed' in found) return found.failed;
			target = found.target;
		}
		return this.reach(turn, uuid, target, ledger, opts.requester);
	}

	/** Whether Callbell, as `ledger` knows it (nothing queued), already has what `want` maps to: nothing would be sent. */
	public async has(want: Want, ledger: Ledger | undefined, requester: Requester, names: Record<string, string>): Promise<boolean> {
		if (!ledger || ledger.pending || ledger.unsure?.length) return false;
		const found = await this.target(want, requester, names);
		return 'target' in found && isEmptyChange(changeFor(found.target, ledger));
	}

	/**
	 * Callbell showed a state the ledger does not know (an event older than the app's last change, so
	 * not applied): the app's write after it may have set only some fields. What Callbell showed becomes
	 * what the app knows it has (a queued change stays queued), and with `send` the state Rocket.Chat
	 * shows now is mirrored again: a repair, not a change. Without `send` only the ledger learns it (the
	 * last change came from Callbell itself, so Rocket.Chat's state is no target for Callbell).
	 */
	public async resync(turn: Turn, uuid: string, seen: { available: boolean; customStatusUuid?: string | null }, requester: Requester, send: boolean): Promise<void> {
		const ledger = await this.d.ledgers.of(turn, uuid);
		const known = expectedOf(ledger);
		if (!known) return;
		const drift = known.available !== seen.available || (seen.customStatusUuid !== undefined && seen.customStatusUuid !== (known.customStatusUuid ?? null));
		if (!drift) return;
		const doubted: Ledger = { available: seen.available, customStatusUuid: seen.customStatusUuid !== undefined ? seen.customStatusUuid : known.customStatusUuid, ...(ledger?.pending ? { pending: ledger.pending } : {}) };
		await this.d.ledgers.save(turn, uuid, doubted);
		if (!send) return;
		const shown: Want = { presence: isPresence(turn.user.status) ? turn.user.status : 'online', text: turn.user.statusText ?? '' };
		const found = await this.target(shown, requester, {});
		if ('target' in found) await this.reach(turn, uuid, found.target, doubted, requester);
	}

	/**
	 * Callbell told, as old news, a state with the same time as the newest it has told, and it differs
	 * from what the ledger expects (whole-unit stamps: two writes in one second, the first learnt). Which
	 * one Callbell holds cannot be known: the ledger keeps this one as possible too (`unsure`), and the
	 * next change sends every field any of them differs in.
	 */
	public async unsure(turn: Turn, uuid: string, seen: CallbellState): Promise<void> {
		const ledger = await this.d.ledgers.of(turn, uuid);
		const known = expectedOf(ledger);
		if (!ledger || !known) return;
		const differs = (seen.available !== undefined && seen.available !== known.available) || (seen.customStatusUuid !== undefined && seen.customStatusUuid !== (known.customStatusUuid ?? null));
		if (!differs) return;
		await this.d.ledgers.save(turn, uuid, { ...ledger, unsure: [...(ledger.unsure ?? []), seen].slice(-UNSURE_MAX) });
	}

	/**
	 * Callbell told two different states with one `lastUpdatedAt` (it stamps whole units), and the app
	 * took the last to arrive: Callbell holds one of them, which the arrival order cannot tell. What
	 * Rocket.Chat shows now (`shown`) is sent for every field where it differs from the ledger or from
	 * any of the `others` told at that time, so both systems agree on one of the two; nothing is sent
	 * when every candidate already agrees.
	 */
	public async tie(turn: Turn, uuid: string, shown: Want, others: CallbellState[], requester: Requester): Promise<void> {
		const ledger = await this.d.ledgers.of(turn, uuid);
		const found = await this.target(shown, requester, {});
		if (!('target' in found)) return;
		const change = changeFromAny(found.target, [ledger, ...others]);
		if (!isEmptyChange(change)) await this.send(turn, uuid, change, ledger, requester);
	}

	/** The mapping of `want`, reading Callbell's custom statuses when a text could name one. */
	private async target(want: Want, requester: Requester, names: Record<string, string>): Promise<{ target: Target } | { failed: CbOutcome }> {
		const rules = parseStatusMap((await readSettings(this.d.a.read, 'callbell'))[SettingId.CallbellStatusMap]);
		if (!want.text.trim()) return { target: callbellTarget(want.presence, want.text, [], rules) };
		const list = await callbellStatuses(this.d.a.read, this.d.a.http, this.d.store);
		if (list.ok) {
			for (const s of list.value) names[s.id] = s.name;
			return { target: callbellTarget(want.presence, want.text, list.value, rules) };
		}
		// Callbell unreachable: the availability can still go; the custom status is left as it is
		if (list.error.kind === 'unavailable' || list.error.kind === 'rate_limited') return { target: callbellTarget(want.presence, want.text, undefined, rules) };
		// Nothing can be sent with a credential Callbell refuses: say so, and leave a trace.
		await this.d.audit.add({
			at: this.d.now(),
			userId: requester.userId,
			username: requester.username,
			action: 'callbell.status',
			vendor: 'callbell',
			object: LABEL(),
			outcome: 'failed',
			detail: `custom statuses not read: ${list.error.kind} (${list.error.message}); nothing sent`,
		});
		return { failed: { state: 'failed', error: list.error, step: 'custom_statuses' } };
	}

	/** Brings Callbell from the ledger to `target`: nothing, a withdrawal of a queued change, or a send. */
	private async reach(turn: Turn, uuid: string, target: Target, ledger: Ledger | undefined, requester: Requester): Promise<CbOutcome> {
		// A queued change may reach Callbell before the new one whatever is read now (a timeout after
		// sending; a drain taking it the next moment), so Callbell may hold its state or the one before:
		// every field the target differs from either of them in is sent.
		// States Callbell may hold instead (`unsure`) count the same way.
		const possible = [ledger, ...(ledger?.unsure ?? [])];
		const confirmed = changeFromAny(target, possible);
		const change = ledger?.pending && !isEmptyChange(confirmed) ? changeFromAny(target, [...possible, ledger.pending.after]) : confirmed;
		if (!isEmptyChange(change)) return this.send(turn, uuid, change, ledger, requester);
		// Back to what Callbell confirmed: take the queued change back — unless it is being sent right
		// now (the in-flight protocol then refuses the withdrawal), or an attempt of it may have reached
		// Callbell already (a timeout after sending): Callbell may have its state, so the target is sent.
		if (ledger?.pending) {
			const taken = await this.d.outbox.withdrawTelling(ledger.pending.outboxId);
			const back = changeFor(target, ledger.pending.after);
			if ((!taken || taken.mayHaveApplied) && !isEmptyChange(back)) return this.send(turn, uuid, back, ledger, requester);
		}
		const next: Ledger = confirmedOf(ledger);
		if (ledger?.pending) await this.d.ledgers.save(turn, uuid, next);
		return { state: 'unchanged', ledger: next };
	}

	private async send(turn: Turn, uuid: string, change: CallbellStatusChange, ledger: Ledger | undefined, requester: Requester): Promise<CbOutcome> {
		const user: IUser = turn.user;
		const ordered = await this.d.ledgers.ordered(turn, uuid);
		const outcome = await this.d.outbox.submit({ kind: 'callbell.status', userUuid: uuid, change }, requester, LABEL(), `callbell:${user.id}`, { ordered });
		const after = applied(ledger, change);
		const confirmed = confirmedOf(ledger);
		switch (outcome.state) {
			case 'done':
				await this.d.ledgers.save(turn, uuid, after);
				return { state: 'done', ledger: after };
			case 'queued':
				await this.d.ledgers.save(turn, uuid, { ...confirmed, pending: { outboxId: outcome.id, after } });
				return { state: 'queued', ledger: after, outboxId: outcome.id, ...(outcome.error ? { error: outcome.error } : {}) };
			case 'failed':
			case 'unknown': // a status is safe to repeat, so delivery never leaves one unknown; not applied as far as the ledger knows
				await this.d.ledgers.save(turn, uuid, confirmed);
				return { state: 'failed', error: outcome.error, outboxId: outcome.id, target: after };
		}
	}

	/**
	 * Callbell told part of its state and nothing is sent (a session event, newer than anything queued):
	 * a change of the app's still waiting is taken back, as it no longer follows from what Rocket.Chat
	 * shows; the ledger keeps what Callbell confirmed — or what that change set, if an attempt of it may
	 * have reached Callbell — and takes the availability Callbell reported. A change being sent right
	 * now lands after the event and stays pending (the ledger promotes it once delivered).
	 */
	private async seen(turn: Turn, uuid: string, ledger: Ledger | undefined, available: boolean | undefined): Promise<CbOutcome> {
		let known: Ledger = confirmedOf(ledger);
		if (ledger?.pending) {
			const taken = await this.d.outbox.withdrawTelling(ledger.pending.outboxId);
			if (!taken) return { state: 'unchanged', ledger: known };
			if (taken.mayHaveApplied) known = confirmedOf({ ...ledger.pending.after, ...(ledger.unsure ? { unsure: ledger.unsure } : {}) });
		}
		if (available !== undefined) known = { ...known, available };
		await this.d.ledgers.save(turn, uuid, known);
		return { state: 'unchanged', ledger: known };
	}
}

/** The outbox and audit label, kept as a code (shown in its reader's language). */
const LABEL = () => savedText('st_cb_label');
