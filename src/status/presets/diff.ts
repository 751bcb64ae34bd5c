import { type CallbellCustomStatus, sameCustomStatusName } from '../../vendors/callbell';
import type { CustomUserStatus, Presence } from '../../vendors/rocketchat';

/**
 * Rocket.Chat presets against Callbell custom statuses. Pure. Names match as the status mapping
 * matches them (trimmed, case-insensitive), so a preset and its twin are one status to the app.
 * Rocket.Chat presets have no emoji: a Callbell twin without one is the only emoji difference.
 */

/** The emoji a Callbell twin gets when the app creates it (or fills a missing one), by the preset's presence. */
export const PRESET_EMOJI: Record<Presence, string> = { online: '🟢', away: '🟡', busy: '🔴', offline: '⚪' };

export interface PresetTwinDiff {
	preset: CustomUserStatus;
	callbell: CallbellCustomStatus;
	/** same name apart from case or surrounding spaces */
	name: boolean;
	/** the Callbell status has no emoji */
	emoji: boolean;
}

export interface PresetDiff {
	onlyInRocketChat: CustomUserStatus[];
	onlyInCallbell: CallbellCustomStatus[];
	/** Callbell statuses whose name another Callbell status already has (the first one is the twin) */
	duplicatesInCallbell: CallbellCustomStatus[];
	different: PresetTwinDiff[];
}

export function diffPresets(presets: ReadonlyArray<CustomUserStatus>, callbell: ReadonlyArray<CallbellCustomStatus>): PresetDiff {
	const diff: PresetDiff = { onlyInRocketChat: [], onlyInCallbell: [], duplicatesInCallbell: [], different: [] };
	const firsts: CallbellCustomStatus[] = [];
	for (const s of callbell) {
		if (firsts.some((f) => sameCustomStatusName(f.name, s.name))) diff.duplicatesInCallbell.push(s);
		else firsts.push(s);
	}
	const twinned = new Set<CallbellCustomStatus>();
	for (const preset of presets) {
		const twin = firsts.find((s) => !twinned.has(s) && sameCustomStatusName(s.name, preset.name));
		if (!twin) {
			diff.onlyInRocketChat.push(preset);
			continue;
		}
		twinned.add(twin);
		const name = twin.name !== preset.name;
		const emoji = !twin.emoji;
		if (name || emoji) diff.different.push({ preset, callbell: twin, name, emoji });
	}
	diff.onlyInCallbell = firsts.filter((s) => !twinned.has(s));
	return diff;
}

export const isInSync = (d: PresetDiff): boolean =>
	d.onlyInRocketChat.length === 0 && d.onlyInCallbell.length === 0 && d.duplicatesInCallbell.length === 0 && d.different.length === 0;

/** Whether the Fix button has something to do: it creates what Callbell lacks and corrects twins; it never removes. */
export const isFixable = (d: PresetDiff): boolean => d.onlyInRocketChat.length > 0 || d.different.length > 0;
