import { createHmac } from 'crypto';

/**
 * HMAC-SHA256 of `text` keyed with `key` (both as UTF-8), in lower-case hex: the one place the app
 * uses Node's `crypto`, which the Apps-Engine runtime allows (the package test checks that the bundle
 * requires nothing else).
 */
export const hmacSha256Hex = (key: string, text: string): string => createHmac('sha256', key).update(text).digest('hex');
