import type { Accessors, EventAccessors } from '../accessors';
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

/** The same for an event whose accessors may lack a modifier (a room closed: onLivechatRoomClosed): lead writes only. */
export function leadWriter(ctx: AppContext, a: EventAccessors): LeadService {
	return new LeadService(a, new Outbox(ctx, a));
}
