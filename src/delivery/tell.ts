import type { Notice, Notify } from './outcome';

/**
 * Tells askers how their queued operations ended, one person and place at a time. While held (a
 * drain run) it gathers the delivered and failed ones and tells each person once when released,
 * naming every item, instead of a message (and the user and room reads before it) per item.
 *
 * An outcome the app cannot know (a note that may or may not have been added) is never held: its asker
 * must check the vendor, and must hear it even when a sibling send of the run never returns. Held
 * notices live in this call's memory: a runtime that dies mid-run loses the delivered and failed
 * notices of the items that run settled (one dying between an item's settlement and its notice always
 * lost that one); a failed item still waits in `/inbox-bridge queue` for its asker.
 */
export class Teller {
	private held?: Notice[];

	constructor(
		private readonly notify: Notify | undefined,
		private readonly warn: (message: string) => void,
	) {}

	public hold(): void {
		this.held ??= [];
	}

	public async tell(notices: Notice[]): Promise<void> {
		if (!this.notify || notices.length === 0) return;
		if (!this.held) return this.send(notices);
		this.held.push(...notices.filter((n) => n.outcome.state !== 'unknown'));
		await this.send(notices.filter((n) => n.outcome.state === 'unknown'));
	}

	/** Tells what was held, and stops holding. */
	public async release(): Promise<void> {
		const held = this.held ?? [];
		this.held = undefined;
		await this.send(held);
	}

	private async send(notices: Notice[]): Promise<void> {
		if (!this.notify || notices.length === 0) return;
		for (const group of byPlace(notices)) {
			try {
				await this.notify(group);
			} catch (e) {
				const { asker } = group[0];
				this.warn(`outbox ${group.map((n) => n.asker.id).join(', ')}: could not tell ${asker.username} the outcome: ${e instanceof Error ? e.message : String(e)}`);
			}
		}
	}
}

/** The notices per person and place they are told in (user and room), each group in settlement order. */
export function byPlace(notices: Notice[]): Notice[][] {
	const groups = new Map<string, Notice[]>();
	for (const n of notices) {
		const place = JSON.stringify([n.asker.userId, n.asker.roomId ?? null]);
		const group = groups.get(place);
		if (group) group.push(n);
		else groups.set(place, [n]);
	}
	return [...groups.values()];
}
