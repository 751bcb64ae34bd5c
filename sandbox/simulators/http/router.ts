/** Route matching: `:name` matches one path segment, under the simulator's basePath. */
import type { Route } from './types';

export interface RouteMatch<P, S> {
	route: Route<P, S>;
	params: Record<string, string>;
}

export class Router<P, S> {
	private readonly compiled: Array<{ route: Route<P, S>; segments: string[] }>;

	constructor(routes: Array<Route<P, S>>, private readonly basePath: string) {
		this.compiled = routes.map((route) => ({ route, segments: splitPath(route.path) }));
	}

	/** The path relative to basePath (null: outside it) and the route it matches (null: none). */
	resolve(method: string, pathname: string): { relPath: string | null; match: RouteMatch<P, S> | null } {
		const relPath = stripBase(pathname, this.basePath);
		return { relPath, match: relPath === null ? null : this.match(method, relPath) };
	}

	private match(method: string, relPath: string): RouteMatch<P, S> | null {
		const segs = splitPath(relPath);
		for (const c of this.compiled) {
			if (c.route.method !== method) continue;
			const params = matchSegments(c.segments, segs);
			if (params) return { route: c.route, params };
		}
		return null;
	}
}

function splitPath(path: string): string[] {
	return path.split('/').filter((s) => s.length > 0);
}

function stripBase(pathname: string, basePath: string): string | null {
	if (!basePath) return pathname;
	if (pathname === basePath) return '/';
	return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
	if (pattern.length !== actual.length) return null;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const p = pattern[i];
		if (p.startsWith(':')) {
			try {
				params[p.slice(1)] = decodeURIComponent(actual[i]);
			} catch {
				return null;
			}
		} else if (p !== actual[i]) {
			return null;
		}
	}
	return params;
}
