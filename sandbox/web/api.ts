/**
 * The page's actions, each one call of the sandbox host or a simulator knob: the same entry points
 * the terminal demo and the sandbox tests use. What the app sends back arrives on the event stream.
 */
import type { Demo } from '../demo';
import type { EventStream } from './events';
import { snapshot } from './snapshot';

type Body = Record<string, unknown>;
export type ApiResult = { status: number; body: unknown };

const str = (v: unknown, name: string): string => {
	if (typeof v !== 'string' || v === '') throw new BadRequest(`${name} is required`);
	return v;
};
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export class BadRequest extends Error {}

const FAULTS = ['failNext', 'hangNext', 'resetNext', 'clear'] as const;

export function createApi(demo: Demo, stream: EventStream) {
	const user = (b: Body) => {
		const name = str(b.user, 'user');
		if (!demo.world.userByUsername(name)) throw new BadRequest(`no user @${name}`);
		return name;
	};
	/** Runs one app call; the app's own errors (thrown handlers, error logs) come back to show. */
	const call = async (fn: () => Promise<{ response?: unknown }>): Promise<ApiResult> => {
		let response: unknown;
		let failed: string | undefined;
		try {
			response = (await fn()).response;
		} catch (e) {
			failed = e instanceof Error ? e.message : String(e);
		}
		const errors = demo.host.errors.splice(0);
		if (failed && !errors.some((e) => e.includes(failed as string))) errors.push(failed);
		stream.changed('users');
		return { status: 200, body: { ok: errors.length === 0, errors, response } };
	};

	const routes: Record<string, (b: Body) => Promise<ApiResult>> = {
		command: (b) => call(() => demo.host.run(user(b), str(b.line, 'line'), typeof b.roomId === 'string' ? b.roomId : 'GENERAL')),
		action: (b) => {
			const view = b.view ? obj(b.view) : undefined;
			const roomId = typeof b.roomId === 'string' && demo.world.rooms.has(b.roomId) ? b.roomId : undefined;
			return call(() => demo.host.ui.blockAction(user(b), { actionId: str(b.actionId, 'actionId'), value: typeof b.value === 'string' ? b.value : undefined, blockId: typeof b.blockId === 'string' ? b.blockId : undefined, view, roomId }));
		},
		submit: (b) => call(() => demo.host.ui.submit(user(b), obj(b.view), obj(b.state) as Record<string, Record<string, unknown>>)),
		close: (b) => call(() => demo.host.ui.close(user(b), obj(b.view))),
		setting: async (b) => {
			const id = str(b.id, 'id');
			if (!demo.host.settings().some((s) => s.id === id)) throw new BadRequest(`the app declares no setting "${id}"`);
			const result = await call(async () => {
				await demo.host.setSetting(id, b.value);
				return {};
			});
			stream.changed('settings');
			return result;
		},
		fault: async (b) => {
			const sim = demo.sims.list.find((s) => s.name === b.sim);
			if (!sim) throw new BadRequest(`no simulator "${String(b.sim)}"`);
			const kind = FAULTS.find((k) => k === b.kind);
			const n = typeof b.n === 'number' && b.n > 0 ? Math.min(b.n, 100) : 1;
			if (kind === 'failNext') sim.failNext(n, typeof b.status === 'number' ? b.status : 503);
			else if (kind === 'hangNext') sim.hangNext(n);
			else if (kind === 'resetNext') sim.resetNext(n);
			else if (kind === 'clear') sim.clearFaults();
			else throw new BadRequest(`kind must be one of ${FAULTS.join(', ')}`);
			stream.changed('sims');
			return { status: 200, body: { ok: true, errors: [] } };
		},
		// `{all: false}` (the default): the jobs whose time has come; `{all: true}`: every one, as if its time had come.
		jobs: async (b) => {
			const ran = await demo.host.jobs.runDue({ all: b.all === true });
			stream.changed('jobs');
			return { status: 200, body: { ok: true, ran, errors: demo.host.errors.splice(0) } };
		},
	};

	return {
		state: (username: string) => snapshot(demo, demo.world.userByUsername(username) ? username : 'alice'),
		post: async (name: string, body: unknown): Promise<ApiResult> => {
			const route = routes[name];
			if (!route) return { status: 404, body: { ok: false, errors: [`no action "${name}"`] } };
			try {
				return await route(obj(body));
			} catch (e) {
				if (e instanceof BadRequest) return { status: 400, body: { ok: false, errors: [e.message] } };
				throw e;
			}
		},
	};
}
