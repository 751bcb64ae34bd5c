import type { ContextualBarSurfaceLayout, MessageSurfaceLayout } from '@rocket.chat/ui-kit';
import type { Locale, Translator } from '../../i18n';
import { plain } from '../../ui/plain';
import { clock, count } from './format';
import { agentText, REPORT_TEXT_AGENTS, reportHeader, type ReportView } from './text';

/**
 * The report as UIKit blocks, valid in a contextual bar and in a message alike (section, context,
 * divider, actions): the header, as-of line, one section per agent (the words of text.ts), and the count of
 * agents left out. Block ids are `st.report.*` (the status feature's prefix).
 */
export const REPORT = { viewPrefix: 'st.report.', csv: 'st.report.csv' } as const;

/** `exportValue` (export-value.ts): with it, an Export CSV button at the end, carrying that value to the press. */
export function reportBlocks(tr: Translator, locale: Locale, appId: string, v: ReportView, exportValue?: string): MessageSurfaceLayout & ContextualBarSurfaceLayout {
	const mrkdwn = (text: string) => ({ type: 'mrkdwn' as const, text });
	const shown = v.agents.slice(0, REPORT_TEXT_AGENTS);
	const rows =
		shown.length === 0
			? [{ type: 'section' as const, appId, blockId: 'st.report.empty', text: mrkdwn(tr('st_report_empty')) }]
			: shown.map((r) => ({ type: 'section' as const, appId, blockId: `st.report.agent.${r.agent.userId}`, text: mrkdwn(agentText(tr, locale, r, v.offsetMs)) }));
	const left = v.agents.length - shown.length;
	return [
		{ type: 'section', appId, blockId: 'st.report.header', text: mrkdwn(reportHeader(tr, locale, v)) },
		{ type: 'context', appId, blockId: 'st.report.as_of', elements: [mrkdwn(tr('st_report_as_of', { time: clock(v.now, v.offsetMs), zone: v.zone }))] },
		{ type: 'divider', appId, blockId: 'st.report.top' },
		...rows,
		...(left > 0 ? [{ type: 'context' as const, appId, blockId: 'st.report.more', elements: [mrkdwn(tr('st_report_more_agents', { count: count(left, locale) }))] }] : []),
		...(exportValue === undefined
			? []
			: [{ type: 'actions' as const, appId, blockId: 'st.report.actions', elements: [{ type: 'button' as const, appId, blockId: 'st.report.actions', actionId: REPORT.csv, value: exportValue, text: plain(tr('st_report_csv_button')) }] }]),
	];
}
