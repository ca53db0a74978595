import { Message } from "@mail/core/common/message_model";
import { patch } from "@web/core/utils/patch";

patch(Message.prototype, {
    get canToggleStar() {
        if (this.thread && this.thread.model !== "discuss.channel") {
            return super.canToggleStar && Boolean(this.thread.hasReadAccess);
        }
        return super.canToggleStar;
    },
});
