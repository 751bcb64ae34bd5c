import type { Accessors } from '../accessors';
import type { AppContext } from '../context';
import { Outbox } from '../delivery/outbox';
import { AuditLog } from '../store/audit';
import { CallbellInbound } from './callbell/inbound';
import { Ledgers } from './callbell/ledger';
import { CallbellOutbound } from './callbell/outbound';
import { Identity } from './model/identity';
import { StatusStore } from './model/store';
import { OmnichannelFollow } from './omnichannel/follow';
import { applier } from './turn/apply';
import { TimelineStore } from './timeline/store';
import { StatusChanges } from './turn/change';
import { Timers } from './turn/timer';
import { AgentTurns } from './turn/turn';

/** What one engine call of the status feature works with, built once by the wrapper that received the call. */
export interface StatusServices {
	ctx: AppContext;
	a: Accessors;
	store: StatusStore;
	identity: Identity;
	audit: AuditLog;
	outbox: Outbox;
	ledgers: Ledgers;
	turns: AgentTurns;
	changes: StatusChanges;
	now: () => number;
}

/**
 * The status feature's composition root: the command, endpoint, job, event and UIKit wrappers call it
 * once per engine call and hand down what each unit needs; no unit below builds another room's service.
 * One outbox per call, so its inline-send budget is the call's.
 */
export function statusServices(ctx: AppContext, a: Accessors, now: () => number = Date.now): StatusServices {
	const store = new StatusStore(a.read.getPersistenceReader(), a.persis);
	const identity = new Identity(a.read, store);
	const audit = new AuditLog(store.raw());
	const outbox = new Outbox(ctx, a);
	const ledgers = new Ledgers(store, outbox);
	const callbell = new CallbellOutbound({ a, store, ledgers, outbox, audit, now });
	const omnichannel = new OmnichannelFollow({ a, outbox, now });
	const timers = new Timers({ ctx, a, store, now });
	const turns = new AgentTurns({ ctx, a, store, now });
	const timeline = new TimelineStore(store.raw());
	const apply = applier({ a, store, identity, audit, ledgers, callbell, omnichannel, timers, timeline, now });
	const inbound = new CallbellInbound({ a, store, ledgers, outbound: callbell, now });
	const changes = new StatusChanges({ a, store, identity, omnichannel, inbound, outbound: callbell, ledgers, turns, timers, timeline, apply, now });
	return { ctx, a, store, identity, audit, outbox, ledgers, turns, changes, now };
}
