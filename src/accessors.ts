import type { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** The four accessors the engine hands every call (command, endpoint, job, event, UIKit): passed down as one. */
export interface Accessors {
	read: IRead;
	modify: IModify;
	http: IHttp;
	persis: IPersistence;
}

/**
 * The accessors of an event whose modifier the engine declares optional (IPostLivechatRoomClosed's
 * `modify?`). Whatever runs under it says what it does without one.
 */
export type EventAccessors = Omit<Accessors, 'modify'> & { modify?: IModify };
