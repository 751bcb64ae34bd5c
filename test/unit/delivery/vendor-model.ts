import type { Operation } from '../../../src/delivery/operation';
import type { Transport } from '../../../src/delivery/transport';
import type { RateLimit, RetryPolicy } from '../../../src/delivery/policy';
import { fail, ok, type VendorResult } from '../../../src/vendors/errors';

/**
 * The vendors as the outbox sees them, reduced to their state: BotPenguin leads (scalars overwrite,
 * notes append, tags unite) and contacts, and Callbell users. Faults are queued per send; a `crash`
 * never answers (the sending instance is presumed dead). Counts every application of every note.
 */
export type Fault = 'ok' | 'refused' | '500' | '429' | 'timeout-before' | 'timeout-after' | 'reset-before' | 'reset-after' | 'crash-before' | 'crash-after';

export interface LeadState {
	status?: string;
	notes: string[];
	tags: Set<string>;
	applied: number;
}

export class VendorModel implements Transport {
	public readonly leads = new Map<string, LeadState>();
	public readonly contacts = new Map<string, number>();
	public readonly callbell = new Map<string, { available?: boolean }>();
	public readonly faults: Fault[] = [];
	public sends = 0;
	/** Every send and what became of it, in order (printed with a counter-example). */
	public readonly log: string[] = [];
	/** Called when a `crash-*` send arrives: the driver abandons that instance. */
	public onCrash: () => void = () => undefined;

	constructor(private readonly pause: () => Promise<void> = async () => undefined) {}

	public async send(op: Operation): Promise<VendorResult<unknown>> {
		await this.pause();
		this.sends++;
		const fault = this.faults.shift() ?? 'ok';
		this.log.push(`${fault} ${JSON.stringify(op)}`);
		const server = (status: number) => fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'server', sent: 'yes', status, message: `HTTP ${status}` });
		switch (fault) {
			case 'refused':
				return fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'network', sent: 'no', message: 'connect ECONNREFUSED 127.0.0.1:443' });
			case '500':
				return server(500);
			case '429':
				return fail({ kind: 'rate_limited', vendor: 'botpenguin', sent: 'yes', status: 429, message: 'slow down', retryAfterMs: 1000 });
			case 'timeout-before':
				return fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'timeout', sent: 'unknown', message: 'no answer' });
			case 'reset-before':
				return fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'network', sent: 'unknown', message: 'socket hang up' });
			case 'timeout-after':
				this.apply(op);
				return fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'timeout', sent: 'unknown', message: 'no answer' });
			case 'reset-after':
				this.apply(op);
				return fail({ kind: 'unavailable', vendor: 'botpenguin', cause: 'network', sent: 'unknown', message: 'socket hang up' });
			case 'crash-after':
				this.apply(op);
				this.onCrash();
				return new Promise(() => undefined);
			case 'crash-before':
				this.onCrash();
				return new Promise(() => undefined);
			case 'ok':
				this.apply(op);
				return ok({}, 200);
		}
	}

	public apply(op: Operation): void {
		if (op.kind === 'lead.update') {
			const lead = this.leads.get(op.update.uuid) ?? { notes: [], tags: new Set<string>(), applied: 0 };
			lead.applied++;
			if (op.update.status) lead.status = op.update.status;
			for (const n of op.update.notes ?? []) lead.notes.push(n.description);
			for (const t of op.update.tags ?? []) lead.tags.add(t);
			this.leads.set(op.update.uuid, lead);
		} else if (op.kind === 'contacts.delete') {
			for (const id of op.ids) this.contacts.set(id, (this.contacts.get(id) ?? 0) + 1);
		} else if (op.kind === 'callbell.status') {
			this.callbell.set(op.userUuid, { ...this.callbell.get(op.userUuid), ...op.change });
		}
	}

	public credential = async () => 'token';
	public limit = async (): Promise<RateLimit> => ({ limit: 1000, windowMs: 1000 });
	public retryPolicy = async (): Promise<RetryPolicy> => ({ baseDelayMs: 10, maxDelayMs: 100, maxAgeMs: 1e12 });
	public timeoutMs = async () => 100;
}
