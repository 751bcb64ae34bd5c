import { bearer, bodySize, MAX_BODY_BYTES, safeEqual } from '../../src/endpoints/auth';

describe('endpoint secret checks', () => {
	it('compares the whole secret and nothing else', () => {
		expect(safeEqual('s3cret', 's3cret')).toBe(true);
		for (const wrong of ['', 's3cre', 's3crett', 'S3cret', 's3creT', 'x3cret']) expect(safeEqual(wrong, 's3cret')).toBe(false);
		expect(safeEqual('', '')).toBe(false); // an empty secret never matches: the endpoint is off
	});

	it('reads only a Bearer authorization', () => {
		expect(bearer({ authorization: 'Bearer abc' })).toBe('abc');
		expect(bearer({ authorization: 'Basic abc' })).toBeUndefined();
		expect(bearer({})).toBeUndefined();
	});

	it('measures bodies in bytes as received', () => {
		expect(bodySize(undefined)).toBe(0);
		expect(bodySize({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
		expect(bodySize('x'.repeat(MAX_BODY_BYTES + 1))).toBeGreaterThan(MAX_BODY_BYTES);
	});
});
