import { Composer } from "@mail/core/common/composer";
import { patch } from "@web/core/utils/patch";

patch(Composer.prototype, {
    setup() {
        super.setup(...arguments);
        if (this.env.inFrontendPortalChatter) {
            // Visitors may not browse the partners of the database.
            this.suggestion = undefined;
        }
    },

    get showComposerAvatar() {
        return super.showComposerAvatar || (this.compact && this.props.composer.portalComment);
    },
});
