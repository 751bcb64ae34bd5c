import type { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { KeyValueStore } from '../../store/kv';

/**
 * An agent's own records — the sync record, the Callbell ledger, the link, the timeline's head — carry
 * one more tag, `agent:<userId>`, so that the agent's turn reads all of them in the same call that
 * looks for rival claims (the turn's claim is listed by that tag too: turn/turn.ts). One read instead of
 * five for every change.
 *
 * How a tagged record is told from one an older version wrote (with its id alone): it names its own id
 * (`_id`). The upsert matches a record on all its tags, so an untagged record is removed before it is
 * written again with the tag (once per record). An agent whose sync record is tagged has been written
 * by this version: every record of theirs that exists is then in the listing (the ledger and the link
 * are rewritten tagged before the sync record is), and one absent from it does not exist. For anyone
 * else, and for the timeline's head, a record absent from the listing is still read by its id.
 *
 * Every other record passes through unchanged (and never carries `_id`).
 */
export const agentTag = (userId: string): string => `agent:${userId}`;

const FAMILIES = [/^st:sync:([^:]+)$/, /^st:ledger:([^:]+)$/, /^st:link:([^:]+)$/, /^tl:([^:]+)$/];
const syncId = (userId: string) => `st:sync:${userId}`;
/**
 * The agent's records besides the sync record that a complete listing vouches for (they are tagged before
 * it). The timeline's head is not among them: one absent from the listing is still looked up by id (an
 * older version's head is tagged when the next change rewrites it, the same day).
 */
const vouchedOf = (userId: string) => [`st:ledger:${userId}`, `st:link:${userId}`];
const isHead = (id: string) => id.startsWith('tl:');

/** The agent a record belongs to, when it is one of an agent's own records. */
function ownerOf(id: string): string | undefined {
	for (const family of FAMILIES) {
		const m = family.exec(id);
		if (m) return m[1];
	}
	return undefined;
}

type Raw = Record<string, unknown>;
const isRaw = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const strip = (v: Raw): Raw => {
	const { _id: _ignored, ...rest } = v;
	return rest;
};

/** What this call knows of a record's form: written tagged, written by an older version, or absent. */
type Form = 'tagged' | 'legacy' | 'none';

export class AgentKv extends KeyValueStore {
	/** Agents whose records were listed in this call (and are not released yet): id → the record's data, absent ids known absent when `complete`. */
	private readonly listed = new Map<string, { records: Map<string, Raw>; complete: boolean }>();
	private readonly forms = new Map<string, Form>();

	constructor(reader: IPersistenceRead, writer?: IPersistence) {
		super(reader, writer);
	}

	/**
	 * Takes what one read by `agentTag(userId)` returned as the agent's records until `forget`: the
	 * turn's claim read them (turn/turn.ts). Records of other shapes (claims) are left out.
	 */
	public remember(userId: string, listing: unknown[]): void {
		const records = new Map<string, Raw>();
		for (const r of listing) if (isRaw(r) && typeof r._id === 'string' && ownerOf(r._id) === userId) records.set(r._id, r);
		for (const id of records.keys()) this.forms.set(id, 'tagged');
		this.listed.set(userId, { records, complete: records.has(syncId(userId)) });
	}

	public forget(userId: string): void {
		this.listed.delete(userId);
	}

	public override async get<T>(id: string): Promise<T | undefined> {
		const owner = ownerOf(id);
		if (owner === undefined) return super.get<T>(id);
		const listed = this.listed.get(owner);
		const known = listed?.records.get(id);
		if (known) return strip(known) as T;
		if (listed?.complete && !isHead(id)) {
			this.forms.set(id, 'none');
			return undefined;
		}
		const raw = await super.get<unknown>(id);
		this.forms.set(id, !isRaw(raw) ? 'none' : raw._id === id ? 'tagged' : 'legacy');
		return (isRaw(raw) ? strip(raw) : raw) as T | undefined;
	}

	public override async put<T extends object>(id: string, value: T, tags: string[] = []): Promise<void> {
		const owner = ownerOf(id);
		if (owner === undefined) return super.put(id, isRaw(value) ? strip(value) : value, tags);
		// the sync record makes the listing complete: every other record of the agent is tagged before it
		if (id === syncId(owner) && !this.listed.get(owner)?.complete) await this.migrate(owner);
		// an untagged record would stay beside the tagged one: it goes first (once; also when this call never read it)
		const form = this.forms.get(id);
		if (form !== 'tagged' && form !== 'none') await super.remove(id);
		const record: Raw = { ...strip(value as Raw), _id: id };
		await super.put(id, record, [...tags, agentTag(owner)]);
		this.forms.set(id, 'tagged');
		this.listed.get(owner)?.records.set(id, record);
	}

	/** Rewrites, tagged, every record of the agent an older version wrote (read by id where this call has not). */
	private async migrate(owner: string): Promise<void> {
		for (const id of vouchedOf(owner)) {
			const value = this.forms.has(id) ? undefined : await this.get<unknown>(id);
			if (this.forms.get(id) !== 'legacy') continue;
			const raw = value ?? (await super.get<unknown>(id));
			if (isRaw(raw)) await this.put(id, raw);
		}
	}

	public override async remove(id: string): Promise<void> {
		await super.remove(id);
		const owner = ownerOf(id);
		if (owner === undefined) return;
		this.forms.set(id, 'none');
		this.listed.get(owner)?.records.delete(id);
	}
}
