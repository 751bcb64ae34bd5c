import type { IUIKitResponse, UIKitBlockInteractionContext, UIKitViewCloseInteractionContext, UIKitViewSubmitInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import type { AppContext } from '../context';
import type { Accessors } from '../accessors';
import type { Feature } from '../feature';

/** Sends each UIKit interaction to the feature whose prefix starts its action id (buttons) or view id (modals). */
export class UiRouter {
	constructor(private readonly features: Feature[]) {}

	private owner(id: string | undefined): Feature | undefined {
		return this.features.find((f) => f.uiPrefix && id?.startsWith(f.uiPrefix));
	}

	public async blockAction(ctx: AppContext, context: UIKitBlockInteractionContext, a: Accessors): Promise<IUIKitResponse> {
		const data = context.getInteractionData();
		const viewId = data.container?.type === 'view' ? data.container.id : undefined;
		const feature = this.owner(data.actionId) ?? this.owner(viewId);
		return feature?.onBlockAction ? feature.onBlockAction(ctx, context, a) : context.getInteractionResponder().successResponse();
	}

	public async viewSubmit(ctx: AppContext, context: UIKitViewSubmitInteractionContext, a: Accessors): Promise<IUIKitResponse> {
		const feature = this.owner(context.getInteractionData().view.id);
		return feature?.onViewSubmit ? feature.onViewSubmit(ctx, context, a) : context.getInteractionResponder().successResponse();
	}

	public async viewClosed(ctx: AppContext, context: UIKitViewCloseInteractionContext, a: Accessors): Promise<IUIKitResponse> {
		const feature = this.owner(context.getInteractionData().view.id);
		return feature?.onViewClosed ? feature.onViewClosed(ctx, context, a) : context.getInteractionResponder().successResponse();
	}
}
