import type { ISchedulerModify } from '@rocket.chat/apps-engine/definition/accessors';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Accessors } from '../../accessors';
import { parseSchedule, type Schedule } from '../../parse/st-hours';
import { readSettings, SettingId } from '../../settings';
import { withKeyLock } from '../../store/lock';
import { withinRange } from '../../parse/utc-offset';
import { type Boundary, dueAtWake, effectiveSchedule, type HoursMode, lastBoundary, MAX_BOUNDARY_GAP_MS, nextBoundary } from './hours';
import { type HoursRecord, HoursStore } from './store';
import { CANCELLABLE_JOB } from '../model/job-ids';

/** The one job per agent: armed for the next boundary, it applies it and arms the one after. */
export const HOURS_JOB = 'status.hours';
/** Re-arms agents' jobs: on every enable (all agents), and when the admin default changes (its followers). */
export const HOURS_REARM_JOB = 'status.hours.rearm';

/** What `/st hours` shows: whose hours, which, and the next change as the agent's offset places it now. */
export interface HoursView {
	from: 'own' | 'default' | 'off' | 'none';
	schedule?: Schedule;
	next?: Boundary;
}

/** A boundary the job applied (or set aside by the rules in boundary.ts), and the next one it armed. */
export interface Woken<T> {
	user: IUser;
	due: Boundary;
	schedule: Schedule;
	result: T;
	next?: Boundary;
}

/**
 * Working hours per agent: the record (whose hours apply), and the one scheduler job that carries the
 * agent from boundary to boundary. Each arming has a number (`gen`): a job that carries an older one
 * (replaced, or armed twice across a restart) does nothing. Boundaries are never applied when hours
 * are set or a job is re-armed, only when the job wakes at one: a status the agent set stays until
 * the next boundary.
 */
export class WorkingHours {
	private readonly store: HoursStore;

	constructor(
		private readonly a: Accessors,
		private readonly now: () => number = Date.now,
	) {
		this.store = new HoursStore(a.read.getPersistenceReader(), a.persis);
	}

	/** The admin default (`default_working_hours`); empty or unreadable = none (a bad value is refused on save). */
	public async defaultSchedule(): Promise<Schedule | undefined> {
		const text = (await readSettings(this.a.read, 'hours'))[SettingId.DefaultWorkingHours];
		if (!text) return undefined;
		const parsed = parseSchedule(text);
		return parsed.ok ? parsed.schedule : undefined;
	}

	public async view(user: IUser): Promise<HoursView> {
		const record = await this.store.get(user.id);
		const effective = effectiveSchedule(record?.mode ?? 'default', record?.schedule, await this.defaultSchedule());
		const now = this.now();
		const next = effective.schedule ? nextBoundary(now, user.utcOffset, effective.schedule) : undefined;
		return { ...effective, ...(next && plausible(next, now) ? { next } : {}) };
	}

	/** `/st hours <schedule>`, `/st hours off`, `/st hours default`: the record changes and the job is armed anew. */
	public async set(user: IUser, mode: HoursMode, schedule?: Schedule): Promise<HoursView> {
		await withKeyLock(lockOf(user.id), async () => {
			const now = this.now();
			const record = (await this.store.get(user.id)) ?? fresh(user.id, now);
			await this.arm(user, { ...record, mode, schedule: mode === 'own' ? schedule : undefined, through: now }, now, await this.defaultSchedule());
		});
		return this.view(user);
	}

	/**
	 * The first time the app sees an agent (any status change through it, or `/st hours`): they follow
	 * the admin default, armed at once when there is one. Takes no lock: it writes only a missing record.
	 */
	public async enroll(user: IUser): Promise<void> {
		if (await this.store.get(user.id)) return;
		const now = this.now();
		const fallback = await this.defaultSchedule();
		if (fallback) await this.arm(user, fresh(user.id, now), now, fallback);
		else await this.store.save(fresh(user.id, now));
	}

	/**
	 * The job woke for the boundary it was armed for (`at`; the sandbox runs jobs early, a server may
	 * run them late, so the moment is the later of the two). With the agent's offset and the schedule
	 * as they are now, `apply` gets the boundary that is due (see dueAtWake), then the next one is armed
	 * whatever happened.
	 */
	public async wake<T>(userId: string, gen: number, at: number, apply: (user: IUser, due: Boundary, previous: Boundary, schedule: Schedule) => Promise<T>): Promise<Woken<T> | undefined> {
		return withKeyLock(lockOf(userId), async () => {
			const record = await this.store.get(userId);
			if (!record || record.gen !== gen || !record.next) return undefined;
			const user = await this.a.read.getUserReader().getById(userId);
			if (!user) return undefined;
			const fallback = await this.defaultSchedule();
			const { schedule } = effectiveSchedule(record.mode, record.schedule, fallback);
			const t = Math.max(this.now(), at);
			let woken: Woken<T> | undefined;
			try {
				const due = schedule ? dueAtWake(t, user.utcOffset, schedule, record.next, record.through) : undefined;
				if (due && schedule) woken = { user, due, schedule, result: await apply(user, due, lastBoundary(due.at - 1, user.utcOffset, schedule), schedule) };
			} finally {
				// (the job that woke is this one: it has run, there is nothing to cancel)
				const armed = await this.arm(user, { ...record, through: t, next: undefined }, t, fallback);
				if (woken && armed.next) woken.next = { at: armed.next.at, state: armed.next.state };
			}
			return woken;
		});
	}

	/**
	 * On enable (`scope: 'all'`): every agent's job is armed again for the boundary it was armed for,
	 * at once if that moment passed, so a job the server lost comes back and a missed boundary is
	 * caught up. After the default changed (`scope: 'default'`): its followers get the next boundary
	 * of the new default. At most REARM_PAGE agents per call (an engine call is cut off after 30 s):
	 * returns the last user id handled when more are left, for the next call to start after.
	 */
	public async rearmAll(scope: 'all' | 'default', after = '', since?: number): Promise<{ count: number; more?: string }> {
		const fallback = await this.defaultSchedule();
		const listed = (await this.store.all())
			// on enable: agents with a job, or with hours and (somehow) no job; nobody else is written to
			.filter((r) => r.userId > after && (scope === 'all' ? r.next !== undefined || effectiveSchedule(r.mode, r.schedule, fallback).schedule !== undefined : r.mode === 'default'))
			.sort((x, y) => (x.userId < y.userId ? -1 : 1));
		const page = listed.slice(0, REARM_PAGE);
		for (const { userId } of page) {
			await withKeyLock(lockOf(userId), async () => {
				const record = await this.store.get(userId);
				const user = record ? await this.a.read.getUserReader().getById(userId) : undefined;
				if (!record || !user) return;
				const now = this.now();
				// a new default counts from when it was set (`since`): a boundary that passed while earlier
				// pages ran is caught up at once, never skipped (500 agents starting at one minute: page 3 runs after it)
				const from = Math.min(now, since ?? now);
				if (scope === 'all' && record.next) await this.arm(user, record, now, fallback, record.next);
				else await this.arm(user, { ...record, through: from }, from, fallback);
			});
		}
		return { count: page.length, ...(listed.length > page.length ? { more: page[page.length - 1].userId } : {}) };
	}

	/** Cancels the agent's job and arms one for the next boundary after `from` (or again for `keep`); saves the record. */
	private async arm(user: IUser, record: HoursRecord, from: number, fallback: Schedule | undefined, keep?: Boundary): Promise<HoursRecord> {
		const scheduler = this.a.modify.getScheduler();
		if (record.next?.jobId) await cancelQuietly(scheduler, record.next.jobId);
		const { schedule } = effectiveSchedule(record.mode, record.schedule, fallback);
		const gen = record.gen + 1;
		let next: HoursRecord['next'];
		// a kept boundary was read back (any number may be there), a new one computed: both range-checked
		const boundary = schedule && (keep && plausible(keep, from, true) ? keep : nextBoundary(from, user.utcOffset, schedule));
		if (boundary && plausible(boundary, from, true)) {
			const jobId = await scheduler.scheduleOnce({ id: HOURS_JOB, when: new Date(Math.max(boundary.at, from)), data: { userId: user.id, gen, at: boundary.at } });
			next = { at: boundary.at, state: boundary.state, ...(typeof jobId === 'string' ? { jobId } : {}) };
		}
		const saved: HoursRecord = { ...record, gen, next };
		await this.store.save(saved);
		return saved;
	}
}

/** Asks for the re-arm job now (from onEnable and onSettingUpdated, which have a scheduler but no persistence; and for its next page, with the first page's `since`). */
export async function requestRearm(scheduler: ISchedulerModify, scope: 'all' | 'default', after?: string, since: number = Date.now()): Promise<void> {
	await scheduler.scheduleOnce({ id: HOURS_REARM_JOB, when: new Date(), data: { scope, since, ...(after !== undefined ? { after } : {}) } });
}

/** Agents re-armed per job run; the run after continues where it stopped. */
export const REARM_PAGE = 200;

const lockOf = (userId: string) => `st:hours:${userId}`;

/**
 * A boundary the job may be armed for, seen from `now`: never further ahead than the longest gap
 * between two boundaries (a week) plus a day of offset change; a past one only where the job catches
 * up on a boundary it missed (`pastOk`: it then runs at once).
 */
const plausible = (b: Boundary, now: number, pastOk = false): boolean => withinRange(b.at, now, MAX_BOUNDARY_GAP_MS + DAY_MS, pastOk ? Number.POSITIVE_INFINITY : 0);
const DAY_MS = 24 * 60 * 60_000;
const fresh = (userId: string, now: number): HoursRecord => ({ userId, mode: 'default', gen: 0, through: now });

async function cancelQuietly(scheduler: ISchedulerModify, jobId: string): Promise<void> {
	if (!CANCELLABLE_JOB.test(jobId)) return;
	try {
		await scheduler.cancelJob(jobId);
	} catch {
		// it ran or vanished already; a stale job does nothing anyway (its gen no longer matches)
	}
}
