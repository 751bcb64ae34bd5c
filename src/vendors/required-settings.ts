import { fail, ok, type Vendor, type VendorResult } from './errors';
import { checkBaseUrl, type UrlPolicy } from './url-policy';

/** What the clients check before a call: a setting that must be filled, or `not_configured` naming it (never its value). */
export function requireSetting(vendor: Vendor, setting: string, value: string | undefined | null): VendorResult<string> {
	const text = typeof value === 'string' ? value.trim() : '';
	return text ? ok(text) : fail({ kind: 'not_configured', vendor, sent: 'no', setting, message: `${setting} is not set` });
}

/** A base URL setting: filled and allowed by the base-URL policy (url-policy.ts), or `not_configured` saying why. */
export function requireBaseUrl(vendor: Vendor, setting: string, value: string | undefined | null, policy?: UrlPolicy): VendorResult<string> {
	const present = requireSetting(vendor, setting, value);
	if (!present.ok) return present;
	const checked = checkBaseUrl(present.value, policy);
	if (checked.ok) return ok(checked.url);
	const why = { insecure: 'must use https (http only to a loopback host)', private: `points at a private address (${checked.kind ?? 'private'}); allowed only when allow_private_hosts is on`, invalid: 'is not a valid URL' }[checked.reason];
	return fail({ kind: 'not_configured', vendor, sent: 'no', setting, message: `${setting} ${why}` });
}
