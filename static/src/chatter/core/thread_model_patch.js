import { Thread } from "@mail/core/common/thread_model";
import { patch } from "@web/core/utils/patch";

patch(Thread.prototype, {
    get fetchRouteChatter() {
        // This route also accepts the access token of a shared document.
        return "/mail/chatter_fetch";
    },
});
