import { bodyText, parseJson } from '../../../src/vendors/safe-json';

describe('parseJson', () => {
	it('drops "__proto__" keys at every depth and keeps the rest', () => {
		const value = parseJson('{"success":true,"__proto__":{"polluted":1},"a":[{"__proto__":null,"b":2}],"c":{"d":{"__proto__":[]}}}');
		expect(value).toEqual({ success: true, a: [{ b: 2 }], c: { d: {} } });
		expect(JSON.stringify(value)).not.toContain('__proto__');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('keeps what JSON.parse keeps (constructor, prototype and ordinary keys)', () => {
		expect(parseJson('{"constructor":{"prototype":1},"x":"__proto__"}')).toEqual({ constructor: { prototype: 1 }, x: '__proto__' });
		expect(parseJson('[1,"two",null]')).toEqual([1, 'two', null]);
	});

	it('throws on what is not JSON, like JSON.parse', () => {
		expect(() => parseJson('{"a":')).toThrow();
	});
});

describe('bodyText', () => {
	it('reads strings as they are and bytes as UTF-8', () => {
		expect(bodyText('{"a":1}')).toBe('{"a":1}');
		expect(bodyText(Buffer.from('{"name":"Férias"}', 'utf8'))).toBe('{"name":"Férias"}');
		expect(bodyText(new Uint8Array([0x6f, 0x6b]))).toBe('ok');
		expect(bodyText(undefined)).toBeUndefined();
		expect(bodyText({ a: 1 })).toBeUndefined();
	});
});
