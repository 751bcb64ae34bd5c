import { parseUserMap, statusMapProblems } from '../../src/status/model/maps';
import { parseStatusMap } from '../../src/status/model/callbell-map';

describe('callbell_user_map and callbell_status_map are validated', () => {
	it('keeps good lines, reports and drops bad uuids, bad emails and syntax', () => {
		const { map, problems } = parseUserMap(['alice@x.io = cb-alice-0001', '# comment', 'bob@x.io = ..', 'carol = cb-carol-0003', 'no equals sign', 'dave@x.io = ../../auth/me', 'erin@x.io = a/b', ''].join('\n'));
		expect([...map]).toEqual([['alice@x.io', 'cb-alice-0001']]);
		expect(problems).toEqual([
			{ line: 3, reason: 'uuid' },
			{ line: 4, reason: 'email' },
			{ line: 5, reason: 'syntax' },
			{ line: 6, reason: 'uuid' },
			{ line: 7, reason: 'uuid' },
		]);
	});

	it('a uuid given to two agents belongs to neither; an email given twice is dropped too', () => {
		const { map, problems } = parseUserMap('a@x.io = shared-0001\nb@x.io = shared-0001\nc@x.io = own-0003\nc@x.io = own-0004');
		expect([...map]).toEqual([]);
		expect(problems.map((p) => p.reason)).toEqual(['duplicate_uuid', 'duplicate_uuid', 'duplicate_email', 'duplicate_email']);
	});

	it('status map: custom must be a uuid or none; a bad custom value never becomes a rule', () => {
		expect(statusMapProblems('busy = available:true\nLunch = available:false, custom:none\nMeet = custom:cb-cs-0001')).toEqual([]);
		expect(statusMapProblems('Lunch = custom:..\nx = whatever\ny =')).toEqual([
			{ line: 1, reason: 'uuid' },
			{ line: 2, reason: 'rule' },
			{ line: 3, reason: 'syntax' },
		]);
		expect(parseStatusMap('lunch = custom:../../auth').get('lunch')).toEqual({});
	});
});
