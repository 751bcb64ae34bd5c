/** What every sandbox bridge is built with: the abstract-class proxy, deep copies and association records. */
import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

export type Method = (...args: never[]) => unknown;

/**
 * Builds a bridge from its abstract class and the methods the sandbox implements. Anything else the
 * app reaches throws a clear "not implemented in the sandbox" error instead of failing obscurely.
 */
export function bridge<T extends object>(cls: abstract new (...args: never[]) => T, impl: Record<string, Method>): T {
	const target = Object.assign(Object.create(cls.prototype) as object, impl);
	return new Proxy(target, {
		get(t, prop, receiver) {
			if (prop in t || typeof prop !== 'string' || prop === 'then') return Reflect.get(t, prop, receiver);
			return () => {
				throw new Error(`sandbox: ${cls.name}.${prop} is not implemented`);
			};
		},
	}) as T;
}

/** A deep copy, as a value crossing the server's boundary is (JSON round trip). */
export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

// From the Deno runtime, association records arrive as plain `{model, id}` (JSON-RPC), not class instances.
const modelOf = (a: RocketChatAssociationRecord): string => {
	const r = a as unknown as { getModel?: () => string; model?: string };
	return typeof r.getModel === 'function' ? r.getModel() : String(r.model);
};
const idOf = (a: RocketChatAssociationRecord): string => {
	const r = a as unknown as { getID?: () => string; id?: string };
	return typeof r.getID === 'function' ? r.getID() : String(r.id);
};

/** A record matches when it carries every wanted association. */
export const associationsMatch = (recordAssoc: RocketChatAssociationRecord[], wanted: RocketChatAssociationRecord[]) =>
	wanted.every((a) => recordAssoc.some((r) => modelOf(r) === modelOf(a) && idOf(r) === idOf(a)));

/** Associations as stored: usable both as plain `{model, id}` and through `getModel()`/`getID()`. */
export const storedAssociations = (list: RocketChatAssociationRecord[]) =>
	list.map((a) => {
		const model = modelOf(a);
		const id = idOf(a);
		return { model, id, getModel: () => model, getID: () => id } as unknown as RocketChatAssociationRecord;
	});
