import type { VendorResult } from '../../vendors/errors';
import type { CustomUserStatus } from '../../vendors/rocketchat';
import type { Want } from '../model/types';
import { findPreset } from './presets';

/** A status as someone asks for it: a presence and text, or a preset by name; either for a while. */
export type WantRequest = { kind: 'set'; presence: Want['presence']; text: string; until?: number } | { kind: 'preset'; name: string; until?: number };

/** A name that is no preset; `presets` is what the look-up read (a failure when the list could not be read). */
export interface UnknownPreset {
	kind: 'unknown_preset';
	name: string;
	presets: VendorResult<CustomUserStatus[]>;
}

/** What choosing a preset asks for: its presence, its name as the status text. */
export const presetWant = (preset: CustomUserStatus, until: { until?: number }): Want => ({ presence: preset.statusType, text: preset.name, ...until });

/** The wanted state of a request; a preset looked up by name (case-insensitive, accents kept). Words for a problem: replies/want.ts. */
export async function resolveWant(request: WantRequest, presets: () => Promise<VendorResult<CustomUserStatus[]>>): Promise<{ ok: true; want: Want } | { ok: false; problem: UnknownPreset }> {
	const until = request.until !== undefined ? { until: request.until } : {};
	if (request.kind === 'set') return { ok: true, want: { presence: request.presence, text: request.text, ...until } };
	const list = await presets();
	const found = list.ok ? findPreset(list.value, request.name) : undefined;
	return found ? { ok: true, want: presetWant(found, until) } : { ok: false, problem: { kind: 'unknown_preset', name: request.name, presets: list } };
}
