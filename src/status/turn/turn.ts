import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import type { AppContext } from '../../context';
import { Claims } from '../../store/claim';
import { withKeyLock } from '../../store/lock';
import { agentTag } from '../model/agent-records';
import type { StatusStore, SyncRecord } from '../model/store';
import type { Turn } from '../model/types';

/**
 * An agent's turn is held in persistence (a claim, src/store/claim.ts) so that instances of a cluster
 * take it one at a time too. The lease outlasts any turn (one engine call is cut off after 30 s): past
 * it, the claim of an instance that died mid-turn is ignored. A turn waits at most TURN_WAIT_MS for
 * one held elsewhere (an inline Callbell send holds it up to the HTTP timeout), then goes ahead
 * anyway and says so in the log: a stuck claim must never stop an agent's status for half a minute.
 */
export const TURN_LEASE_MS = 30_000;
export const TURN_WAIT_MS = 10_000;
/** The claim kind of agents' turns: the sweep lists those left behind by a dead instance (`repair`). */
export const TURN_CLAIM_KIND = 'st:agent';

export interface TurnDeps {
	ctx: AppContext;
	a: Accessors;
	store: StatusStore;
	now: () => number;
}

/**
 * `fresh`: `who` was read at the start of this call (a command, the form, the bot endpoint). The turn
 * then takes it as Rocket.Chat's state when it shows exactly what the app applied last and no write of
 * the app's awaits its echo — nobody changed the agent since, as far as the app can know — and reads
 * the user again otherwise (another instance's change, one in Rocket.Chat's menu). A menu change made in
 * between, whose event has not arrived yet, is applied when it does (turn/rocketchat.ts).
 */
export interface RunOptions {
	fresh?: boolean;
}

const showsApplied = (who: IUser, sync: SyncRecord): boolean =>
	sync.echoes.length === 0 && sync.applied !== undefined && who.status === sync.applied.status && (who.statusText ?? '') === sync.applied.statusText;

/**
 * The order of an agent's changes, whatever their source: one at a time — in this instance behind a
 * keyed lock, across the instances of a cluster behind a claim in persistence — each on the user as
 * Rocket.Chat has it at that moment and the agent's sync record as it is then. (Without the claim,
 * two instances changing one agent at the same moment each compared with the ledger as it was
 * before the other, and the systems could stay apart.)
 */
export class AgentTurns {
	constructor(private readonly d: TurnDeps) {}

	/**
	 * Runs `fn` in the agent's turn. `settled`, when given, looks at the sync record first and may end
	 * the turn there (its answer is the result): an event that needs nothing written costs one read and
	 * takes no claim. When it ends the turn by changing the sync record (`save`), it looks again with the
	 * claim held, on the record as it is then, and that is saved.
	 */
	public run<T>(who: IUser, fn: (turn: Turn) => Promise<T>, settled?: (sync: SyncRecord) => Promise<{ result: T; save?: boolean } | undefined>, opts: RunOptions = {}): Promise<T> {
		return withKeyLock(`st:agent:${who.id}`, async () => {
			const peek = settled ? await settled(await this.d.store.sync(who.id)) : undefined;
			if (peek && !peek.save) return peek.result;
			return this.held(who.id, async (inDoubt) => {
				const sync = await this.d.store.sync(who.id);
				if (peek && settled) {
					const early = await settled(sync);
					if (early) {
						if (early.save) await this.d.store.saveSync(who.id, sync);
						return early.result;
					}
				}
				const user = opts.fresh && showsApplied(who, sync) ? who : ((await this.d.a.read.getUserReader().getById(who.id)) ?? who);
				return fn({ user, sync, ...(inDoubt ? { inDoubt } : {}) });
			});
		});
	}

	/**
	 * Changes the agent's sync record outside a change (a queued Omnichannel availability found
	 * delivered): on a fresh read, under the agent's lock, so it never undoes a change being applied.
	 */
	public update(userId: string, fn: (sync: SyncRecord) => boolean): Promise<void> {
		return withKeyLock(`st:agent:${userId}`, async () => {
			const sync = await this.d.store.sync(userId);
			if (fn(sync)) await this.d.store.saveSync(userId, sync);
		});
	}

	/** The agents whose last turn never ended (a dead instance's claim, past its lease): the sweep repairs them. */
	public abandoned(): Promise<string[]> {
		const prefix = `${TURN_CLAIM_KIND}:`;
		return new Claims(this.d.store.raw(), this.d.now).abandoned(TURN_CLAIM_KIND, TURN_LEASE_MS).then((ids) => ids.filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length)));
	}

	/** Clears the claims a dead instance left for a user who no longer exists (nothing is left to repair). */
	public async clear(userId: string): Promise<void> {
		const claims = new Claims(this.d.store.raw(), this.d.now);
		const claim = await claims.take(`${TURN_CLAIM_KIND}:${userId}`, TURN_LEASE_MS, { kind: TURN_CLAIM_KIND });
		if (claim) await claims.release(claim);
	}

	/**
	 * Runs `fn` holding the agent's claim (see TURN_LEASE_MS); `fn` is told when the previous turn never
	 * ended (Turn.inDoubt). A turn that ends by an error releases its claim like any other: only a dead
	 * instance leaves one behind.
	 */
	private async held<T>(userId: string, fn: (inDoubt: boolean) => Promise<T>): Promise<T> {
		const claims = new Claims(this.d.store.raw(), this.d.now);
		// the claim is listed by the agent's tag: the same read brings the agent's records (model/agent-records.ts)
		const { claim, listed } = await claims.acquired(`${TURN_CLAIM_KIND}:${userId}`, TURN_LEASE_MS, { waitMs: TURN_WAIT_MS, kind: TURN_CLAIM_KIND, listTag: agentTag(userId) });
		if (!claim) this.d.ctx.logger.warn(`status: the turn of user ${userId} was held elsewhere for ${TURN_WAIT_MS / 1000} s; going ahead without it`);
		try {
			return await this.d.store.withAgent(userId, () => fn(!!claim?.recovered), claim ? listed : undefined);
		} finally {
			if (claim) await claims.release(claim);
		}
	}
}
