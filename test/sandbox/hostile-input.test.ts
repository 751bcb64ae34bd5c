import { type Demo, startDemo } from '../../sandbox/demo';
import { seeded as prng } from '../../sandbox/random';
import { DEMO } from '../../sandbox/simulators';

const PIECES = [
	'busy', 'online', 'away', 'offline', 'clear', 'help', 'list', 'link', 'preset', 'add', 'set', 'rename', 'remove', 'for', '30m', '2h', 'until', '17:30', '25:99',
	'-5m', '0m', '99999h', 'status=CLOSED', 'status=closed', 'status=', 'name="John Doe"', 'email=a@b', 'email=a@b.co', 'dial=+91', 'dial=91', 'tag=a,b', 'tag=',
	'note="x: y"', 'note="', 'attr.plan=pro', 'attr.=x', 'picture=https://x.y/z.png', 'picture=javascript:alert(1)', 'agent=@alice', 'agent=@nobody', 'sub:123',
	`sub:${DEMO.subscriberIds[0]}`, DEMO.contactIds[0], '640f472d173951357f08edeZ', '7e88d192-9b20-4035-9b68-d4ac3d58a34f', 'not-a-uuid', 'queue', 'retry', 'drop',
	'audit', '@admin', '@', '""', "'", '"', '\\', '`', '${process.env}', '{{7*7}}', '<script>alert(1)</script>', "'; DROP TABLE leads; --", '$(rm -rf /)', '../../etc/passwd',
	'%00', '\u0000', '\u202e', '🙂', '👩‍💻', 'Férias', 'ñandú', '日本語', 'x'.repeat(130), 'y'.repeat(3000), '=', '==', 'a=b=c', '--help', '-h', 'null', 'undefined', 'NaN', '[]', '{}',
];

function randomLine(rnd: () => number): string {
	const n = Math.floor(rnd() * 7);
	const parts: string[] = [];
	for (let i = 0; i < n; i++) parts.push(PIECES[Math.floor(rnd() * PIECES.length)]);
	return parts.join(rnd() < 0.1 ? '  ' : ' ');
}

// Lines per command: enough to find crashes, few enough for CI (each line is one engine call).
const LINES = Number(process.env.FUZZ_LINES ?? 1000);

describe('hostile and random command lines', () => {
	let demo: Demo;
	beforeAll(async () => {
		demo = await startDemo({ timers: 'manual', settings: { botpenguin_rate_limit: 100000, callbell_rate_limit: 100000 } });
	});
	afterAll(() => demo.stop());

	it('every registered command answers every line with a translated reply and leaves no engine error', async () => {
		const commands = demo.host.commands();
		expect(commands).toContain('inbox-bridge');
		const rnd = prng(20261124);
		const bad: string[] = [];
		for (const command of commands) {
			for (let i = 0; i < LINES; i++) {
				const line = `/${command} ${randomLine(rnd)}`.trim();
				const user = ['alice', 'admin', 'carol', 'bob'][i % 4];
				let texts: string[] = [];
				try {
					const reply = await demo.host.as(user).run(line);
					texts = [...reply.texts, ...reply.surfaces.map((s) => s.type)];
				} catch (e) {
					bad.push(`${line} → threw ${(e as Error).message}`);
					continue;
				}
				if (texts.length === 0) bad.push(`${line} → no reply`);
				for (const t of texts) {
					if (/\bat \S+ \(|TypeError|ReferenceError|undefined is not|\{[a-z]+\}/.test(t)) bad.push(`${line} → ${t.slice(0, 200)}`);
				}
				if (demo.host.errors.length > 0) bad.push(`${line} → engine: ${demo.host.errors.splice(0).join(' | ').slice(0, 300)}`);
				if (bad.length > 10) break;
			}
		}
		expect(bad).toEqual([]);
	}, 600000);
});
