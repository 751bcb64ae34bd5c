import { checkMessageBlocks, checkSurface, UIKIT_DEFINITIONS } from '../../sandbox/contracts/uikit';

/**
 * The UIKit contract checker (sandbox/contracts/uikit.ts) rejects what Rocket.Chat's ui-kit does
 * not define. The sandbox host runs it over every surface and message the app emits
 * (test/sandbox/uikit-contract.test.ts); here each rule is shown failing on a broken payload.
 */
const APP = 'app-1';
const text = (t: string) => ({ type: 'plain_text', text: t, emoji: true });
const button = (actionId: string) => ({ type: 'button', appId: APP, blockId: 'b.buttons', actionId, text: text(actionId) });
const select = { type: 'static_select', appId: APP, blockId: 'b.pick', actionId: 'value', placeholder: text('Pick'), options: [{ text: text('One'), value: '1' }] };
const modal = (over: Record<string, unknown> = {}) => ({
	type: 'modal.open',
	triggerId: 't1',
	view: {
		appId: APP,
		id: 'v1',
		type: 'modal',
		title: text('Title'),
		submit: button('submit'),
		close: button('close'),
		blocks: [
			{ type: 'section', blockId: 'b.intro', appId: APP, text: { type: 'mrkdwn', text: '*hi*' } },
			{ type: 'input', blockId: 'b.pick', appId: APP, label: text('Pick'), element: select },
		],
		...over,
	},
});
const confirmBlocks = () => [
	{ type: 'section', blockId: 'b.text', appId: APP, text: { type: 'mrkdwn', text: 'Sure?' } },
	{ type: 'actions', blockId: 'b.buttons', appId: APP, elements: [{ ...button('yes'), style: 'danger', value: 'x' }, button('no')] },
];

describe(`UIKit payloads checked against ${UIKIT_DEFINITIONS}`, () => {
	it('accepts a well-formed modal and message', () => {
		expect(checkSurface(modal())).toEqual([]);
		expect(checkMessageBlocks(APP, confirmBlocks())).toEqual([]);
	});

	it('rejects a select without its required placeholder, naming the block', () => {
		const { placeholder: _gone, ...noPlaceholder } = select;
		const problems = checkSurface(modal({ blocks: [{ type: 'input', blockId: 'b.pick', appId: APP, label: text('Pick'), element: noPlaceholder }] }));
		expect(problems).toEqual([expect.stringMatching(/modal\.open "v1": does not match @rocket\.chat\/ui-kit .*block 0 \(input "b\.pick"\)/)]);
	});

	it('rejects a button without the appId/actionId Rocket.Chat routes its click with', () => {
		const { actionId: _gone, ...noAction } = button('yes');
		expect(checkMessageBlocks(APP, [{ type: 'actions', blockId: 'b', appId: APP, elements: [noAction] }])).toEqual([expect.stringContaining('block 0 (actions "b")')]);
		const { appId: _app, ...noApp } = button('close');
		expect(checkSurface(modal({ close: noApp }))).toEqual([expect.stringContaining('field "close"')]);
	});

	it('rejects a text object of an unknown type and a button style ui-kit does not have', () => {
		expect(checkMessageBlocks(APP, [{ type: 'section', blockId: 'b', appId: APP, text: { type: 'markdown', text: 'x' } }])).toHaveLength(1);
		expect(checkMessageBlocks(APP, [{ type: 'actions', blockId: 'b', appId: APP, elements: [{ ...button('y'), style: 'destructive' }] }])).toHaveLength(1);
		expect(checkSurface(modal({ title: 'Title' }))).toEqual([expect.stringContaining('field "title"')]);
	});

	it('rejects a block the surface does not render: an input in a message', () => {
		const problems = checkMessageBlocks(APP, [{ type: 'input', blockId: 'b.pick', appId: APP, label: text('Pick'), element: select }]);
		expect(problems[0]).toMatch(/block 0 \(input "b\.pick"\): not a block Rocket\.Chat renders on a message/);
	});

	it('rejects two inputs that would share one view state key, and an initial value that is no option', () => {
		const input = { type: 'input', blockId: 'b.pick', appId: APP, label: text('Pick'), element: select };
		expect(checkSurface(modal({ blocks: [input, input] }))).toEqual([expect.stringContaining('two inputs share the view state key b.pick → value')]);
		const stale = { ...input, element: { ...select, initialValue: '2' } };
		expect(checkSurface(modal({ blocks: [stale] }))).toEqual([expect.stringContaining('initialValue "2" is none of its options')]);
	});

	it('rejects a surface type ui-kit does not define', () => {
		expect(checkSurface({ type: 'popup.open', view: modal().view })).toEqual([expect.stringContaining('popup.open')]);
	});
});
