import type { IUser } from '@rocket.chat/apps-engine/definition/users';

export const isAdmin = (user: IUser): boolean => (user.roles ?? []).includes('admin');

/** Whether the user holds any of the roles (a settings list such as `livechat-agent, admin`). */
export const hasAnyRole = (user: IUser, roles: ReadonlyArray<string>): boolean => (user.roles ?? []).some((r) => roles.includes(r));

/** Roles Rocket.Chat gives to users that are not people: bots and apps' own users. */
const MACHINE_ROLES: ReadonlyArray<string> = ['bot', 'app'];

/**
 * A person: a Rocket.Chat user of type `user` — never a bot, an app's user (this app's own included,
 * which carries an `appId`), a livechat guest (`unknown`), or anyone holding the `bot` or `app` role.
 * Decided from the user record alone (no engine call).
 */
export const isPerson = (user: IUser): boolean => String(user.type) === 'user' && !user.appId && !hasAnyRole(user, MACHINE_ROLES);

/** Active: Rocket.Chat's `active` flag, as the engine hands it over (`isEnabled`). Anything but `true` is not active. */
export const isActive = (user: IUser): boolean => user.isEnabled === true;
