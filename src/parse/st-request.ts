import type { Presence } from '../vendors/rocketchat';
import type { Locale } from '../i18n';
import type { HoursParseError, HoursRequest } from './st-hours';
import type { ReportParseError, ReportRequest } from './st-report';
import type { StWords } from './st-words';

/** What `/st` can ask for and how it can be wrong: the types every part of the grammar shares. */

export type StPresence = Presence;

/** A change of one agent's status, as `/st @user …` takes it. */
export type StChange = Extract<StRequest, { kind: 'set' | 'preset' | 'clear' }>;

/** Whose board `/st team` shows. */
export type BoardTarget = { kind: 'here' } | { kind: 'room'; name: string } | { kind: 'team'; name: string };

export type StRequest =
	| { kind: 'form' }
	| { kind: 'help' }
	| { kind: 'list' }
	| { kind: 'clear' }
	| { kind: 'link'; uuid: string }
	/** `word`: the agent's own word for the presence (`ocupada`, `invisible`), when it is one of their language's and not the presence's name: replies say it back */
	| { kind: 'set'; presence: StPresence; text: string; until?: number; word?: string }
	| { kind: 'preset'; name: string; until?: number }
	| { kind: 'preset.add' | 'preset.set'; name: string; statusType: StPresence }
	| { kind: 'preset.rename'; from: string; to: string }
	| { kind: 'preset.remove'; name: string }
	| { kind: 'for-user'; username: string; change: StChange }
	| { kind: 'team'; target: BoardTarget }
	| { kind: 'preset.sync' }
	| ReportRequest
	| HoursRequest;

export type StParseError =
	| { code: 'bad_duration'; value: string }
	| { code: 'duration_range' }
	| { code: 'text_too_long'; length: number; max: number }
	| { code: 'link_usage' }
	| { code: 'bad_uuid'; value: string }
	| { code: 'preset_usage' }
	| { code: 'bad_type'; value: string }
	| { code: 'target_usage' }
	| { code: 'team_usage' }
	| ReportParseError
	| HoursParseError;

export type StParse = { ok: true; request: StRequest } | { ok: false; error: StParseError };

export interface StParseOptions {
	/** epoch ms; default Date.now() */
	now?: number;
	/** the agent's offset from UTC in hours (Rocket.Chat's `user.utcOffset`), for `until HH:MM` */
	utcOffset?: number;
	/** the keywords: English and the agent's language (`stWords(locale)`); default English */
	words?: StWords;
	/** the agent's language, for the words only some parts of the grammar read from the catalogues (`/st report`); default English */
	locale?: Locale;
}
