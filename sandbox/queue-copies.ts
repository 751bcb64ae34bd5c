/** A long queue made quickly: copies of the app's own queued outbox records, for tests and the bench. */
import { PARTS } from '../src/delivery/records';
import type { Demo } from './demo';

/**
 * Grows the outbox to `total` records with copies of the app's own queued ones (same shape, new ids
 * spread over the queue's parts as the app's own are, each id naming its part), as a long outage
 * leaves. Returns the persistence ids of the copies.
 */
export function copyQueued(demo: Demo, total: number): string[] {
	const queued = [...demo.world.persistence.values()].filter((r) => (r.data as { op?: unknown }).op);
	if (queued.length === 0) throw new Error('copyQueued: nothing queued to copy');
	const ids: string[] = [];
	for (let i = 0; i < total - queued.length; i++) {
		const template = queued[i % queued.length];
		const part = i % PARTS;
		const id = `p${part}copy${i}`;
		const associations = template.associations.map((a) => {
			const model = a.getModel();
			const aid = a
				.getID()
				.replace(/^id:outbox:.*/, `id:outbox:${id}`)
				.replace(/^tag:outbox:part:\d+$/, `tag:outbox:part:${part}`)
				.replace(/^(tag:outbox:user:.+:part:)\d+$/, `$1${part}`);
			return { model, id: aid, getModel: () => model, getID: () => aid };
		});
		demo.world.persistence.set(`r${id}`, { id: `r${id}`, appId: template.appId, data: { ...(template.data as object), id }, associations: associations as never });
		ids.push(`r${id}`);
	}
	return ids;
}
