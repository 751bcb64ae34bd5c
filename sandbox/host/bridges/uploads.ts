/**
 * Files the app uploads (`modify.getCreator().getUploadCreator().uploadBuffer`): the engine checks the
 * app's `upload.write` permission, then calls `createUpload(details, buffer, appId)` with the name,
 * size, room id and uploader's id. As Rocket.Chat does, a room that does not exist is refused; the file
 * is kept whole in the world (one list per World, readable with `uploadsOf`) and answered as an IUpload.
 */
import type { IUpload } from '@rocket.chat/apps-engine/definition/uploads';
import type { IUploadDetails } from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails';
import { UploadBridge } from '@rocket.chat/apps-engine/server/bridges';
import { newId, type World } from '../world';
import { bridge, clone } from './make';

export interface StoredUpload {
	id: string;
	name: string;
	roomId: string;
	/** the uploader as the engine named them (the app's bot user when the app did not say) */
	userId?: string;
	bytes: Buffer;
	appId: string;
	at: number;
}

const uploads = new WeakMap<World, StoredUpload[]>();
const refusals = new WeakMap<World, string>();

/** From now on every upload in this world is refused with `error` (as Rocket.Chat with uploads off); undefined accepts again. */
export function refuseUploads(w: World, error: string | undefined): void {
	if (error === undefined) refusals.delete(w);
	else refusals.set(w, error);
}

/** What was uploaded in this world, oldest first. */
export function uploadsOf(w: World): StoredUpload[] {
	let list = uploads.get(w);
	if (!list) uploads.set(w, (list = []));
	return list;
}

/** Bytes as the runtime hands them over: a Buffer (Node), or a Uint8Array / serialised Buffer from the Deno bridge. */
function bytesOf(buffer: unknown): Buffer {
	if (Buffer.isBuffer(buffer)) return Buffer.from(buffer);
	if (buffer instanceof Uint8Array) return Buffer.from(buffer);
	const json = buffer as { type?: unknown; data?: unknown };
	if (json && json.type === 'Buffer' && Array.isArray(json.data)) return Buffer.from(json.data as number[]);
	throw new Error('sandbox: upload without bytes');
}

function asUpload(w: World, u: StoredUpload): IUpload {
	const extension = u.name.includes('.') ? u.name.slice(u.name.lastIndexOf('.') + 1) : '';
	return {
		id: u.id,
		name: u.name,
		size: String(u.bytes.length),
		type: extension === 'csv' ? 'text/csv' : 'application/octet-stream',
		extension,
		etag: u.id,
		path: `/file-upload/${u.id}/${encodeURIComponent(u.name)}`,
		token: u.id,
		url: `/file-upload/${u.id}/${encodeURIComponent(u.name)}`,
		progress: 1,
		uploading: false,
		complete: true,
		updatedAt: new Date(u.at),
		uploadedAt: new Date(u.at),
		store: 'GridFS:Uploads',
		room: clone(w.rooms.get(u.roomId)),
		...(u.userId ? { user: clone(w.users.get(u.userId)) } : {}),
	} as IUpload;
}

export function uploadBridge(w: World): UploadBridge {
	return bridge(UploadBridge, {
		createUpload: async (details: IUploadDetails, buffer: unknown, appId: string) => {
			const refused = refusals.get(w);
			if (refused !== undefined) throw new Error(refused);
			if (!w.rooms.has(details.rid)) throw new Error(`sandbox: no room ${details.rid} to upload to`);
			const stored: StoredUpload = { id: newId('f'), name: details.name, roomId: details.rid, ...(details.userId ? { userId: details.userId } : {}), bytes: bytesOf(buffer), appId, at: Date.now() };
			uploadsOf(w).push(stored);
			return asUpload(w, stored);
		},
		getById: async (id: string) => {
			const found = uploadsOf(w).find((u) => u.id === id);
			return found ? asUpload(w, found) : undefined;
		},
		getBuffer: async (upload: IUpload) => {
			const found = uploadsOf(w).find((u) => u.id === upload.id);
			if (!found) throw new Error(`sandbox: no upload ${upload.id}`);
			return Buffer.from(found.bytes);
		},
	});
}
