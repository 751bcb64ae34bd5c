import type { IHttp, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { rocketChatClient } from '../../vendors/clients';
import type { Translator } from '../../i18n';
import { SettingId } from '../../settings';
import { describeFailure } from '../../ui/failures';
import type { VendorFailure } from '../../vendors/errors';
import { checkStatusName, type CustomUserStatus, type Presence, STATUS_TEXT_MAX } from '../../vendors/rocketchat';
import { sameName } from '../model/callbell-map';
import type { StatusStore } from '../model/store';
import { dropRcPresets, rcPresets } from './lists';

export const findPreset = (list: CustomUserStatus[], name: string): CustomUserStatus | undefined => list.find((p) => sameName(p.name, name));

export type PresetAdmin =
	| { kind: 'preset.add' | 'preset.set'; name: string; statusType: Presence }
	| { kind: 'preset.rename'; from: string; to: string }
	| { kind: 'preset.remove'; name: string };

/** What a preset command changed in Rocket.Chat, with the names as Rocket.Chat holds them. */
export type PresetChange =
	| { kind: 'added'; name: string; statusType: Presence }
	| { kind: 'updated'; name: string; statusType: Presence }
	| { kind: 'renamed'; from: string; to: string }
	| { kind: 'removed'; name: string };

/** One line back; `changed` only when Rocket.Chat applied it. */
export interface PresetAdminResult {
	text: string;
	changed?: PresetChange;
}

/** Admin preset commands: name rules checked before the call, Rocket.Chat's errors translated after it. */
export async function presetAdmin(read: IRead, http: IHttp, store: StatusStore, tr: Translator, req: PresetAdmin): Promise<PresetAdminResult> {
	const newName = req.kind === 'preset.rename' ? req.to : req.kind === 'preset.remove' ? undefined : req.name;
	if (newName !== undefined) {
		const check = checkStatusName(newName);
		if (!check.ok) return { text: `${tr(`st_err_name_${check.reason}`, { max: STATUS_TEXT_MAX })}\n${tr('st_err_preset_usage')}` };
	}
	const client = await rocketChatClient(read, http);
	const name = (req.kind === 'preset.rename' ? req.from : req.name).trim();
	const fail = (error: VendorFailure, shownName: string): PresetAdminResult => ({ text: translatePresetError(tr, error, shownName) });

	let existing: CustomUserStatus | undefined;
	if (req.kind !== 'preset.add') {
		const list = await rcPresets(read, http, store, true);
		if (!list.ok) return fail(list.error, name);
		existing = findPreset(list.value, name);
		if (!existing) return { text: tr('st_preset_not_found', { name }) };
	}
	let text: string;
	let changed: PresetChange;
	switch (req.kind) {
		case 'preset.add': {
			const r = await client.createCustomStatus(name, req.statusType);
			if (!r.ok) return fail(r.error, name);
			const added = r.value.confirmed ? r.value.data.name : name;
			text = tr('st_preset_added', { name: added, type: tr(`st_presence_${req.statusType}`) });
			changed = { kind: 'added', name: added, statusType: req.statusType };
			break;
		}
		case 'preset.set': {
			const current = existing as CustomUserStatus;
			const r = await client.updateCustomStatus(current._id, current.name, req.statusType);
			if (!r.ok) return fail(r.error, current.name);
			text = tr('st_preset_updated', { name: current.name, type: tr(`st_presence_${req.statusType}`) });
			changed = { kind: 'updated', name: current.name, statusType: req.statusType };
			break;
		}
		case 'preset.rename': {
			const current = existing as CustomUserStatus;
			const to = req.to.trim();
			const r = await client.updateCustomStatus(current._id, to, current.statusType);
			if (!r.ok) return fail(r.error, to);
			const renamed = r.value.confirmed ? r.value.data.name : to;
			text = tr('st_preset_renamed', { from: current.name, to: renamed });
			changed = { kind: 'renamed', from: current.name, to: renamed };
			break;
		}
		case 'preset.remove': {
			const current = existing as CustomUserStatus;
			const r = await client.deleteCustomStatus(current._id);
			if (!r.ok) return fail(r.error, current.name);
			text = tr('st_preset_removed', { name: current.name });
			changed = { kind: 'removed', name: current.name };
			break;
		}
	}
	await dropRcPresets(store);
	return { text, changed };
}

function translatePresetError(tr: Translator, error: VendorFailure, name: string): string {
	if (error.vendor === 'rocketchat') {
		if (/Name_Already_In_Use|already exists/i.test(error.message)) return tr('st_preset_name_in_use', { name });
		if (error.kind === 'not_found' || /Invalid_User_Status|no custom user status found/i.test(error.message)) return tr('st_preset_not_found', { name });
		if (error.kind === 'invalid') return tr('st_preset_rejected', { message: error.message.replace(/\s*\[[\w-]+\]\s*$/, '') });
		if (error.kind === 'unauthorized') return describeFailure(tr, error, SettingId.RocketChatAdminToken);
	}
	return describeFailure(tr, error, SettingId.RocketChatAdminToken);
}
