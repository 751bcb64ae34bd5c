/**
 * The few globals the app uses that both the Apps-Engine Deno runtime and Node provide. The app is
 * type-checked without DOM or Node typings; note the runtime hides `globalThis` from app code
 * (it is `undefined` there), so these must be used as bare globals.
 */
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

/** The one Node module the app uses; the Apps-Engine runtime allows `crypto` (node:crypto in Deno). */
declare module 'crypto' {
	interface Hmac {
		update(data: string): Hmac;
		digest(encoding: 'hex'): string;
	}
	export function createHmac(algorithm: 'sha256', key: string): Hmac;
}
