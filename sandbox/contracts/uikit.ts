/**
 * The app's UIKit payloads checked against Rocket.Chat's own published UIKit definitions,
 * `@rocket.chat/ui-kit` 0.37.0 (the ui-kit of Rocket.Chat 7.0–7.10, the app's floor). What it
 * publishes and what is used here:
 *  - typia-generated runtime validators of its TypeScript types: `isModalView`,
 *    `isContextualBarView`, `isView` (block and element types, required fields such as the
 *    `appId`/`blockId`/`actionId` every interactive element carries, text objects, button styles);
 *    `isServerInteraction` for the `modal.open`… envelope the server sends the client;
 *  - each surface's parser (`UiKitParserModal`, `UiKitParserMessage`, …), whose
 *    `allowedLayoutBlockTypes` are the blocks Rocket.Chat renders on that surface (others are
 *    dropped silently);
 *  - the view state shape `{[blockId]: {[actionId]: value}}` of its submit interaction: two inputs
 *    with the same block and action id would overwrite each other's value.
 * ui-kit publishes no size limits (block counts, text lengths); element-declared ones are checked.
 */
import {
	isContextualBarView,
	isModalView,
	isServerInteraction,
	isView,
	UiKitParserContextualBar,
	UiKitParserMessage,
	UiKitParserModal,
} from '@rocket.chat/ui-kit';

export const UIKIT_DEFINITIONS = `@rocket.chat/ui-kit ${(require('@rocket.chat/ui-kit/package.json') as { version: string }).version}`;

type Json = Record<string, unknown>;
type Surface = 'modal' | 'contextual_bar' | 'message';

/** Block types Rocket.Chat renders on a surface, from the surface's own parser in ui-kit. */
function allowedBlocks(parser: abstract new () => unknown): ReadonlySet<string> {
	return (Reflect.construct(parser, []) as { allowedLayoutBlockTypes: Set<string> }).allowedLayoutBlockTypes;
}
const ALLOWED: Record<Surface, ReadonlySet<string>> = {
	modal: allowedBlocks(UiKitParserModal),
	contextual_bar: allowedBlocks(UiKitParserContextualBar),
	message: allowedBlocks(UiKitParserMessage),
};
const VALIDATE: Record<Surface, (view: unknown) => boolean> = {
	modal: isModalView,
	contextual_bar: isContextualBarView,
	message: isView,
};

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const describe = (block: Json, i: number) => `block ${i} (${String(block.type)}${block.blockId ? ` "${String(block.blockId)}"` : ''})`;

/** A minimal view each validator accepts: the stand-in for a field or a block under test. */
function minimalView(surface: Surface): Json {
	return surface === 'message' ? { appId: 'a', blocks: [] } : { appId: 'a', id: 'v', title: { type: 'plain_text', text: 'x' }, blocks: [] };
}

/** Which part of a view the validator refuses: each field, then each block, put alone on a minimal valid view. */
function locate(surface: Surface, view: Json, blocks: Json[]): string[] {
	const validate = VALIDATE[surface];
	const minimal = minimalView(surface);
	const found: string[] = [];
	for (const key of Object.keys({ ...minimal, ...view }).filter((k) => k !== 'blocks')) {
		const alone: Json = { ...minimal, [key]: view[key] };
		if (!(key in view)) delete alone[key];
		if (!validate(alone)) found.push(key in view ? `field "${key}"` : `missing field "${key}"`);
	}
	blocks.forEach((block, i) => {
		if (!validate({ ...minimal, blocks: [block] })) found.push(describe(block, i));
	});
	return found;
}

function stateKeyProblems(blocks: Json[]): string[] {
	const seen = new Set<string>();
	const problems: string[] = [];
	for (const block of blocks.filter((b) => b.type === 'input')) {
		const key = `${String(block.blockId)} → ${String(asObject(block.element).actionId)}`;
		if (seen.has(key)) problems.push(`two inputs share the view state key ${key}`);
		seen.add(key);
	}
	return problems;
}

function elementLimitProblems(blocks: Json[]): string[] {
	const problems: string[] = [];
	for (const block of blocks) {
		const el = asObject(block.element);
		if (typeof el.maxLength === 'number' && typeof el.initialValue === 'string' && el.initialValue.length > el.maxLength) {
			problems.push(`${String(block.blockId)}: initialValue longer than its maxLength ${el.maxLength}`);
		}
		if (Array.isArray(el.options) && el.initialValue !== undefined && !el.options.some((o) => asObject(o).value === el.initialValue)) {
			problems.push(`${String(block.blockId)}: initialValue "${String(el.initialValue)}" is none of its options`);
		}
	}
	return problems;
}

/**
 * Markdown marks in `plain_text` objects (titles, labels, buttons, options): Rocket.Chat shows plain
 * text as typed, so a `code` span or *bold* would show its marks.
 */
function plainTextProblems(node: unknown): string[] {
	if (Array.isArray(node)) return node.flatMap(plainTextProblems);
	const o = asObject(node);
	const own = o.type === 'plain_text' && typeof o.text === 'string' && /`|(^|\s)\*[^*\s][^*]*\*(\s|$)/.test(o.text) ? [`plain_text with markdown marks: "${o.text}"`] : [];
	return [...own, ...Object.values(o).filter((v) => v && typeof v === 'object').flatMap(plainTextProblems)];
}

/** Problems with a block list on a surface, by ui-kit's definitions; [] when it conforms. */
export function checkBlocks(surface: Surface, view: Json): string[] {
	const blocks = Array.isArray(view.blocks) ? (view.blocks as unknown[]).map(asObject) : [];
	const problems: string[] = [];
	if (!Array.isArray(view.blocks)) problems.push('blocks is not an array');
	blocks.forEach((block, i) => {
		if (!ALLOWED[surface].has(String(block.type))) problems.push(`${describe(block, i)}: not a block Rocket.Chat renders on a ${surface}`);
	});
	if (!VALIDATE[surface](view)) {
		const where = locate(surface, view, blocks);
		problems.push(`does not match ${UIKIT_DEFINITIONS}'s ${surface} definition at: ${where.join(', ') || 'the view as a whole'}`);
	}
	return [...problems, ...stateKeyProblems(blocks), ...elementLimitProblems(blocks), ...plainTextProblems({ title: view.title, blocks: view.blocks, submit: view.submit, close: view.close })];
}

/** A surface the app opened (what the UI interaction bridge received: `modal.open` and the view). */
export function checkSurface(record: { type: string; view?: unknown; triggerId?: string }): string[] {
	const view = asObject(record.view);
	const surface: Surface | undefined = record.type.startsWith('modal.') ? 'modal' : record.type.startsWith('contextual_bar.') ? 'contextual_bar' : undefined;
	if (!surface) return [`${record.type}: a surface type ${UIKIT_DEFINITIONS} does not define`];
	const problems = checkBlocks(surface, view);
	const envelope = { type: record.type, triggerId: record.triggerId, appId: view.appId, view };
	if (problems.length === 0 && !isServerInteraction(envelope)) problems.push(`the ${record.type} interaction does not match ${UIKIT_DEFINITIONS}'s ServerInteraction`);
	return problems.map((p) => `${record.type} "${String(view.id)}": ${p}`);
}

/** The blocks of a message the app sent (ephemeral or not). */
export function checkMessageBlocks(appId: string, blocks: unknown[]): string[] {
	return checkBlocks('message', { appId, blocks }).map((p) => `message blocks: ${p}`);
}
