import type { AppContext } from '../../context';
import type { InFlightDelivery } from '../../delivery/outbox';
import type { Accessors } from '../../accessors';
import type { AuditLog } from '../../store/audit';
import type { Identity } from '../model/identity';
import type { StatusStore } from '../model/store';

/** What the status units share for one engine call. */
export interface StatusDeps {
	ctx: AppContext;
	a: Accessors;
	store: StatusStore;
	identity: Identity;
	/** Delivery as the ledger uses it: the in-flight protocol documented on InFlightDelivery. */
	outbox: InFlightDelivery;
	audit: AuditLog;
	/** the clock (tests drive it) */
	now: () => number;
}
