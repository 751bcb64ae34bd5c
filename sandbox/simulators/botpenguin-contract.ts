/**
 * BotPenguin's wire contract as the simulator enforces it (BotPenguin's and
 * Reekolect's published pages): lead statuses, each endpoint's error body shape and request
 * body schemas. The simulator's server and state live in botpenguin.ts.
 */
import { z } from 'zod';
import { type ErrorFormat, isHttpUrl, objectId } from './base';

export const LEAD_STATUSES = ['OPEN', 'INPROGRESS', 'REVIEW', 'ONHOLD', 'DEPENDANCY', 'CLOSED'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const leadError: ErrorFormat = (status, message) => ({ success: false, message, code: status });

const CONTACT_ERROR_CODES: Record<number, string> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	413: 'PAYLOAD_TOO_LARGE',
	429: 'TOO_MANY_REQUESTS',
	500: 'INTERNAL_SERVER_ERROR',
	502: 'BAD_GATEWAY',
	503: 'SERVICE_UNAVAILABLE',
	504: 'GATEWAY_TIMEOUT',
};
export const contactError: ErrorFormat = (status, message) => ({
	success: false,
	error: { code: CONTACT_ERROR_CODES[status] ?? `HTTP_${status}`, message, statusCode: status },
});

const nonEmptyString = (field: string) =>
	z
		.string({ required_error: 'Required', invalid_type_error: `${field} must be a string` })
		.refine((s) => s.trim().length > 0, { message: `${field} must be a non-empty string` });

export const LeadBody = z
	.object({
		uuid: nonEmptyString('uuid'),
		botId: objectId(),
		customerId: objectId(),
		agentId: objectId().optional(),
		name: z.string().optional(),
		email: z.string().optional(),
		phone: z.string().optional(),
		dialCode: z
			.string()
			.regex(/^\+\d{1,4}$/, { message: 'dialCode must be "+" followed by 1-4 digits, e.g. "+91"' })
			.optional(),
		notes: z.array(z.object({ title: z.string(), description: z.string() }).strict()).optional(),
		status: z.enum(LEAD_STATUSES).optional(),
		picture: z.string().refine(isHttpUrl, { message: 'picture must be a valid http(s) URL' }).optional(),
		tags: z.array(z.string()).optional(),
		attributes: z.array(z.object({ key: z.string(), value: z.string() }).strict()).optional(),
	})
	.strict();
export type LeadInput = z.output<typeof LeadBody>;

const contactBodyShape = {
	ids: z.array(objectId(), { required_error: 'Required' }).min(1, { message: 'ids must contain at least one id' }),
	status: z.literal('DELETED', {
		errorMap: () => ({ message: 'status must be "DELETED"' }),
	}),
};
export const ContactBody = z.object(contactBodyShape).strict();
export const ReekolectContactBody = z.object({ ...contactBodyShape, subscriberIds: z.array(objectId()).optional() }).strict();
