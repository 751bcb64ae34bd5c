/**
 * Text for UIKit's `plain_text` (a modal's title, a field's label, a button, a field's error under an
 * input, an option): Rocket.Chat shows it as typed, so a markdown mark in it would show as a mark. The
 * catalogues write for chat messages (markdown); a sentence that also lands in a plain field goes
 * through here: `code` becomes “code”, *bold* becomes bold.
 */
export function plainText(text: string): string {
	return text.replace(/`([^`\n]+)`/g, '“$1”').replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,;:!?])/g, '$1$2');
}

/** A `plain_text` object (emoji shortcodes rendered, as Rocket.Chat's own views do). */
export const plain = (text: string) => ({ type: 'plain_text' as const, text: plainText(text), emoji: true });

/** Field errors for `viewErrorResponse`, shown as plain text under their inputs. */
export const plainErrors = (errors: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(errors).map(([block, text]) => [block, plainText(text)]));
