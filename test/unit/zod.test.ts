import { zodMessage } from '../../src/endpoints/auth';
import * as z from '../../src/zod';

/** src/zod.ts: the app's one door to zod (`zod/v4-mini`), with zod's English messages. */
describe('src/zod', () => {
	it("words an issue with zod's English messages, as the endpoints' answers quote them", () => {
		const body = z.strictObject({ user: z.string().check(z.trim(), z.minLength(1, 'user is required')), count: z.optional(z.int()) });
		const parsed = body.safeParse({ count: 1.5, extra: true });
		expect(parsed.success).toBe(false);
		expect(zodMessage(parsed.error!)).toBe('user: Invalid input: expected string, received undefined; count: Invalid input: expected int, received number; body: Unrecognized key: "extra"');
		expect(zodMessage(body.safeParse({ user: '  ' }).error!)).toBe('user: user is required');
	});
});
