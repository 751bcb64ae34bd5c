import type { IUser } from '@rocket.chat/apps-engine/definition/users';

export const isAdmin = (user: IUser): boolean => (user.roles ?? []).includes('admin');

/** Whether the user holds any of the roles (a settings list such as `livechat-agent, admin`). */
export const hasAnyRole = (user: IUser, roles: ReadonlyArray<string>): boolean => (user.roles ?? []).some((r) => roles.includes(r));
