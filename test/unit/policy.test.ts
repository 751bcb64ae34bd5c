import { mergeOps } from '../../src/delivery/outbox';
import { admit, heldUntil, nextAttempt, tokenTag } from '../../src/delivery/policy';
import type { VendorFailure } from '../../src/vendors/errors';

describe('sliding-window limiter: the window rules', () => {
	const limit = { limit: 3, windowMs: 1000 };
	const answered = (t: number) => ({ at: t, leaseUntil: t + 5000, answeredAt: t });
	/** The slots of `sent` (answered when sent) that still count at `now`. */
	const held = (sent: number[], now: number) => sent.map(answered).filter((s) => heldUntil(s, limit.windowMs) > now);

	it('lets `limit` requests through per window, then says how long to wait', () => {
		const sent: number[] = [];
		for (const t of [0, 10, 20]) {
			expect(admit(held(sent, t), limit, t)).toEqual({ ok: true });
			sent.push(t);
		}
		expect(admit(held(sent, 30), limit, 30)).toEqual({ ok: false, waitMs: 980 }); // 1000 ms window + 10 ms guard
		// once the oldest send leaves the window a slot is free again
		expect(admit(held(sent, 1009), limit, 1009).ok).toBe(false);
		expect(admit(held(sent, 1010), limit, 1010).ok).toBe(true);
	});

	it('never allows more than `limit` in any window, whatever the arrival pattern', () => {
		const accepted: number[] = [];
		for (let t = 0; t < 5000; t += 7) {
			if (admit(held(accepted, t), limit, t).ok) accepted.push(t);
		}
		for (const start of accepted) expect(accepted.filter((t) => t >= start && t < start + limit.windowMs).length).toBeLessThanOrEqual(3);
		// and keeps the allowed rate: 3 per second over 5 s
		expect(accepted.length).toBeGreaterThanOrEqual(15);
	});

	it('a slot never answered is held through its lease and a window after it; the wait assumes an answer could come now', () => {
		const inFlight = { at: 0, leaseUntil: 400 };
		expect(heldUntil(inFlight, limit.windowMs)).toBe(1410);
		expect(heldUntil({ ...inFlight, answeredAt: 100 }, limit.windowMs)).toBe(1110);
		const full = [inFlight, answered(50), answered(60)];
		// at 100 the one in flight could be answered right now: the earliest a slot frees is 50's end, then a window from now
		expect(admit(full, limit, 100)).toEqual({ ok: false, waitMs: 960 });
		expect(admit([inFlight, inFlight, inFlight], limit, 100)).toEqual({ ok: false, waitMs: 1010 });
		// past its lease, no answer will come: it frees at its lease end plus the window
		expect(admit([inFlight, inFlight, inFlight], limit, 1000)).toEqual({ ok: false, waitMs: 410 });
	});
});

describe('retry policy', () => {
	const policy = { baseDelayMs: 1000, maxDelayMs: 8000, maxAgeMs: 60000 };
	const server: VendorFailure = { kind: 'unavailable', vendor: 'botpenguin', cause: 'server', sent: 'yes', status: 500, message: 'HTTP 500' };

	it('backs off exponentially with jitter, capped', () => {
		const at = (attempt: number, rnd: number) => nextAttempt(server, attempt, 0, 0, policy, () => rnd);
		expect(at(1, 0)).toEqual({ retry: true, at: 500 });
		expect(at(1, 1)).toEqual({ retry: true, at: 1000 });
		expect(at(3, 1)).toEqual({ retry: true, at: 4000 });
		expect(at(10, 1)).toEqual({ retry: true, at: 8000 });
	});

	it('waits exactly Retry-After on 429', () => {
		const limited: VendorFailure = { kind: 'rate_limited', vendor: 'callbell', sent: 'yes', status: 429, message: '', retryAfterMs: 7000 };
		expect(nextAttempt(limited, 5, 0, 100, policy)).toEqual({ retry: true, at: 7100 });
	});

	it('gives up past the maximum age, and never retries final answers', () => {
		expect(nextAttempt(server, 1, 0, 59900, policy, () => 1)).toEqual({ retry: false });
		for (const kind of ['unauthorized', 'not_found', 'invalid'] as const) {
			expect(nextAttempt({ kind, vendor: 'botpenguin', sent: 'yes', status: 400, message: 'x' }, 1, 0, 0, policy)).toEqual({ retry: false });
		}
	});
});

describe('coalescing', () => {
	it('merges lead updates to the same lead (notes appended, tags united, attributes by key)', () => {
		const merged = mergeOps(
			{ kind: 'lead.update', update: { uuid: 'u1', status: 'OPEN', tags: ['a'], notes: [{ title: 't', description: '1' }], attributes: [{ key: 'plan', value: 'free' }] } },
			{ kind: 'lead.update', update: { uuid: 'u1', status: 'CLOSED', tags: ['a', 'b'], notes: [{ title: 't', description: '2' }], attributes: [{ key: 'plan', value: 'pro' }] } },
		);
		expect(merged).toEqual({
			kind: 'lead.update',
			update: { uuid: 'u1', status: 'CLOSED', tags: ['a', 'b'], notes: [{ title: 't', description: '1' }, { title: 't', description: '2' }], attributes: [{ key: 'plan', value: 'pro' }] },
		});
	});

	it('a newer status replaces an older one', () => {
		const newer = { kind: 'callbell.status' as const, userUuid: 'x', change: { available: false } };
		expect(mergeOps({ kind: 'callbell.status', userUuid: 'x', change: { available: true } }, newer)).toBe(newer);
	});

	it('tags tokens without keeping them', () => {
		expect(tokenTag('secret-token')).toMatch(/^[0-9a-f]{8}$/);
		expect(tokenTag('secret-token')).not.toBe(tokenTag('secret-tokem'));
	});
});
