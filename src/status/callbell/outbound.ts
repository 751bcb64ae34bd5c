import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import { savedText } from '../../i18n';
import { readSettings, SettingId } from '../../settings';
import type { CallbellStatusChange } from '../../vendors/callbell';
import type { StatusDeps } from '../turn/deps';
import { applied, callbellTarget, changeFor, isEmptyChange, parseStatusMap, type Target } from '../model/callbell-map';
import { callbellStatuses } from '../presets/presets';
import type { Ledger } from '../model/store';
import type { CbOutcome, Want } from '../model/types';

/**
 * The Callbell half of a status change: works out the target, compares it with the ledger (what the
 * app knows Callbell has) and hands only a real difference to the outbox. The ledger moves when
 * Callbell confirmed (done), or records the queued change as pending; `ledger()` promotes a pending
 * change only once the outbox says it was delivered (any other fate — waiting, failed, dropped, or
 * no record at all — is not delivered).
 */

export interface MirrorOptions {
	requester: Requester;
	/** Use this Callbell target instead of the mapping (timer restore). */
	callbell?: Target;
	/** Callbell already has this (webhook): record it, send nothing. */
	callbellConfirmed?: Ledger;
	/** Callbell told part of its state and nothing is to be sent (a session event: its availability, if given). See `seen`. */
	callbellSeen?: { available?: boolean };
}

export class CallbellMirror {
	constructor(private readonly d: StatusDeps) {}

	/** The ledger, with a queued change promoted once the outbox delivered it (a failed or dropped one is not). */
	public async ledger(userId: string): Promise<Ledger | undefined> {
		const ledger = await this.d.store.ledger(userId);
		if (!ledger?.pending) return ledger;
		const fate = await this.d.outbox.fate(ledger.pending.outboxId);
		if (fate === 'waiting') return ledger;
		const next: Ledger = fate === 'delivered' ? { ...ledger.pending.after } : { available: ledger.available, customStatusUuid: ledger.customStatusUuid };
		await this.d.store.saveLedger(userId, next);
		return next;
	}

	public async mirror(user: IUser, uuid: string | undefined, want: Want, opts: MirrorOptions, ledger: Ledger | undefined, names: Record<string, string>): Promise<CbOutcome> {
		if (!uuid) return { state: 'not_linked' };
		if (opts.callbellSeen) return this.seen(user, ledger, opts.callbellSeen);
		if (opts.callbellConfirmed) {
			await this.dropPending(ledger);
			const c = opts.callbellConfirmed;
			const next: Ledger = { available: c.available ?? ledger?.available, customStatusUuid: c.customStatusUuid !== undefined ? c.customStatusUuid : ledger?.customStatusUuid };
			await this.d.store.saveLedger(user.id, next);
			return { state: 'unchanged', ledger: next };
		}

		let target = opts.callbell;
		if (!target) {
			const settings = await readSettings(this.d.a.read, 'callbell');
			const rules = parseStatusMap(settings[SettingId.CallbellStatusMap]);
			let customStatuses: Array<{ id: string; name: string }> | undefined = [];
			if (want.text.trim()) {
				const list = await callbellStatuses(this.d.a.read, this.d.a.http, this.d.store);
				if (list.ok) customStatuses = list.value;
				else if (list.error.kind === 'unavailable' || list.error.kind === 'rate_limited') customStatuses = undefined;
				else {
					// Nothing can be sent with a credential Callbell refuses: say so, and leave a trace.
					await this.d.audit.add({
						at: this.d.now(),
						userId: opts.requester.userId,
						username: opts.requester.username,
						action: 'callbell.status',
						vendor: 'callbell',
						object: this.label(),
						outcome: 'failed',
						detail: `custom statuses not read: ${list.error.kind} (${list.error.message}); nothing sent`,
					});
					return { state: 'failed', error: list.error, step: 'custom_statuses' };
				}
			}
			for (const s of customStatuses ?? []) names[s.id] = s.name;
			target = callbellTarget(want.presence, want.text, customStatuses, rules);
		} else {
			const hit = await this.d.store.cache<{ id: string; name: string }>('callbell-statuses');
			for (const s of hit?.list ?? []) names[s.id] = s.name;
		}

		const change = changeFor(target, ledger);
		if (isEmptyChange(change)) {
			// Back to what Callbell confirmed: take the queued change back — unless it is being sent right
			// now (the in-flight protocol says withdraw is then refused): send the target after it instead.
			if (ledger?.pending && !(await this.d.outbox.withdraw(ledger.pending.outboxId))) {
				const back = changeFor(target, ledger.pending.after);
				if (!isEmptyChange(back)) return this.send(user, uuid, back, ledger, opts.requester);
			}
			const next: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
			if (ledger?.pending) await this.d.store.saveLedger(user.id, next);
			return { state: 'unchanged', ledger: next };
		}
		return this.send(user, uuid, change, ledger, opts.requester);
	}

	/** The outbox and audit label, kept as a code (shown in its reader's language). */
	private label(): string {
		return savedText('st_cb_label');
	}

	private async send(user: IUser, uuid: string, change: CallbellStatusChange, ledger: Ledger | undefined, requester: Requester): Promise<CbOutcome> {
		const outcome = await this.d.outbox.submit({ kind: 'callbell.status', userUuid: uuid, change }, requester, this.label(), `callbell:${user.id}`);
		const after = applied(ledger, change);
		const confirmed: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
		switch (outcome.state) {
			case 'done':
				await this.d.store.saveLedger(user.id, after);
				return { state: 'done', ledger: after };
			case 'queued':
				await this.d.store.saveLedger(user.id, { ...confirmed, pending: { outboxId: outcome.id, after } });
				return { state: 'queued', ledger: after, outboxId: outcome.id, ...(outcome.error ? { error: outcome.error } : {}) };
			case 'failed':
			case 'unknown': // a status is safe to repeat, so delivery never leaves one unknown; not applied as far as the ledger knows
				await this.d.store.saveLedger(user.id, confirmed);
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
	private async seen(user: IUser, ledger: Ledger | undefined, seen: { available?: boolean }): Promise<CbOutcome> {
		let known: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
		if (ledger?.pending) {
			const taken = await this.d.outbox.withdrawTelling(ledger.pending.outboxId);
			if (!taken) return { state: 'unchanged', ledger: known };
			if (taken.mayHaveApplied) known = { available: ledger.pending.after.available, customStatusUuid: ledger.pending.after.customStatusUuid };
		}
		if (seen.available !== undefined) known = { ...known, available: seen.available };
		await this.d.store.saveLedger(user.id, known);
		return { state: 'unchanged', ledger: known };
	}

	/** A queued change that is no longer wanted (the target went back to what Callbell has). */
	private async dropPending(ledger: Ledger | undefined): Promise<void> {
		if (!ledger?.pending) return;
		await this.d.outbox.withdraw(ledger.pending.outboxId);
	}
}
