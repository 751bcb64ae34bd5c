/**
 * The Callbell simulator's custom-status endpoints (see callbell.ts for the rest).
 *
 *  GET    /custom_statuses        `{customStatuses:[{id,name,emoji,createdAt,updatedAt}], meta:{total,page}}` (100 a page)
 *  POST   /custom_statuses        `{name, emoji}` → 201 `{customStatus:{…}}`
 *  GET    /custom_statuses/:id    `{customStatus:{…}}`, 404 when unknown
 *  PUT    /custom_statuses/:id    `{name?, emoji?}` (at least one) → `{customStatus:{…}}`, 404 when unknown
 *  DELETE /custom_statuses/:id    → `{}`, 404 when unknown; agents who had it lose it
 *
 * What Callbell documents is the routes and the `name`/`emoji` fields only: the answer bodies of the
 * writes are this simulator's choice (the app relies on status codes), an empty name or emoji is a
 * 400 like every other body this simulator refuses, and a duplicate name is NOT refused — nothing
 * says Callbell refuses one, which is exactly why a blindly repeated POST would make a second status.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { HttpError, isPlainObject, parseWith, type AuthOutcome, type Route } from './base';
import type { CallbellCustomStatus, CallbellState } from './callbell-state';
import type { IncomingHttpHeaders } from 'node:http';

const nameField = z.string({ required_error: 'name is required', invalid_type_error: 'name must be a string' }).trim().min(1, { message: 'name must not be empty' });
const emojiField = z.string({ required_error: 'emoji is required', invalid_type_error: 'emoji must be a string' }).trim().min(1, { message: 'emoji must not be empty' });
const CreateBody = z.object({ name: nameField, emoji: emojiField }).strict();
const UpdateBody = z
	.object({ name: nameField.optional(), emoji: emojiField.optional() })
	.strict()
	.refine((b) => b.name !== undefined || b.emoji !== undefined, { message: 'at least one of name, emoji is required' });

const PAGE_SIZE = 100;

const view = (s: CallbellCustomStatus) => ({ id: s.id, name: s.name, emoji: s.emoji, createdAt: s.createdAt, updatedAt: s.updatedAt });

export function customStatusRoutes(auth: (h: IncomingHttpHeaders) => AuthOutcome<string>): Array<Route<string, CallbellState>> {
	const find = (state: CallbellState, id: string): CallbellCustomStatus => {
		const found = state.customStatuses.get(id);
		if (!found) throw new HttpError(404, `Custom status ${id} not found`);
		return found;
	};
	const object = (body: unknown): Record<string, unknown> => {
		if (!isPlainObject(body)) throw new HttpError(400, 'Body must be a JSON object');
		return body;
	};
	return [
		{
			method: 'GET',
			path: '/custom_statuses',
			body: 'none',
			auth,
			handle(ctx) {
				const pageParam = ctx.query.get('page');
				const page = pageParam === null ? 1 : Number(pageParam);
				if (!Number.isInteger(page) || page < 1) throw new HttpError(400, 'page must be a positive integer');
				const all = [...ctx.state.customStatuses.values()];
				const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
				return { body: { customStatuses: slice.map(view), meta: { total: all.length, page } } };
			},
		},
		{
			method: 'POST',
			path: '/custom_statuses',
			body: 'json',
			auth,
			handle(ctx) {
				const input = parseWith(CreateBody, object(ctx.body));
				const iso = new Date(ctx.now).toISOString();
				const created: CallbellCustomStatus = { id: randomUUID().replace(/-/g, ''), name: input.name, emoji: input.emoji, createdAt: iso, updatedAt: iso };
				ctx.state.customStatuses.set(created.id, created);
				return { status: 201, body: { customStatus: view(created) } };
			},
		},
		{
			method: 'GET',
			path: '/custom_statuses/:id',
			body: 'none',
			auth,
			handle(ctx) {
				return { body: { customStatus: view(find(ctx.state, ctx.params.id)) } };
			},
		},
		{
			method: 'PUT',
			path: '/custom_statuses/:id',
			body: 'json',
			auth,
			handle(ctx) {
				const found = find(ctx.state, ctx.params.id);
				const input = parseWith(UpdateBody, object(ctx.body));
				if (input.name !== undefined) found.name = input.name;
				if (input.emoji !== undefined) found.emoji = input.emoji;
				found.updatedAt = new Date(ctx.now).toISOString();
				return { body: { customStatus: view(found) } };
			},
		},
		{
			method: 'DELETE',
			path: '/custom_statuses/:id',
			body: 'none',
			auth,
			handle(ctx) {
				const found = find(ctx.state, ctx.params.id);
				ctx.state.customStatuses.delete(found.id);
				const iso = new Date(ctx.now).toISOString();
				for (const user of ctx.state.users.values()) {
					if (user.customStatusId !== found.id) continue;
					user.customStatusId = null;
					user.customStatusUpdatedAt = iso;
				}
				return { body: {} };
			},
		},
	];
}
