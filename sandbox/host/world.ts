import { generateKeyPairSync } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

/** What a person in the sandbox looks like; `language` and `utcOffset` drive translations and times. */
export interface UserSeed {
	username: string;
	name?: string;
	email?: string;
	roles?: string[];
	language?: string;
	utcOffset?: number;
	status?: 'online' | 'away' | 'busy' | 'offline';
	statusText?: string;
	customFields?: Record<string, unknown>;
}

export interface PersistedRecord {
	id: string;
	appId: string;
	data: object;
	associations: RocketChatAssociationRecord[];
}

export interface StoredJob {
	jobId: string;
	/** The processor id as Rocket.Chat stores it (`<id>_<appId>`). */
	name: string;
	appId: string;
	when: number;
	data?: Record<string, unknown>;
	/** Milliseconds between runs of a recurring job. */
	intervalMs?: number;
}

/** A notification or message the app produced, as the sandbox saw it. */
export interface Delivered {
	kind: 'ephemeral' | 'message';
	to?: string;
	roomId: string;
	sender?: string;
	text: string;
	blocks?: unknown[];
	at: number;
	/** The app instance that sent it (a cluster's `demo.hosts[i]`; 0 for a single host). */
	instance: number;
}

let counter = 0;
export const newId = (prefix = ''): string => `${prefix}${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;

/**
 * The in-memory Rocket.Chat a host runs against. It outlives a host: a fresh host over the same
 * world is a server restart (persistence, jobs, app metadata and settings survive; processes don't).
 */
export class World {
	public readonly users = new Map<string, IUser>();
	public readonly rooms = new Map<string, IRoom>();
	public readonly messages: Delivered[] = [];
	public readonly persistence = new Map<string, PersistedRecord>();
	public readonly jobs = new Map<string, StoredJob>();
	public readonly serverSettings = new Map<string, ISetting>();
	public readonly appMetadata = new Map<string, IAppStorageItem>();
	public readonly appSources = new Map<string, Buffer>();
	public readonly logs: ILoggerStorageEntry[] = [];
	public readonly livechatRooms = new Map<string, Record<string, unknown>>();
	public readonly visitors = new Map<string, Record<string, unknown>>();
	/** Live feed for viewers (the web page, the terminal demo): `delivered` (Delivered), `surface` (UiRecord). */
	public readonly events = new EventEmitter();
	public readonly keys = generateKeyPairSync('rsa', {
		modulusLength: 2048,
		publicKeyEncoding: { type: 'spki', format: 'pem' },
		privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
	});

	constructor(siteUrl = 'http://127.0.0.1:3000') {
		this.setServerSetting('Site_Url', siteUrl);
		this.setServerSetting('Language', 'en');
		this.addRoom({ id: 'GENERAL', name: 'general' });
	}

	public setServerSetting(id: string, value: unknown): void {
		this.serverSettings.set(id, {
			id,
			type: 'string',
			packageValue: value,
			value,
			required: false,
			public: true,
			i18nLabel: id,
		} as ISetting);
	}

	public addUser(seed: UserSeed): IUser {
		const existing = this.userByUsername(seed.username);
		const id = existing?.id ?? newId('u');
		const user = {
			id,
			username: seed.username,
			name: seed.name ?? seed.username,
			emails: [{ address: seed.email ?? `${seed.username}@example.com`, verified: true }],
			type: UserType.USER,
			isEnabled: true,
			roles: seed.roles ?? ['user'],
			status: seed.status ?? 'online',
			statusConnection: UserStatusConnection.ONLINE,
			statusText: seed.statusText ?? '',
			utcOffset: seed.utcOffset ?? 0,
			createdAt: new Date(),
			updatedAt: new Date(),
			lastLoginAt: new Date(),
			settings: { preferences: { language: seed.language ?? 'en' } },
			customFields: seed.customFields ?? {},
		} as IUser;
		this.users.set(id, user);
		return user;
	}

	public addAppUser(appId: string, username: string): IUser {
		const user = this.addUser({ username, name: 'Inbox Bridge', roles: ['bot'] });
		const appUser = { ...user, type: UserType.APP, appId } as IUser;
		this.users.set(user.id, appUser);
		return appUser;
	}

	public userByUsername(username: string): IUser | undefined {
		for (const user of this.users.values()) if (user.username === username) return user;
		return undefined;
	}

	/** `team`: the room is a team's main room (Rocket.Chat names it after the team; its members are the team's). */
	public addRoom(seed: { id?: string; name: string; type?: RoomType; members?: string[]; team?: boolean }): IRoom {
		const id = seed.id ?? newId('r');
		const room = {
			id,
			...(seed.team ? { teamId: `team-${id}`, isTeamMain: true } : {}),
			slugifiedName: seed.name,
			displayName: seed.name,
			type: seed.type ?? RoomType.CHANNEL,
			creator: undefined,
			usernames: seed.members ?? [],
			isDefault: false,
			isReadOnly: false,
			displaySystemMessages: true,
			messageCount: 0,
			createdAt: new Date(),
			updatedAt: new Date(),
		} as unknown as IRoom;
		this.rooms.set(room.id, room);
		return room;
	}

	/** Adds users to a room's members (by username), as joining it does. */
	public join(roomId: string, usernames: string[]): void {
		const room = this.rooms.get(roomId);
		if (!room) throw new Error(`sandbox: no room ${roomId}`);
		const members = (room as { usernames?: string[] }).usernames ?? [];
		(room as { usernames?: string[] }).usernames = [...members, ...usernames.filter((u) => !members.includes(u))];
	}

	public record(kind: Delivered['kind'], message: IMessage, to?: IUser, instance = 0): Delivered {
		const delivered: Delivered = {
			kind,
			to: to?.username,
			roomId: message.room?.id,
			sender: message.sender?.username,
			text: message.text ?? '',
			blocks: message.blocks as unknown[] | undefined,
			at: Date.now(),
			instance,
		};
		this.messages.push(delivered);
		this.events.emit('delivered', delivered);
		return delivered;
	}
}
