import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Requester } from '../../delivery/outbox';
import type { Source } from '../model/types';
import type { TransitionSource } from '../timeline/transition';

/**
 * Who asked for a change, from its source and requester (`/st` of one's own, or a manager's for someone
 * else): what time in status records (timeline/transition.ts) and what decides a claim's source on 8.6+
 * (write.ts → claims/change.ts).
 */
export function askerOf(source: Source, user: IUser, requester: Requester): TransitionSource {
	switch (source) {
		case 'command':
			return requester.userId === user.id ? 'self' : 'manager';
		case 'api':
			return 'bot';
		case 'webhook':
			return 'callbell';
		case 'rocketchat':
		case 'timer':
		case 'hours':
			return source;
	}
}
