import { BOARD_PAGE_SIZE, orderMembers, pageOf } from '../../src/status/board/order';
import { parseBoardValue, boardValue } from '../../src/status/board/view';

const m = (username: string, presence: 'online' | 'away' | 'busy' | 'offline', name?: string) => ({ username, presence, ...(name !== undefined ? { name } : {}) });

describe('team board order', () => {
	it('puts available first: online, away, busy, offline; then by shown name (case-insensitive), then username', () => {
		const ordered = orderMembers([
			m('zed', 'offline'),
			m('bob', 'busy', 'Bob'),
			m('amy', 'away', 'amy'),
			m('carl', 'online', 'Carl'),
			m('ann', 'online', 'ann'),
			m('x2', 'away', 'Same'),
			m('x1', 'away', 'Same'),
			m('dan', 'online', ''),
		]);
		expect(ordered.map((x) => x.username)).toEqual(['ann', 'carl', 'dan', 'amy', 'x1', 'x2', 'bob', 'zed']);
	});

	it('does not change its input', () => {
		const input = [m('b', 'offline'), m('a', 'online')];
		orderMembers(input);
		expect(input.map((x) => x.username)).toEqual(['b', 'a']);
	});
});

describe('team board pages', () => {
	const items = Array.from({ length: 45 }, (_, i) => i);

	it('cuts 20 per page and says what is before and after', () => {
		expect(BOARD_PAGE_SIZE).toBe(20);
		expect(pageOf(items, 0)).toMatchObject({ page: 0, pages: 3, hasPrevious: false, hasNext: true, items: items.slice(0, 20) });
		expect(pageOf(items, 1)).toMatchObject({ page: 1, hasPrevious: true, hasNext: true, items: items.slice(20, 40) });
		expect(pageOf(items, 2)).toMatchObject({ page: 2, hasPrevious: true, hasNext: false, items: [40, 41, 42, 43, 44] });
	});

	it('clamps a page the room no longer has (it shrank since the button was drawn) and anything odd', () => {
		expect(pageOf(items, 7)).toMatchObject({ page: 2, hasNext: false });
		expect(pageOf(items, -3)).toMatchObject({ page: 0, hasPrevious: false });
		expect(pageOf(items, Number.NaN)).toMatchObject({ page: 0 });
		expect(pageOf([], 4)).toEqual({ items: [], page: 0, pages: 1, hasPrevious: false, hasNext: false });
		expect(pageOf(items.slice(0, 20), 0)).toMatchObject({ pages: 1, hasNext: false });
	});

	it('a button value names a room and a page, and nothing else is read as one', () => {
		expect(parseBoardValue(boardValue('GENERAL', 3))).toEqual({ roomId: 'GENERAL', page: 3 });
		for (const bad of [undefined, '', 'GENERAL', 'GENERAL:-1', 'GENERAL:1.5', 'a b:1', `${'r'.repeat(65)}:1`, 'x:1234567']) expect(parseBoardValue(bad)).toBeUndefined();
	});
});
