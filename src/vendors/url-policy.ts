/**
 * Where outgoing calls may go. A vendor base URL is an admin's choice, but a typo, a pasted example or
 * a compromised admin account must not turn the app into a way to reach the server's own network:
 * loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, reserved
 * ranges and internal names are refused unless the admin turns on `allow_private_hosts`.
 *
 * What this cannot see: a public name that resolves to a private address (the app has no DNS) and
 * where a redirect goes (Rocket.Chat's HTTP bridge follows redirects itself). For both the app asks
 * Rocket.Chat to validate every hop (`ssrfValidation`, on servers that offer it); see README Security.
 */

// Bare globals of the Deno runtime and Node (never through globalThis; see src/runtime-globals.d.ts).
interface UrlLike {
	protocol: string;
	hostname: string;
	username: string;
	password: string;
	search: string;
	hash: string;
	href: string;
}
declare const URL: new (input: string) => UrlLike;

export type HostKind = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved' | 'internal-name';

export interface UrlPolicy {
	/** `allow_private_hosts`: the admin allows every kind of host, not only public ones. */
	allowPrivateHosts: boolean;
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: 'invalid' | 'insecure' | 'private'; kind?: HostKind };

/** Names that always mean "this machine" or "the cloud's metadata service". */
const METADATA_NAMES = ['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal'];
/** Suffixes that only resolve inside a private network. */
const INTERNAL_SUFFIXES = ['.localhost', '.local', '.localdomain', '.internal', '.intranet', '.lan', '.home.arpa', '.corp'];

/**
 * A vendor base URL: must parse, no credentials, query or fragment (paths are appended to it), https
 * (plain http only to a loopback test server, and only when private hosts are allowed), and a public
 * host unless private hosts are allowed. Returned without trailing slash.
 */
export function checkBaseUrl(url: string, policy: UrlPolicy = { allowPrivateHosts: false }): BaseUrlCheck {
	const text = typeof url === 'string' ? url.trim() : '';
	if (!text) return { ok: false, reason: 'invalid' };
	let parsed: UrlLike;
	try {
		parsed = new URL(text);
	} catch {
		return { ok: false, reason: 'invalid' };
	}
	if (!parsed.hostname || parsed.username || parsed.password || parsed.search || parsed.hash) return { ok: false, reason: 'invalid' };
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { ok: false, reason: 'invalid' };
	const kind = hostKind(parsed.hostname);
	if (kind !== 'public' && !policy.allowPrivateHosts) return { ok: false, reason: 'private', kind };
	if (parsed.protocol === 'http:' && kind !== 'loopback') return { ok: false, reason: 'insecure', kind };
	return { ok: true, url: parsed.href.replace(/\/+$/, '') };
}

/**
 * What a URL's hostname (as the URL parser normalised it: lower case, IPv4 in dotted form, IPv6 in
 * brackets) points at, judged from the name alone.
 */
export function hostKind(hostname: string): HostKind {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host.startsWith('[')) return ipv6Kind(host.slice(1, -1));
	const v4 = parseIpv4(host);
	if (v4) return ipv4Kind(v4);
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	if (METADATA_NAMES.includes(host)) return 'metadata';
	if (!host.includes('.') || INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return 'internal-name';
	return 'public';
}

function parseIpv4(host: string): number[] | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!m) return undefined;
	const parts = m.slice(1).map(Number);
	return parts.every((p) => p <= 255) ? parts : undefined;
}

function ipv4Kind([a, b, c]: number[]): HostKind {
	if (a === 127) return 'loopback';
	if (a === 169 && b === 254) return 'link-local';
	if (a === 100 && b === 100 && c === 100) return 'metadata'; // Alibaba Cloud 100.100.100.200
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
	if (a === 0 || a >= 224 || (a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
		return 'reserved';
	}
	return 'public';
}

function ipv6Kind(addr: string): HostKind {
	if (addr === '::1') return 'loopback';
	if (addr === '::') return 'reserved';
	// IPv4-mapped (::ffff:a.b.c.d, normalised by the URL parser to ::ffff:XXXX:XXXX) and NAT64: judge the IPv4 inside.
	const mapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(addr);
	if (mapped) {
		const hi = parseInt(mapped[1], 16);
		const lo = parseInt(mapped[2], 16);
		return ipv4Kind([hi >> 8, hi & 255, lo >> 8, lo & 255]);
	}
	const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
	if (dotted) {
		const v4 = parseIpv4(dotted[1]);
		return v4 ? ipv4Kind(v4) : 'reserved';
	}
	const first = parseInt(addr.split(':')[0] || '0', 16);
	if ((first & 0xffc0) === 0xfe80) return 'link-local';
	if ((first & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7 (AWS metadata is fd00:ec2::254)
	if ((first & 0xff00) === 0xff00) return 'reserved'; // multicast
	if (first === 0x2001 && /^2001:0?db8:/.test(addr)) return 'reserved'; // documentation
	return 'public';
}
