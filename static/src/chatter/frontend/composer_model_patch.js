import { Composer } from "@mail/core/common/composer_model";
import { patch } from "@web/core/utils/patch";

patch(Composer.prototype, {
    setup() {
        super.setup(...arguments);
        // Set on the composer editing a publisher's reply to a review (portal_rating).
        this.portalComment = false;
    },
});
