import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { demoPerTest, says } from './fixtures';

/**
 * Issue 17, finding 6: the team board answers "no such room" and "not yours" with the same words, so
 * it never tells whoever may not look that a private room exists; a forged Refresh, Previous or Next
 * carrying a private room's id shows nothing and names nothing.
 */

const demo = demoPerTest();
const host = () => demo().host;
const world = () => demo().world;

/** #secret-ops: a private group alice is not in (bob is). */
function seedSecret(): string {
	return world().addRoom({ name: 'secret-ops', type: RoomType.PRIVATE_GROUP, members: ['bob', 'admin'] }).id;
}

const withoutName = (text: string, name: string) => text.split(name).join('<name>');

describe('/st team: who may not look learns nothing', () => {
	it('a private room alice is not in and a name nobody uses get the same answer, as do a team and a room that is no team', async () => {
		seedSecret();
		world().addRoom({ name: 'war-room', type: RoomType.PRIVATE_GROUP, members: ['bob'], team: true });
		const secret = await host().as('alice').run('/st team #secret-ops');
		const typo = await host().as('alice').run('/st team #secret-opz');
		expect(secret.surfaces).toEqual([]);
		expect(secret.text).toBe(says(demo(), 'alice', 'st_board_not_visible', { target: '#secret-ops' }));
		expect(withoutName(secret.text, 'secret-ops')).toBe(withoutName(typo.text, 'secret-opz'));

		const team = await host().as('alice').run('/st team @war-room');
		const noTeam = await host().as('alice').run('/st team @secret-ops'); // a room, but no team
		const nothing = await host().as('alice').run('/st team @war-roam');
		expect(withoutName(team.text, 'war-room')).toBe(withoutName(nothing.text, 'war-roam'));
		expect(withoutName(noTeam.text, 'secret-ops')).toBe(withoutName(nothing.text, 'war-roam'));

		// alice reads her own audit: the attempts are there, in one wording
		const audit = (await host().as('alice').run('/inbox-bridge audit')).text.split('\n').filter((l) => l.includes('status.board'));
		expect(audit).toHaveLength(5);
		expect(new Set(audit.map((l) => l.replace(/^• \S+ /, '').replace(/[#@][\w-]+:/, '<name>:'))).size).toBe(1);

		// a member sees it, and so does an admin
		expect((await host().as('bob').run('/st team #secret-ops')).surfaces).toHaveLength(1);
		expect((await host().as('admin').run('/st team #secret-ops')).surfaces).toHaveLength(1);
	});

	it.each(['st.board.refresh', 'st.board.previous', 'st.board.next'])('a forged %s with a private room id answers like an unknown id and names no room', async (actionId) => {
		const id = seedSecret();
		const forged = await host().ui.blockAction('alice', { actionId, value: `${id}:1`, view: { id: `st.board.${id}` } });
		const unknown = await host().ui.blockAction('alice', { actionId, value: 'NOSUCHROOM:1', view: { id: 'st.board.NOSUCHROOM' } });
		expect(forged.surfaces).toEqual([]);
		expect(forged.text).toBe(says(demo(), 'alice', 'st_board_gone'));
		expect(unknown.text).toBe(forged.text);
		expect(forged.text).not.toContain('secret');
		expect(JSON.stringify(forged.delivered)).not.toContain('secret');
	});
});
