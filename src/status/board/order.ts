import type { Presence } from '../../vendors/rocketchat';

/** Members per page of the board (a page is one message or contextual bar, and one batch of reads). */
export const BOARD_PAGE_SIZE = 20;

/** Available first: who can take a conversation now, then who is around, busy, gone. */
export const PRESENCE_ORDER: ReadonlyArray<Presence> = ['online', 'away', 'busy', 'offline'];

export interface Orderable {
	username: string;
	name?: string;
	presence: Presence;
}

const shownName = (m: Orderable) => (m.name?.trim() || m.username).toLocaleLowerCase();

/** Ordered by presence (PRESENCE_ORDER), then by shown name, then username (so equal names keep one order). A new array. */
export function orderMembers<T extends Orderable>(members: ReadonlyArray<T>): T[] {
	const rank = (m: Orderable) => PRESENCE_ORDER.indexOf(m.presence);
	return [...members].sort((a, b) => rank(a) - rank(b) || shownName(a).localeCompare(shownName(b)) || a.username.localeCompare(b.username));
}

export interface Page<T> {
	items: T[];
	/** 0-based, clamped into the pages there are (a room that shrank since the button was drawn). */
	page: number;
	/** at least 1 (an empty room is one empty page) */
	pages: number;
	hasPrevious: boolean;
	hasNext: boolean;
}

export function pageOf<T>(items: ReadonlyArray<T>, page: number, size = BOARD_PAGE_SIZE): Page<T> {
	const pages = Math.max(1, Math.ceil(items.length / size));
	const at = Math.min(Math.max(0, Number.isFinite(page) ? Math.floor(page) : 0), pages - 1);
	return { items: items.slice(at * size, at * size + size), page: at, pages, hasPrevious: at > 0, hasNext: at < pages - 1 };
}
