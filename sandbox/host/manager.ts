/**
 * Several live `AppManager`s in one process. The engine keeps one static, `AppManager.Instance`, in
 * every generation the sandbox runs (1.53.1, 1.58.1, 1.62.0), and reads it in two places only:
 * - its constructor refuses to build a second manager while it is set;
 * - `getPermissionsByAppId(appId)` (the permission check behind every accessor call the app's
 *   runtime makes) asks `AppManager.Instance.getPermissionsById(appId)`.
 * Everything else a manager holds is its own (its apps, bridges, runtimes — one Deno child per app
 * per manager — and its temp dir with the runtime's symlink). So the sandbox clears the static
 * before it builds a manager and then points it at a router that answers the permission question
 * from a live manager that has the app loaded. The answer is the same whichever one it asks: the
 * granted permissions come from the app's stored metadata, which every instance shares (in
 * Rocket.Chat, from the one MongoDB). A manager that is starting (its apps not loaded yet) or
 * stopping is never asked, so one instance restarting never makes the other's calls fail.
 */
import { AppManager, type IAppManagerDeps } from '@rocket.chat/apps-engine/server/AppManager';

type Static = { Instance?: unknown };

const live = new Set<AppManager>();

const router = {
	getPermissionsById(appId: string): unknown[] {
		for (const m of live) if (m.getOneById(appId)) return m.getPermissionsById(appId);
		return [];
	},
};

/** Builds a manager beside any others that are live. */
export function newManager(deps: IAppManagerDeps): AppManager {
	(AppManager as unknown as Static).Instance = undefined;
	try {
		const manager = new AppManager(deps);
		live.add(manager);
		return manager;
	} finally {
		(AppManager as unknown as Static).Instance = router;
	}
}

/** The manager stopped: it answers no more permission questions. */
export function releaseManager(manager: AppManager): void {
	live.delete(manager);
	(AppManager as unknown as Static).Instance = live.size > 0 ? router : undefined;
}
