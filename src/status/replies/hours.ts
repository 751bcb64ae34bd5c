import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import type { Translator } from '../../i18n';
import { hhmm } from '../../parse/clock';
import { formatShift, type Schedule, WEEKDAYS } from '../../parse/st-hours';
import type { Boundary } from '../hours/hours';
import { offsetMs } from '../hours/hours';
import type { BoundaryOutcome } from '../hours/boundary';
import type { HoursView, Woken } from '../hours/plan';
import { appliedText, offsetNote, presenceLabel, zoneOf } from './applied';

/** `Tue 09:00 (UTC−3)`: a moment as the agent's clock shows it, with the weekday (boundaries are up to a week ahead). */
export function weekdayClock(tr: Translator, at: number, utcOffset: unknown): string {
	const local = new Date(at + offsetMs(utcOffset));
	if (Number.isNaN(local.getTime())) return '—';
	const day = WEEKDAYS[local.getUTCDay()];
	return `${tr(`st_hours_day_${day}`)} ${hhmm(local.getUTCHours() * 60 + local.getUTCMinutes())} (${zoneOf(utcOffset)})`;
}

const statusAfter = (tr: Translator, b: Boundary, schedule: Schedule): string => presenceLabel(tr, b.state === 'in' ? 'online' : schedule.off);

/** `/st hours`: whose hours, which, and the next change. */
export function hoursViewText(tr: Translator, view: HoursView, user: IUser): string {
	if (view.from === 'off') return tr('st_hours_off');
	if (!view.schedule) return tr('st_hours_none');
	const params = { shift: formatShift(view.schedule), zone: zoneOf(user.utcOffset), off: presenceLabel(tr, view.schedule.off) };
	const lines = [tr(view.from === 'own' ? 'st_hours_own' : 'st_hours_default', params)];
	if (view.next) lines.push(tr('st_hours_next', { time: weekdayClock(tr, view.next.at, user.utcOffset), status: statusAfter(tr, view.next, view.schedule) }));
	return lines.join('\n');
}

/** What the agent is told when a boundary passed (a direct message: a job has no room); with the warning when their offset is no real one. */
export function boundaryNotice(tr: Translator, woken: Woken<BoundaryOutcome>): string {
	const note = offsetNote(tr, woken.user);
	const text = boundaryText(tr, woken);
	return note ? `${text}\n${note}` : text;
}

function boundaryText(tr: Translator, woken: Woken<BoundaryOutcome>): string {
	const { user, due, schedule, result } = woken;
	const started = due.state === 'in';
	switch (result.kind) {
		case 'applied':
			return `${tr(started ? 'st_hours_started' : 'st_hours_ended')}\n${appliedText(tr, result.applied, user)}`;
		case 'kept':
			return tr('st_hours_kept', { time: woken.next ? weekdayClock(tr, woken.next.at, user.utcOffset) : '—' });
		case 'deferred':
			return tr(started ? 'st_hours_deferred_start' : 'st_hours_deferred_end', {
				time: weekdayClock(tr, result.until, user.utcOffset),
				status: statusAfter(tr, due, schedule),
			});
	}
}
