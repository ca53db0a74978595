import { ListController } from "@web/views/list/list_controller";

/**
 * List of the portal access wizard: runs one row action at a time, and skips the buttons
 * that would only reopen the wizard.
 */
export class PortalWizardUserListController extends ListController {
    setup() {
        super.setup();
        this.isPortalActionOngoing = false;
    }

    /**
     * @override
     */
    async beforeExecuteActionButton(clickParams) {
        if (clickParams.name === "action_refresh_modal" || this.isPortalActionOngoing) {
            return false;
        }
        this.isPortalActionOngoing = true;
        return super.beforeExecuteActionButton(...arguments);
    }

    /**
     * @override
     */
    async afterExecuteActionButton(clickParams) {
        this.isPortalActionOngoing = false;
        return super.afterExecuteActionButton(...arguments);
    }
}
