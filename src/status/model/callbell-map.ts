import { parseKeyValueLines } from '../../settings';
import { isCallbellUuid } from './maps';
import { type CallbellCustomStatus, type CallbellStatusChange, sameCustomStatusName as sameName } from '../../vendors/callbell';
import type { Presence } from '../../vendors/rocketchat';
import type { Ledger } from './store';

/**
 * Rocket.Chat status → Callbell status. Default: online → `available: true`, anything else
 * `false`; a preset name (or status text) equal to a Callbell custom status name (case-insensitive)
 * sets it, otherwise the custom status is unassigned. `callbell_status_map` overrides per presence or
 * preset: `busy = available:false`, `Lunch = custom:<uuid>`, `Lunch = available:true, custom:none`.
 */

/** What to put in Callbell. `customStatusUuid: undefined` = unknown (the list could not be read): leave it alone. */
export interface Target {
	available: boolean;
	customStatusUuid?: string | null;
}

export interface MapRule {
	available?: boolean;
	custom?: string | null;
}

export function parseStatusMap(text: string): Map<string, MapRule> {
	const rules = new Map<string, MapRule>();
	for (const [key, value] of parseKeyValueLines(text)) {
		const rule: MapRule = {};
		for (const part of value.split(',').map((p) => p.trim())) {
			const m = /^(available|custom)\s*:\s*(.+)$/i.exec(part);
			if (!m) continue;
			const v = m[2].trim();
			if (m[1].toLowerCase() === 'available') rule.available = /^(true|yes|1|on)$/i.test(v);
			else if (/^(none|null|-)$/i.test(v)) rule.custom = null;
			else if (isCallbellUuid(v)) rule.custom = v; // anything else never reaches a request (see maps.ts)
		}
		rules.set(key, rule);
	}
	return rules;
}

export { sameCustomStatusName as sameName } from '../../vendors/callbell';

export function callbellTarget(presence: Presence, name: string, customStatuses: CallbellCustomStatus[] | undefined, rules: Map<string, MapRule>): Target {
	const byName = name.trim() ? rules.get(name.trim().toLowerCase()) : undefined;
	const byPresence = rules.get(presence);
	const available = byName?.available ?? byPresence?.available ?? presence === 'online';
	const custom = byName && byName.custom !== undefined ? byName.custom : byPresence && byPresence.custom !== undefined && !name.trim() ? byPresence.custom : undefined;
	if (custom !== undefined) return { available, customStatusUuid: custom };
	if (!customStatuses) return { available };
	const match = name.trim() ? customStatuses.find((s) => sameName(s.name, name)) : undefined;
	return { available, customStatusUuid: match ? match.id : null };
}

/** The fields that differ from what the app knows Callbell has; `{}` when nothing needs sending. */
export function changeFor(target: Target, ledger: Ledger | undefined): CallbellStatusChange {
	const change: CallbellStatusChange = {};
	if (ledger?.available !== target.available) change.available = target.available;
	if (typeof target.customStatusUuid === 'string') {
		if (ledger?.customStatusUuid !== target.customStatusUuid) change.customStatusUuid = target.customStatusUuid;
	} else if (target.customStatusUuid === null && typeof ledger?.customStatusUuid === 'string') {
		change.customStatusUuid = null;
	}
	return change;
}

/** Every field `target` differs in from any of `states` Callbell may hold: one change that reaches the target from each. */
export const changeFromAny = (target: Target, states: ReadonlyArray<Ledger | undefined>): CallbellStatusChange =>
	states.reduce<CallbellStatusChange>((c, state) => ({ ...c, ...changeFor(target, state) }), {});

export const isEmptyChange = (c: CallbellStatusChange): boolean => c.available === undefined && c.customStatusUuid === undefined;

/** The ledger after `change` was applied. */
export function applied(ledger: Ledger | undefined, change: CallbellStatusChange): Ledger {
	const next: Ledger = { available: ledger?.available, customStatusUuid: ledger?.customStatusUuid };
	if (change.available !== undefined) next.available = change.available;
	if (change.customStatusUuid !== undefined) next.customStatusUuid = change.customStatusUuid;
	return next;
}
