import type { Accessors } from './accessors';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppContext, AppHandle } from './context';

/**
 * What a feature (status, leads) hands the App to declare besides its commands and endpoints (which
 * the App lists itself, so features never import them): jobs and UIKit handlers. The UIKit router
 * sends an interaction to the feature whose `uiPrefix` starts its action or view id.
 */
/** Work the every-minute sweep (src/delivery/jobs.ts) does for a feature, after the outbox's: it must be bounded and cheap when there is nothing to do. */
export type Sweep = (ctx: AppContext, a: Accessors) => Promise<void>;

export interface Feature {
	sweep?: Sweep;
	/** Scheduler processors, each built with `onCall(app, …)`: they reach the app through `app`, never `this` (src/context.ts). */
	processors?(app: AppHandle): IProcessor[];
	uiPrefix?: string;
	onBlockAction?(ctx: AppContext, context: UIKitBlockInteractionContext, a: Accessors): Promise<IUIKitResponse>;
	onViewSubmit?(ctx: AppContext, context: UIKitViewSubmitInteractionContext, a: Accessors): Promise<IUIKitResponse>;
	onViewClosed?(ctx: AppContext, context: UIKitViewCloseInteractionContext, a: Accessors): Promise<IUIKitResponse>;
}
