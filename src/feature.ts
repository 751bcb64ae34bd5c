import type { Accessors } from './accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppContext } from './context';

/**
 * What a feature (status, leads) hands the App to declare besides its commands and endpoints (which
 * the App lists itself, so features never import them): jobs and UIKit handlers. The UIKit router
 * sends an interaction to the feature whose `uiPrefix` starts its action or view id.
 */
export interface Feature {
	/** Processors run with `this` bound to the App of the current call: write them as `function`, use `contextOf(this)`. */
	processors?(): IProcessor[];
	uiPrefix?: string;
	onBlockAction?(ctx: AppContext, context: UIKitBlockInteractionContext, a: Accessors): Promise<IUIKitResponse>;
	onViewSubmit?(ctx: AppContext, context: UIKitViewSubmitInteractionContext, a: Accessors): Promise<IUIKitResponse>;
	onViewClosed?(ctx: AppContext, context: UIKitViewCloseInteractionContext, a: Accessors): Promise<IUIKitResponse>;
}
