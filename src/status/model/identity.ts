import type { IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { readSettings, SettingId } from '../../settings';
import { withKeyLock } from '../../store/lock';
import { isCallbellUuid, parseUserMap } from './maps';
import type { StatusStore } from './store';

/**
 * Who is who: the Callbell user of an agent, and who may link which Callbell user. One place decides
 * it, before anything is written:
 * - the admin decides: an admin link (`/inbox-bridge link`) first, then `callbell_user_map` by email;
 * - a self link (`/st link`) counts only while `callbell_self_link` is on, and never over the map;
 * - a Callbell uuid belongs to one agent: linking a uuid that is mapped or linked to someone else is
 *   refused, and a link that conflicts anyway (written by an older version, or by a race between
 *   instances) is not used;
 * - only agents with a Callbell user are driven by Callbell (the webhook ignores everyone else).
 */

export type LinkRefusal = 'self_link_off' | 'mapped' | 'taken';
export type LinkResult = { ok: true } | { ok: false; reason: LinkRefusal };

export function emailsOf(user: IUser): string[] {
	return (user.emails ?? []).map((e) => String(e.address ?? '').trim().toLowerCase()).filter(Boolean);
}

export class Identity {
	constructor(
		private readonly read: IRead,
		private readonly store: StatusStore,
	) {}

	private async settings() {
		const s = await readSettings(this.read, 'callbell');
		return { map: parseUserMap(s[SettingId.CallbellUserMap]).map, selfLink: s[SettingId.CallbellSelfLink] };
	}

	/** Per call: the answer for each agent already asked about (a link made in this call forgets it). */
	private readonly known = new Map<string, Promise<string | undefined>>();

	/** The agent's Callbell user, or undefined: not linked, or linked to a uuid that is someone else's. */
	public callbellUuid(user: IUser): Promise<string | undefined> {
		const key = `${user.id} ${emailsOf(user).join(',')}`;
		let answer = this.known.get(key);
		if (!answer) this.known.set(key, (answer = this.lookUp(user)));
		return answer;
	}

	private async lookUp(user: IUser): Promise<string | undefined> {
		const [{ map, selfLink }, link] = await Promise.all([this.settings(), this.store.link(user.id)]);
		const mine = new Set(emailsOf(user));
		// (a link from before the uuid index existed has no index entry: it stands unless the map gives the uuid to someone else)
		const usable = async (uuid: string) => {
			if (!isCallbellUuid(uuid) || mappedToOther(map, uuid, mine)) return false;
			const owner = await this.store.linkedTo(uuid);
			return owner === undefined || owner === user.id;
		};
		if (link?.by === 'admin' && (await usable(link.uuid))) return link.uuid;
		for (const email of mine) {
			const uuid = map.get(email);
			if (uuid) return uuid;
		}
		// a self link (or one from before links said who made them): only while the admin allows it
		if (link && link.by !== 'admin' && selfLink && (await usable(link.uuid))) return link.uuid;
		return undefined;
	}

	/** Links `user` to `uuid`, for `by` (the agent themselves or an admin), or says why not. */
	public async link(user: IUser, uuid: string, by: 'admin' | 'self'): Promise<LinkResult> {
		this.known.clear();
		const { map, selfLink } = await this.settings();
		const mine = new Set(emailsOf(user));
		if (by === 'self' && !selfLink) return { ok: false, reason: 'self_link_off' };
		if (by === 'self' && [...mine].some((e) => map.has(e))) return { ok: false, reason: 'mapped' };
		if (!isCallbellUuid(uuid) || mappedToOther(map, uuid, mine)) return { ok: false, reason: 'taken' };
		return withKeyLock(`st:link:${uuid}`, async () => {
			const owner = await this.store.linkedTo(uuid);
			if (owner && owner !== user.id && (await this.store.link(owner))?.uuid === uuid) return { ok: false, reason: 'taken' };
			const previous = await this.store.link(user.id);
			await this.store.saveLinkedTo(uuid, user.id);
			await this.store.saveLink(user.id, { uuid, by });
			if (previous && previous.uuid !== uuid && (await this.store.linkedTo(previous.uuid)) === user.id) await this.store.dropLinkedTo(previous.uuid);
			// another instance may have taken the uuid between our read and write: the index decides
			if ((await this.store.linkedTo(uuid)) !== user.id) return { ok: false, reason: 'taken' };
			return { ok: true };
		});
	}

	/** Finds a Rocket.Chat user by username or email (the bot endpoint and the webhook). */
	public async findUser(who: string): Promise<IUser | undefined> {
		const name = who.trim().replace(/^@/, '');
		const reader = this.read.getUserReader();
		if (!name.includes('@')) return (await reader.getByUsername(name)) ?? undefined;
		const email = name.toLowerCase();
		const known = await this.store.userIdByEmail(email);
		if (known) {
			const user = await reader.getById(known);
			if (user && emailsOf(user).includes(email)) return user;
		}
		// Not seen yet: usernames are often the email's local part; accept only if the email matches.
		const guess = await reader.getByUsername(email.split('@')[0]);
		if (guess && emailsOf(guess).includes(email)) {
			await this.store.rememberEmail(email, guess.id);
			return guess;
		}
		return undefined;
	}

	/** What the agent's sync record keeps of the emails last written to the index (`remember`). */
	public static indexedKey(user: IUser): string {
		return emailsOf(user).join(',');
	}

	/**
	 * Keeps the email → user index up to date for `user`. `indexed` is what the last call wrote (kept in
	 * the agent's sync record): unchanged emails cost nothing. Returns what to keep next time.
	 */
	public async remember(user: IUser, indexed?: string): Promise<string> {
		const key = Identity.indexedKey(user);
		if (key !== indexed) for (const email of emailsOf(user)) await this.store.rememberEmail(email, user.id);
		return key;
	}
}

function mappedToOther(map: Map<string, string>, uuid: string, mine: Set<string>): boolean {
	for (const [email, mapped] of map) if (mapped === uuid && !mine.has(email)) return true;
	return false;
}
