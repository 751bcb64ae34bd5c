/** The app's persistence, kept in the world (it survives a host restart, as a server's database does). */
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';
import { newId, type World } from '../world';
import { associationsMatch, bridge, clone, storedAssociations } from './make';

export function persistenceBridge(w: World): PersistenceBridge {
	return bridge(PersistenceBridge, {
		purge: async (appId: string) => {
			for (const [id, r] of w.persistence) if (r.appId === appId) w.persistence.delete(id);
		},
		create: async (data: object, appId: string) => {
			const id = newId('p');
			w.persistence.set(id, { id, appId, data: clone(data), associations: [] });
			return id;
		},
		createWithAssociations: async (data: object, associations: RocketChatAssociationRecord[], appId: string) => {
			const id = newId('p');
			w.persistence.set(id, { id, appId, data: clone(data), associations: storedAssociations(associations) });
			return id;
		},
		readById: async (id: string) => clone(w.persistence.get(id)?.data),
		readByAssociations: async (associations: RocketChatAssociationRecord[], appId: string) =>
			[...w.persistence.values()].filter((r) => r.appId === appId && associationsMatch(r.associations, associations)).map((r) => clone(r.data)),
		remove: async (id: string) => {
			const r = w.persistence.get(id);
			w.persistence.delete(id);
			return r?.data;
		},
		removeByAssociations: async (associations: RocketChatAssociationRecord[], appId: string) => {
			const gone: object[] = [];
			for (const [id, r] of w.persistence) {
				if (r.appId === appId && associationsMatch(r.associations, associations)) {
					gone.push(r.data);
					w.persistence.delete(id);
				}
			}
			return gone;
		},
		update: async (id: string, data: object, upsert: boolean, appId: string) => {
			const r = w.persistence.get(id);
			if (!r && !upsert) throw new Error(`No record with id ${id}`);
			w.persistence.set(id, { id, appId, data: clone(data), associations: r?.associations ?? [] });
			return id;
		},
		updateByAssociations: async (associations: RocketChatAssociationRecord[], data: object, upsert: boolean, appId: string) => {
			const match = [...w.persistence.values()].filter((r) => r.appId === appId && associationsMatch(r.associations, associations));
			if (match.length === 0) {
				if (!upsert) throw new Error('No record for those associations');
				const id = newId('p');
				w.persistence.set(id, { id, appId, data: clone(data), associations: storedAssociations(associations) });
				return id;
			}
			for (const r of match) r.data = clone(data);
			return match[0].id;
		},
	});
}
