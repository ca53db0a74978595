import { Store } from "@mail/core/common/store_service";
import { patch } from "@web/core/utils/patch";

patch(Store.prototype, {
    async initialize() {
        // Without discuss, portal pages have no messaging to bootstrap: the chatter gets its
        // data from its own routes.
        if (!this.initMessagingParams?.init_messaging?.channel_types) {
            this.isReady.resolve();
            return;
        }
        return super.initialize(...arguments);
    },
});
