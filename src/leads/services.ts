import type { Accessors } from '../accessors';
import type { AppContext } from '../context';
import { Outbox } from '../delivery/outbox';
import { ContactService } from './contacts';
import { LeadService } from './service';

/**
 * The leads feature's composition root: the command, UIKit and event wrappers call it once per engine
 * call. One outbox per call, so its inline-send budget is the call's however many writes it makes.
 */
export function leadServices(ctx: AppContext, a: Accessors): { leads: LeadService; contacts: ContactService } {
	const outbox = new Outbox(ctx, a);
	return { leads: new LeadService(a, outbox), contacts: new ContactService(ctx, a, outbox) };
}
