/**
 * BotPenguin simulator (and, with `whiteLabel: 'reekolect'`, Reekolect — the same backend on its own host).
 *
 *  PUT /inbox/direct/lead            auth `x-bp-token`; JSON; upserts a lead keyed by `uuid`
 *  PUT /inbox/users/status-update    auth `Authorization: Bearer <key>` + `authtype: Key`; JSON `{ids, status:"DELETED"}`
 *                                    (Reekolect also accepts optional `subscriberIds`)
 *
 * Contract (statuses, error shapes, body schemas: botpenguin-contract.ts): BotPenguin's published pages
 * for both endpoints and Reekolect's for its contact deletion (the fields the app sends are listed in
 * src/vendors/lead-fields.ts). Error bodies: lead endpoint `{success:false, message, code}`,
 * contact endpoint `{success:false, error:{code, message, statusCode}}`.
 *
 * Lead merge rule (upsert): scalar fields given in a request overwrite the stored ones; `notes` are appended;
 * `tags` are merged as a set (first-seen order kept); `attributes` are merged by key (last value wins).
 *
 * Contacts: a status update is all-or-nothing — one unknown id answers 404 and nothing is applied. Known ids
 * already DELETED are accepted again (idempotent 200).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { ContactBody, contactError, LeadBody, leadError, type LeadInput, type LeadStatus, ReekolectContactBody } from './botpenguin-contract';
import {
	type AuthOutcome,
	type CommonOptions,
	type HandlerContext,
	HttpError,
	type Route,
	SimServer,
	bearerToken,
	header,
	isPlainObject,
	parseWith,
} from './base';

export { LEAD_STATUSES, type LeadStatus } from './botpenguin-contract';
export type ContactStatus = 'ACTIVE' | 'DELETED';

export interface LeadNote {
	title: string;
	description: string;
}

export interface LeadState {
	uuid: string;
	botId: string;
	customerId: string;
	agentId?: string;
	name?: string;
	email?: string;
	phone?: string;
	dialCode?: string;
	status?: LeadStatus;
	picture?: string;
	notes: LeadNote[];
	tags: string[];
	attributes: Record<string, string>;
	/** epoch ms */
	createdAt: number;
	updatedAt: number;
	/** number of accepted PUTs for this uuid (1 after creation) */
	updates: number;
}

export interface ContactUpdate {
	ids: string[];
	status: 'DELETED';
	subscriberIds?: string[];
	/** the bearer key that sent it */
	key: string;
	at: number;
}

export interface BotPenguinState {
	/** uuid → merged lead */
	leads: Map<string, LeadState>;
	/** contact (user) id → status */
	contacts: Map<string, ContactStatus>;
	/** Reekolect only: subscriber ids passed with a status update → status applied */
	subscribers: Map<string, 'DELETED'>;
	/** every applied contact status update, in order */
	contactUpdates: ContactUpdate[];
}

export interface BotPenguinOptions extends CommonOptions {
	/** accepted `x-bp-token` values for the lead endpoint */
	leadTokens?: string[];
	/** accepted Bearer keys for the contact status endpoint */
	apiKeys?: string[];
	/** existing contact ids (ACTIVE) */
	contacts?: string[];
	/** existing contact ids already DELETED */
	deletedContacts?: string[];
	/** act as a white label; 'reekolect' accepts `subscriberIds` */
	whiteLabel?: 'reekolect';
	/**
	 * require `authtype: Key` on the contact endpoint. Default: true for BotPenguin; false for Reekolect, whose
	 * published page only lists `Authorization` (a present `authtype` must still be `Key`).
	 */
	requireAuthtype?: boolean;
}

/** Default BotPenguin limit: 100 requests per minute per token. */
export const BOTPENGUIN_RATE_LIMIT = { limit: 100, windowMs: 60_000 } as const;

function applyLead(leads: Map<string, LeadState>, input: LeadInput, now: number): LeadState {
	const prev = leads.get(input.uuid);
	const lead: LeadState = prev
		? { ...prev, notes: [...prev.notes], tags: [...prev.tags], attributes: { ...prev.attributes } }
		: {
				uuid: input.uuid,
				botId: input.botId,
				customerId: input.customerId,
				notes: [],
				tags: [],
				attributes: {},
				createdAt: now,
				updatedAt: now,
				updates: 0,
			};
	lead.botId = input.botId;
	lead.customerId = input.customerId;
	const scalars = ['agentId', 'name', 'email', 'phone', 'dialCode', 'picture'] as const;
	for (const k of scalars) {
		const v = input[k];
		if (v !== undefined) lead[k] = v;
	}
	if (input.status !== undefined) lead.status = input.status;
	if (input.notes) lead.notes.push(...input.notes.map((n) => ({ title: n.title, description: n.description })));
	if (input.tags) for (const t of input.tags) if (!lead.tags.includes(t)) lead.tags.push(t);
	if (input.attributes) for (const a of input.attributes) lead.attributes[a.key] = a.value;
	lead.updatedAt = now;
	lead.updates += 1;
	leads.set(lead.uuid, lead);
	return lead;
}

export class BotPenguinSim extends SimServer<string, BotPenguinState> {
	readonly whiteLabel: 'reekolect' | undefined;
	private readonly seedActive: Set<string>;
	private readonly seedDeleted: Set<string>;

	constructor(opts: BotPenguinOptions = {}) {
		const whiteLabel = opts.whiteLabel;
		const leadTokens = new Set(opts.leadTokens ?? []);
		const apiKeys = new Set(opts.apiKeys ?? []);
		const requireAuthtype = opts.requireAuthtype ?? whiteLabel !== 'reekolect';
		// seeds live on the instance (filled after super) but initialState() is called inside super()
		const seedActive = new Set(opts.contacts ?? []);
		const seedDeleted = new Set(opts.deletedContacts ?? []);
		const initialState = (): BotPenguinState => {
			const contacts = new Map<string, ContactStatus>();
			for (const id of seedActive) contacts.set(id, 'ACTIVE');
			for (const id of seedDeleted) contacts.set(id, 'DELETED');
			return { leads: new Map(), contacts, subscribers: new Map(), contactUpdates: [] };
		};

		const leadAuth = (h: IncomingHttpHeaders): AuthOutcome<string> => {
			const token = header(h, 'x-bp-token');
			if (!token) return { ok: false, message: 'Unauthorized request: x-bp-token header is missing' };
			if (!leadTokens.has(token)) return { ok: false, message: 'Unauthorized request' };
			return { ok: true, principal: token, rateKey: `lead:${token}` };
		};
		const contactAuth = (h: IncomingHttpHeaders): AuthOutcome<string> => {
			const key = bearerToken(h);
			if (!key) return { ok: false, message: 'Bearer token is missing.' };
			if (!apiKeys.has(key)) return { ok: false, message: 'Bearer token is invalid or has expired.' };
			const authtype = header(h, 'authtype');
			if (authtype === undefined && requireAuthtype) {
				return { ok: false, message: 'authtype header is required (authtype: Key).' };
			}
			if (authtype !== undefined && authtype !== 'Key') {
				return { ok: false, message: `authtype "${authtype}" is not supported (authtype: Key).` };
			}
			return { ok: true, principal: key, rateKey: `key:${key}` };
		};

		const leadRoute: Route<string, BotPenguinState> = {
			method: 'PUT',
			path: '/inbox/direct/lead',
			body: 'json',
			error: leadError,
			auth: leadAuth,
			handle(ctx) {
				if (!isPlainObject(ctx.body)) throw new HttpError(400, 'Bad request / invalid parameters: body must be an object');
				const input = parseWith(LeadBody, ctx.body);
				applyLead(ctx.state.leads, input, ctx.now);
				return { body: { success: true, message: 'ok', code: 200 } };
			},
		};

		const contactRoute: Route<string, BotPenguinState> = {
			method: 'PUT',
			path: '/inbox/users/status-update',
			body: 'json',
			error: contactError,
			auth: contactAuth,
			handle(ctx: HandlerContext<string, BotPenguinState>) {
				if (!isPlainObject(ctx.body)) throw new HttpError(400, 'Malformed request body: expected an object');
				if (whiteLabel !== 'reekolect' && 'subscriberIds' in ctx.body) {
					throw new HttpError(400, 'subscriberIds is not supported by this endpoint. Pass User IDs only in the ids field.');
				}
				let input: { ids: string[]; status: 'DELETED' };
				let subscriberIds: string[] | undefined;
				if (whiteLabel === 'reekolect') {
					const parsed = parseWith(ReekolectContactBody, ctx.body);
					input = parsed;
					subscriberIds = parsed.subscriberIds;
				} else {
					input = parseWith(ContactBody, ctx.body);
				}
				const unknown = input.ids.filter((id) => !ctx.state.contacts.has(id));
				if (unknown.length > 0) {
					throw new HttpError(404, 'One or more User IDs not found', { ids: unknown });
				}
				for (const id of input.ids) ctx.state.contacts.set(id, 'DELETED');
				if (subscriberIds) for (const s of subscriberIds) ctx.state.subscribers.set(s, 'DELETED');
				ctx.state.contactUpdates.push({
					ids: [...input.ids],
					status: 'DELETED',
					...(subscriberIds ? { subscriberIds: [...subscriberIds] } : {}),
					key: ctx.principal,
					at: ctx.now,
				});
				return { body: { success: true, message: '', code: 200 } };
			},
		};

		super(
			{
				name: whiteLabel ?? 'botpenguin',
				basePath: '',
				defaultRateLimit: { ...BOTPENGUIN_RATE_LIMIT },
				error: leadError,
				initialState,
				routes: [leadRoute, contactRoute],
			},
			opts,
		);
		this.whiteLabel = whiteLabel;
		this.seedActive = seedActive;
		this.seedDeleted = seedDeleted;
	}

	/** Adds existing (ACTIVE) contact ids, now and for every later resetState(). */
	seedContacts(ids: string[], status: ContactStatus = 'ACTIVE'): void {
		for (const id of ids) {
			if (status === 'ACTIVE') {
				this.seedActive.add(id);
				this.seedDeleted.delete(id);
			} else {
				this.seedDeleted.add(id);
				this.seedActive.delete(id);
			}
			this.state.contacts.set(id, status);
		}
	}
}

export async function startBotPenguin(opts: BotPenguinOptions = {}): Promise<BotPenguinSim> {
	return new BotPenguinSim(opts).listen();
}

/** The same server acting as Reekolect (accepts `subscriberIds`; `authtype` optional unless requireAuthtype). */
export async function startReekolect(opts: Omit<BotPenguinOptions, 'whiteLabel'> = {}): Promise<BotPenguinSim> {
	return new BotPenguinSim({ ...opts, whiteLabel: 'reekolect' }).listen();
}
